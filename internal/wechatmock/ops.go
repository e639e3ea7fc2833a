package wechatmock

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Paths of the ops-center, data-analysis and quota APIs the mock serves.
const (
	PathJSErrList         = "/wxaapi/log/jserr_list"
	PathRealtimeLogSearch = "/wxaapi/userlog/userlog_search"
	PathDomainInfo        = "/wxa/getwxadevinfo"
	PathDailyVisitTrend   = "/datacube/getweanalysisappiddailyvisittrend"
	PathAPIQuota          = "/cgi-bin/openapi/quota/get"
)

// Error codes of these APIs.
const (
	codeDataFormat    = 47001 // the body is not the JSON the API wants
	codeDateRange     = 61501 // datacube: a range, today, or a future day
	codeQuotaBadPath  = 76003
	codeQuotaNotFound = 76021
	codeQuotaNoPerm   = 76022
	// jserr_list's 频率限制 (rate limit): calls came too fast; see JSErrPace.
	codeJSErrRateLimit = 20011
	// userlog_search: "date只能是最近三天的日期，endtime必须大于begintime" (the date
	// must be among the last days served; endtime must be after begintime).
	codeLogDateRange = 200002
	// userlog_search: 无权限 (no permission).
	codeLogNoPermission = 200007
	// userlog_search: 每分钟50次 (at most 50 searches a minute).
	codeLogRateLimit = 200010
)

// Invented error codes. WeChat documents no code for some refusals the mock
// must make; it answers those with codes from 999900000 up, a nine-digit
// range no WeChat error table lists (its longest codes, such as live
// streaming's 9400001, have seven digits), so that whoever meets one knows
// it is the mock's. A run against the real API should record what it sends.
const (
	inventedCodeBase = 999900000
	// codeBadArgument: jserr_list's limit over 30 and malformed fields,
	// userlog_search's malformed or missing numbers and times off date,
	// getwxadevinfo's unknown action.
	codeBadArgument = inventedCodeBase + 1
	// codeWrongComponent: api_get_authorizer_list with a component_appid
	// that is not the token's platform.
	codeWrongComponent = inventedCodeBase + 2
)

// beijing is the zone of WeChat's calendar days (UTC+8, no daylight saving).
var beijing = time.FixedZone("UTC+8", 8*60*60)

// Drift switches the answers to shapes live WeChat has sent, or that the
// docs and SDKs disagree on, so that clients can prove they read them all.
type Drift struct {
	// QuotaNestedInQuota puts rate_limit and component_rate_limit inside
	// quota (one SDK's model) instead of at the top level (the docs').
	QuotaNestedInQuota bool
	// LogMsgAsObject sends userlog msg[].msg as an object, as WeChat has
	// since 2023-07-26, instead of the documented array of strings. The
	// object's shape is undocumented; the mock sends {"0": "…", "1": "…"}.
	LogMsgAsObject bool
	// DatacubeNoErrcode sends a datacube success as {"list":[…]} alone.
	DatacubeNoErrcode bool
	// NumbersAsStrings sends counts ("7") and errcode ("0") as strings.
	NumbersAsStrings bool
	// ExtraKeys adds undocumented keys at every level.
	ExtraKeys bool
	// DomainsOmitEmpty leaves empty domain lists out, as the
	// getserverdomain example leaves out bizdomain.
	DomainsOmitEmpty bool
	// JSErrIgnoresOffset answers every jserr_list page as the first one,
	// as a server that ignores offset would.
	JSErrIgnoresOffset bool
	// JSErrEmptyFrom, when above zero, answers every jserr_list page that
	// starts at or past this offset with no errors, while totalCount still
	// counts them all: pages that end before totalCount.
	JSErrEmptyFrom int
	// LogsOldestFirst sends userlog_search's list oldest first; the order
	// is not documented (the mock's default is newest first).
	LogsOldestFirst bool
	// LogDays, when above zero, is how many days, today included, the
	// search serves: 3 as its error text for 200002 says, where the
	// parameter table (and the mock's default) says 7.
	LogDays int
}

// SetDrift sets the answer shapes of the ops APIs.
func (s *Server) SetDrift(d Drift) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drift = d
}

// SetClock replaces the mock's clock: token lives, and the ops APIs'
// Beijing-day rules ("today", "the last 7 days") follow it.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// opsData is one app's seeded ops data; s.mu guards it.
type opsData struct {
	jsErrors []JSErrorSeed
	logs     []LogEntry
	domains  *Domains
	visits   map[string]VisitTrend // by YYYY-MM-DD
	quotas   map[string]Quota      // by cgi_path
	// recent calls, for the rate rules of ops_rates.go
	jsErrCalls, logCalls callLog
	// logsDenied answers userlog_search with 200007 (no permission).
	logsDenied bool
}

// opsOf returns the app's ops data, creating it; s.mu must be held.
func (s *Server) opsOf(appID string) *opsData {
	s.mustApp(appID)
	if s.ops == nil {
		s.ops = map[string]*opsData{}
	}
	d, ok := s.ops[appID]
	if !ok {
		d = &opsData{visits: map[string]VisitTrend{}, quotas: map[string]Quota{}}
		s.ops[appID] = d
	}
	return d
}

// opsRequest checks method and token like WeChat and returns the token's
// app. When ok is false it has answered the request.
func (s *Server) opsRequest(w http.ResponseWriter, r *http.Request, method string) (appID string, ok bool) {
	if r.Method != method {
		if method == http.MethodGet {
			s.writeError(w, codeRequireGET, "require GET method")
		} else {
			s.writeError(w, codeRequirePOST, "require POST method")
		}
		return "", false
	}
	q := r.URL.Query()
	tok, cloud := q.Get("access_token"), false
	if tok == "" {
		tok, cloud = q.Get("cloudbase_access_token"), true
	}
	if tok == "" {
		s.writeError(w, codeMissingToken, "access_token missing")
		return "", false
	}
	s.mu.Lock()
	appID, code := s.opsTokenOwner(r, tok, cloud)
	s.mu.Unlock()
	switch code {
	case 0:
		return appID, true
	case codeTokenExpired:
		s.writeError(w, code, "access_token expired")
	case codeInvalidCredential:
		s.writeError(w, code, "invalid credential, access_token is invalid or not latest")
	default:
		s.writeCode(w, r, code)
	}
	return "", false
}

// decodeBody reads a JSON body into v; WeChat answers 47001 to anything else.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(v); err != nil {
		s.writeError(w, codeDataFormat, "data format error")
		return false
	}
	return true
}

// writeOK answers a success with the drift's envelope.
func (s *Server) writeOK(w http.ResponseWriter, d Drift, payload map[string]any) {
	payload["errcode"], payload["errmsg"] = d.num(0), "ok"
	if d.ExtraKeys {
		payload["unknown_key_from_the_future"] = map[string]any{"a": []int{1}}
	}
	writeJSON(w, payload)
}

// num renders a number as the drift says.
func (d Drift) num(v int64) any {
	if d.NumbersAsStrings {
		return strconv.FormatInt(v, 10)
	}
	return v
}

// opsState is what a handler needs, read under one lock.
func (s *Server) opsState(appID string) (*opsData, Drift, time.Time) {
	return s.opsOf(appID), s.drift, s.now().In(beijing)
}

// beijingDay is midnight, Beijing time, of t's day there.
func beijingDay(t time.Time) time.Time {
	y, m, d := t.In(beijing).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, beijing)
}

// writeInvented answers one of the mock's invented codes, saying so in errmsg.
func (s *Server) writeInvented(w http.ResponseWriter, code int, msg string) {
	s.writeError(w, code, msg+" (mock: invented code)")
}
