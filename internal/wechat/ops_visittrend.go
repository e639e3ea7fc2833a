package wechat

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// PathDailyVisitTrend is the datacube's daily visit trend.
const PathDailyVisitTrend = "/datacube/getweanalysisappiddailyvisittrend"

// VisitTrendQuery names one Beijing day, which must be over (yesterday at
// the latest; see CheckVisitTrendDate).
type VisitTrendQuery struct {
	Date time.Time
}

// DailyVisitTrend is one day's visits. Nil fields were not in the answer.
type DailyVisitTrend struct {
	RefDate         string // yyyymmdd, as WeChat sent it
	SessionCnt      *int64
	VisitPV         *int64
	VisitUV         *int64
	VisitUVNew      *int64
	StayTimeUV      *float64 // seconds per user
	StayTimeSession *float64 // seconds per session
	VisitDepth      *float64
}

// GetDailyVisitTrend reads one day. It returns nil and no error when
// WeChat has no data for the day yet (an empty list; the data is usually
// ready after 10:00 Beijing time the next day): that is "not known", not
// zero visits.
func (c *Client) GetDailyVisitTrend(ctx context.Context, q VisitTrendQuery) (*DailyVisitTrend, error) {
	day := BeijingDay(q.Date).Format(compactDate)
	body, err := json.Marshal(map[string]string{"begin_date": day, "end_date": day})
	if err != nil {
		return nil, err
	}
	resp, err := callWithToken[visitTrendAnswer](ctx, c, request{method: http.MethodPost, path: PathDailyVisitTrend, body: body})
	if err != nil {
		return nil, err
	}
	return resp.toTrend(day)
}

// visitTrendAnswer: a live success is often just {"list":[…]}, without
// errcode, which the envelope reads as 0.
type visitTrendAnswer struct {
	envelope
	List *[]rawVisitTrend `json:"list"`
}

func (a *visitTrendAnswer) hasPayload() bool { return a.List != nil }

type rawVisitTrend struct {
	RefDate         string    `json:"ref_date"`
	SessionCnt      flexInt   `json:"session_cnt"`
	VisitPV         flexInt   `json:"visit_pv"`
	VisitUV         flexInt   `json:"visit_uv"`
	VisitUVNew      flexInt   `json:"visit_uv_new"`
	StayTimeUV      flexFloat `json:"stay_time_uv"`
	StayTimeSession flexFloat `json:"stay_time_session"`
	VisitDepth      flexFloat `json:"visit_depth"`
}

// toTrend picks the asked day's item; an item for another day would be a
// broken answer, and a gate must not read it as today's.
func (a *visitTrendAnswer) toTrend(day string) (*DailyVisitTrend, error) {
	if a.List == nil {
		return nil, nil
	}
	bad := func(problem string) error { return &BadResponseError{Path: PathDailyVisitTrend, Problem: problem} }
	for _, r := range *a.List {
		if r.RefDate != day && r.RefDate != "" {
			continue
		}
		t := &DailyVisitTrend{RefDate: day, StayTimeUV: floatPtr(r.StayTimeUV),
			StayTimeSession: floatPtr(r.StayTimeSession), VisitDepth: floatPtr(r.VisitDepth)}
		var err error
		for _, f := range []struct {
			name string
			in   flexInt
			out  **int64
		}{{"session_cnt", r.SessionCnt, &t.SessionCnt}, {"visit_pv", r.VisitPV, &t.VisitPV},
			{"visit_uv", r.VisitUV, &t.VisitUV}, {"visit_uv_new", r.VisitUVNew, &t.VisitUVNew}} {
			if *f.out, err = countPtr(f.name, f.in); err != nil {
				return nil, bad(err.Error())
			}
		}
		return t, nil
	}
	if len(*a.List) > 0 {
		return nil, bad("the list holds no item for " + day)
	}
	return nil, nil
}
