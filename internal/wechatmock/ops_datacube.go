package wechatmock

import (
	"net/http"
	"time"
)

// VisitTrend is one day of getweanalysisappiddailyvisittrend.
type VisitTrend struct {
	SessionCnt, VisitPV, VisitUV, VisitUVNew int64
	StayTimeUV, StayTimeSession, VisitDepth  float64
}

// SetVisitTrend seeds the app's visits on date (YYYY-MM-DD, Beijing). A
// past day left unseeded answers an empty list, one of the two shapes a
// day whose data is not ready may take.
func (s *Server) SetVisitTrend(appID, date string, v VisitTrend) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opsOf(appID).visits[date] = v
}

func (s *Server) handleDailyVisitTrend(w http.ResponseWriter, r *http.Request) {
	appID, ok := s.opsRequest(w, r, http.MethodPost)
	if !ok {
		return
	}
	var req struct {
		BeginDate string `json:"begin_date"`
		EndDate   string `json:"end_date"`
	}
	if !s.decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	data, drift, now := s.opsState(appID)
	day, parseErr := time.ParseInLocation("20060102", req.BeginDate, beijing)
	v, seeded := data.visits[day.Format("2006-01-02")]
	s.mu.Unlock()

	// One day, yesterday at the latest; a malformed date gets the same
	// 61501 (a guess: the docs name no other code).
	if parseErr != nil || req.EndDate != req.BeginDate || !day.Before(beijingDay(now)) {
		s.writeError(w, codeDateRange, "date range error")
		return
	}
	list := []map[string]any{}
	if seeded {
		list = append(list, map[string]any{
			"ref_date": req.BeginDate, "session_cnt": drift.num(v.SessionCnt), "visit_pv": drift.num(v.VisitPV),
			"visit_uv": drift.num(v.VisitUV), "visit_uv_new": drift.num(v.VisitUVNew),
			"stay_time_uv": v.StayTimeUV, "stay_time_session": v.StayTimeSession, "visit_depth": v.VisitDepth,
		})
	}
	if drift.DatacubeNoErrcode {
		writeJSON(w, map[string]any{"list": list})
		return
	}
	s.writeOK(w, drift, map[string]any{"list": list})
}
