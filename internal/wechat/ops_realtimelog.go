package wechat

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"
)

// PathRealtimeLogSearch is the ops centre's real-time log search.
const PathRealtimeLogSearch = "/wxaapi/userlog/userlog_search"

// Real-time log levels. A query for one level returns it and the levels
// above; an entry's level is the OR of its messages' levels.
const (
	LogLevelInfo  = 2
	LogLevelWarn  = 4
	LogLevelError = 8
)

// RealtimeLogQuery selects real-time logs. Begin and End must fall on one
// Beijing day among the last RealtimeLogDays (see CheckRealtimeWindow).
type RealtimeLogQuery struct {
	Begin, End time.Time
	Start      int // offset
	Limit      int // page size; 0 leaves WeChat's default (20)
	TraceID    string
	URL        string // page path, e.g. pages/index/index
	ID         string // WeChat ID or OpenID
	FilterMsg  string // the tag the app set with setFilterMsg/addFilterMsg
	Level      int    // 0 for every level, else LogLevel*
}

// RealtimeLogPage is one page of matching log entries, newest first.
type RealtimeLogPage struct {
	// Total counts every matching entry, beyond this page; nil if WeChat sent none.
	Total   *int64
	Entries []RealtimeLogEntry
}

// RealtimeLogEntry is one page visit and the log calls made during it.
type RealtimeLogEntry struct {
	Time           *time.Time
	Level          *int64
	LibraryVersion string
	ClientVersion  string // the WeChat app's version, not the mini program's
	ID             string
	Platform       *int64 // 1 Android, 2 iOS
	URL            string
	FilterMsg      string
	TraceID        string
	Messages       []RealtimeLogMessage
}

// RealtimeLogMessage is one log call.
type RealtimeLogMessage struct {
	Time  *time.Time
	Level *int64
	// Msg is the message as JSON text: documented as an array of strings,
	// an object since 2023-07-26 in some answers, so it is kept verbatim.
	Msg string
}

// SearchRealtimeLogs reads one page of real-time logs.
func (c *Client) SearchRealtimeLogs(ctx context.Context, q RealtimeLogQuery) (*RealtimeLogPage, error) {
	resp, err := callWithToken[realtimeLogAnswer](ctx, c, request{method: http.MethodGet, path: PathRealtimeLogSearch, query: q.values()})
	if err != nil {
		return nil, err
	}
	return resp.toPage()
}

// values puts the query in the URL: the method is GET, whatever the new
// docs page's "Request Payload" heading suggests.
func (q RealtimeLogQuery) values() url.Values {
	begin, end := q.seconds()
	v := url.Values{
		"date":      {BeijingDay(q.Begin).Format(compactDate)},
		"begintime": {strconv.FormatInt(begin, 10)},
		"endtime":   {strconv.FormatInt(end, 10)},
		"start":     {strconv.Itoa(q.Start)},
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	for key, val := range map[string]string{"traceId": q.TraceID, "url": q.URL, "id": q.ID, "filterMsg": q.FilterMsg} {
		if val != "" {
			v.Set(key, val)
		}
	}
	if q.Level != 0 {
		v.Set("level", strconv.Itoa(q.Level))
	}
	return v
}

// seconds are begintime and endtime. WeChat refuses an endtime that is
// not after begintime (200002), so a window within one second is widened
// to a second, within its Beijing day (guarded by
// TestSearchRealtimeLogs_endtimeAfterBegintime).
func (q RealtimeLogQuery) seconds() (begin, end int64) {
	begin, end = q.Begin.Unix(), q.End.Unix()
	if end != begin {
		return begin, end
	}
	if BeijingDay(time.Unix(begin+1, 0)).Equal(BeijingDay(q.Begin)) {
		return begin, begin + 1
	}
	return begin - 1, end // the day's last second
}

type realtimeLogAnswer struct {
	envelope
	Data *struct {
		List  []rawLogEntry `json:"list"`
		Total flexInt       `json:"total"`
	} `json:"data"`
}

func (a *realtimeLogAnswer) hasPayload() bool { return a.Data != nil }

type rawLogEntry struct {
	Level          flexInt  `json:"level"`
	LibraryVersion string   `json:"libraryVersion"`
	ClientVersion  string   `json:"clientVersion"`
	ID             string   `json:"id"`
	Timestamp      flexInt  `json:"timestamp"`
	Platform       flexInt  `json:"platform"`
	URL            string   `json:"url"`
	FilterMsg      string   `json:"filterMsg"`
	TraceID        string   `json:"traceid"`
	Msg            []rawLog `json:"msg"`
}

type rawLog struct {
	Time  flexInt `json:"time"`
	Msg   rawJSON `json:"msg"`
	Level flexInt `json:"level"`
}

func (a *realtimeLogAnswer) toPage() (*RealtimeLogPage, error) {
	bad := func(err error) error { return &BadResponseError{Path: PathRealtimeLogSearch, Problem: err.Error()} }
	p := &RealtimeLogPage{}
	if a.Data == nil {
		return p, nil
	}
	var err error
	if p.Total, err = countPtr("total", a.Data.Total); err != nil {
		return nil, bad(err)
	}
	for _, r := range a.Data.List {
		e := RealtimeLogEntry{Level: intPtr(r.Level), LibraryVersion: Printable(r.LibraryVersion),
			ClientVersion: Printable(r.ClientVersion), ID: Printable(r.ID), Platform: intPtr(r.Platform),
			URL: Printable(r.URL), FilterMsg: Printable(r.FilterMsg), TraceID: Printable(r.TraceID)}
		if e.Time, err = unixTime("timestamp", r.Timestamp); err != nil {
			return nil, bad(err)
		}
		for _, m := range r.Msg {
			msg := RealtimeLogMessage{Level: intPtr(m.Level), Msg: printableJSON(m.Msg.Text)}
			if msg.Time, err = unixTime("msg.time", m.Time); err != nil {
				return nil, bad(err)
			}
			e.Messages = append(e.Messages, msg)
		}
		p.Entries = append(p.Entries, e)
	}
	sortNewestFirst(p.Entries)
	return p, nil
}

// sortNewestFirst orders a page's entries by time, newest first, those
// without a time last: WeChat documents no order (guarded by
// TestSearchRealtimeLogs_entriesNewestFirst).
func sortNewestFirst(entries []RealtimeLogEntry) {
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i].Time, entries[j].Time
		return a != nil && (b == nil || a.After(*b))
	})
}

// LogLevelName names the highest level among an entry's level bits:
// "error", "warn", "info", or "" when none is set.
func LogLevelName(level int64) string {
	switch {
	case level&LogLevelError != 0:
		return "error"
	case level&LogLevelWarn != 0:
		return "warn"
	case level&LogLevelInfo != 0:
		return "info"
	}
	return ""
}

// LogLevels maps level names to the numbers userlog_search takes.
var LogLevels = map[string]int{"info": LogLevelInfo, "warn": LogLevelWarn, "error": LogLevelError}
