package wechatmock

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// LogEntry is one page visit in the real-time log: its log calls and
// where they came from. Its level is the OR of its messages' levels.
type LogEntry struct {
	Time           time.Time
	LibraryVersion string
	ClientVersion  string
	ID             string // openid
	Platform       int    // 1 Android, 2 iOS
	URL            string
	FilterMsg      string
	TraceID        string
	Messages       []LogMessage
}

// LogMessage is one log call: level 2 info, 4 warn, 8 error.
type LogMessage struct {
	Time  time.Time
	Level int
	Text  []string
}

// SetRealtimeLogs replaces the app's real-time log entries.
func (s *Server) SetRealtimeLogs(appID string, entries ...LogEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opsOf(appID).logs = slices.Clone(entries)
}

// DenyRealtimeLogs makes the app's real-time log searches answer 200007
// (无权限, no permission), as for an account or token kind that may not
// read them.
func (s *Server) DenyRealtimeLogs(appID string, denied bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opsOf(appID).logsDenied = denied
}

// logDaysDefault is how many Beijing days, today included, the search serves
// by its parameter table.
const logDaysDefault = 7

// logDefaultLimit is userlog_search's documented default page size.
const logDefaultLimit = 20

type logQuery struct {
	begin, end                  time.Time
	start, limit, level         int
	traceID, url, id, filterMsg string
}

func (s *Server) handleRealtimeLogSearch(w http.ResponseWriter, r *http.Request) {
	appID, ok := s.opsRequest(w, r, http.MethodGet)
	if !ok {
		return
	}
	s.mu.Lock()
	data, drift, now := s.opsState(appID)
	admitted := s.admit(&data.logCalls, logSearchPace)
	entries, denied := slices.Clone(data.logs), data.logsDenied
	s.mu.Unlock()
	switch {
	case !admitted:
		s.writeError(w, codeLogRateLimit, "每分钟50次 (50 searches a minute)")
		return
	case denied:
		s.writeError(w, codeLogNoPermission, "无权限")
		return
	}

	q, code, problem := parseLogQuery(r.URL.Query(), now, drift.logDays())
	switch {
	case code == codeLogDateRange:
		s.writeError(w, code, "date只能是最近三天的日期，endtime必须大于begintime")
		return
	case problem != "":
		s.writeInvented(w, codeBadArgument, problem)
		return
	}
	var hits []LogEntry
	for _, e := range entries {
		if q.matches(e) {
			hits = append(hits, e)
		}
	}
	// Newest first (the console's order), unless the drift says otherwise:
	// the API's order is undocumented.
	slices.SortStableFunc(hits, func(a, b LogEntry) int { return cmp.Compare(b.Time.Unix(), a.Time.Unix()) })
	if drift.LogsOldestFirst {
		slices.Reverse(hits)
	}
	list := []map[string]any{}
	for _, e := range pageOf(hits, q.start, q.limit) {
		list = append(list, e.render(drift))
	}
	s.writeOK(w, drift, map[string]any{"data": map[string]any{"list": list, "total": drift.num(int64(len(hits)))}})
}

// logDays is how many days the search serves under the drift.
func (d Drift) logDays() int {
	if d.LogDays > 0 {
		return d.LogDays
	}
	return logDaysDefault
}

// parseLogQuery applies the documented rules: date within the last days
// served and endtime after begintime (200002), begintime and endtime on
// date (a rule without a documented code: invented, as are malformed
// values). code is 0 when problem is the invented code's.
func parseLogQuery(v url.Values, now time.Time, days int) (q logQuery, code int, problem string) {
	day, err := time.ParseInLocation("20060102", v.Get("date"), beijing)
	if err != nil {
		return logQuery{}, 0, "date must be YYYYMMDD"
	}
	today := beijingDay(now)
	if day.After(today) || day.Before(today.AddDate(0, 0, 1-days)) {
		return logQuery{}, codeLogDateRange, ""
	}
	ints := map[string]int64{"start": 0, "limit": logDefaultLimit, "level": 0}
	for _, key := range []string{"begintime", "endtime", "start", "limit", "level"} {
		raw := v.Get(key)
		if raw == "" && (key == "begintime" || key == "endtime") {
			return logQuery{}, 0, key + " missing"
		}
		if raw == "" {
			continue
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n < 0 {
			return logQuery{}, 0, key + " is not a number"
		}
		ints[key] = n
	}
	q = logQuery{begin: time.Unix(ints["begintime"], 0), end: time.Unix(ints["endtime"], 0),
		start: int(ints["start"]), limit: int(ints["limit"]), level: int(ints["level"]),
		traceID: v.Get("traceId"), url: v.Get("url"), id: v.Get("id"), filterMsg: v.Get("filterMsg")}
	switch {
	case !q.end.After(q.begin):
		return logQuery{}, codeLogDateRange, ""
	case !beijingDay(q.begin).Equal(day) || !beijingDay(q.end).Equal(day):
		return logQuery{}, 0, "begintime and endtime must be on date"
	}
	return q, 0, ""
}

// matches: level means that level and above; filterMsg matches a part of
// the tag (WeChat's console searches it that way; the API's rule is not documented).
func (q logQuery) matches(e LogEntry) bool {
	// WeChat's times are whole seconds, so a log within the query's last
	// second matches.
	at := e.Time.Unix()
	return at >= q.begin.Unix() && at <= q.end.Unix() &&
		(q.traceID == "" || q.traceID == e.TraceID) &&
		(q.url == "" || q.url == e.URL) &&
		(q.id == "" || q.id == e.ID) &&
		(q.filterMsg == "" || strings.Contains(e.FilterMsg, q.filterMsg)) &&
		(q.level == 0 || e.level() >= q.level)
}

func (e LogEntry) level() int {
	l := 0
	for _, m := range e.Messages {
		l |= m.Level
	}
	return l
}

func (e LogEntry) render(d Drift) map[string]any {
	msgs := []map[string]any{}
	for _, m := range e.Messages {
		var text any = m.Text
		if d.LogMsgAsObject {
			obj := map[string]string{}
			for i, t := range m.Text {
				obj[strconv.Itoa(i)] = t
			}
			text = obj
		}
		msgs = append(msgs, map[string]any{"time": d.num(m.Time.Unix()), "msg": text, "level": d.num(int64(m.Level))})
	}
	item := map[string]any{
		"level": d.num(int64(e.level())), "libraryVersion": e.LibraryVersion, "clientVersion": e.ClientVersion,
		"id": e.ID, "timestamp": d.num(e.Time.Unix()), "platform": d.num(int64(e.Platform)), "url": e.URL,
		"filterMsg": e.FilterMsg, "traceid": e.TraceID, "msg": msgs,
	}
	if d.ExtraKeys {
		item["appVersion"] = "not-a-documented-key"
	}
	return item
}
