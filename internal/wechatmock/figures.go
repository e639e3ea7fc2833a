package wechatmock

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ExampleVersion is the mini program version the examples deploy with
// (their app_version default, and the "v1.4.2" their logs are tagged with).
const ExampleVersion = "1.4.2"

// QuotaDailyLimit is the daily limit the mock gives every API it seeds a
// quota for. WeChat does not document the ops APIs' quotas; getApiQuota
// tells a real account.
const QuotaDailyLimit = 10000

// Figures are what the examples' gates compare, for one mini program.
// Each scenario has its own; the mock command's flags steer them, so that
// a user can push a gate over its threshold and back.
type Figures struct {
	JSErrors       int64    // JS error occurrences of ExampleVersion today (Beijing)
	ErrorLogs      int      // page visits that logged errors in the last 30 minutes, tagged "v"+ExampleVersion
	Visitors       int64    // visitors (visit_uv) yesterday (Beijing)
	QuotaRemain    int64    // calls left today of every API's daily quota
	RequestDomains []string // the request (服务器域名) domains
	LiveVersion    string   // getversioninfo's release_info.release_version
	Audit          Audit    // the latest code audit
}

// Audit is a mini program's latest code audit.
type Audit struct {
	Version string // user_version
	Status  int    // 0 approved, 1 rejected, 2 in review, 3 withdrawn, 4 delayed
	Reason  string // why it was rejected
}

// HealthyFigures pass every gate of the examples: the thresholds are 50 JS
// errors, 3 error logs, 500 visitors, a fifth of the quota, the host
// api-next.example.com and the live version 1.4.2.
func HealthyFigures() Figures {
	return Figures{JSErrors: 7, ErrorLogs: 1, Visitors: 640, QuotaRemain: 9876,
		RequestDomains: []string{"https://api.example.com", "https://api-next.example.com"},
		LiveVersion:    ExampleVersion, Audit: Audit{Version: ExampleVersion}}
}

// UnhealthyFigures trip every gate of the examples, each well past its
// threshold: 1.4.2 is still rolling out over 1.4.1, and its hotfix was
// rejected.
func UnhealthyFigures() Figures {
	return Figures{JSErrors: 240, ErrorLogs: 12, Visitors: 310, QuotaRemain: 37,
		RequestDomains: []string{"https://api.example.com"}, LiveVersion: "1.4.1",
		Audit: Audit{Version: "1.4.3", Status: 1, Reason: "The privacy guide (隐私保护指引) is missing."}}
}

func (f Figures) clone() Figures {
	f.RequestDomains = slices.Clone(f.RequestDomains)
	return f
}

// seedStill seeds what does not move with the clock: domains, quotas,
// versions and the latest audit.
func (f Figures) seedStill(s *Server, appID string, now time.Time) {
	s.SetDomains(appID, Domains{Request: slices.Clone(f.RequestDomains), WSRequest: []string{"wss://ws.example.com"},
		Upload: []string{"https://upload.example.com"}, Download: []string{"https://cdn.example.com"},
		Biz: []string{"https://h5.example.com"}})
	limit := max(QuotaDailyLimit, f.QuotaRemain)
	for _, path := range quotaPaths {
		s.SetQuota(appID, path, Quota{DailyLimit: limit, Used: limit - f.QuotaRemain, Remain: f.QuotaRemain,
			RateLimit: &RateLimit{CallCount: 100, RefreshSecond: 60}})
	}
	released := now.Add(-50 * time.Hour).Unix()
	s.SetVersionInfo(appID, map[string]any{
		"release_info": map[string]any{"release_time": released, "release_version": f.LiveVersion, "release_desc": "Release " + f.LiveVersion},
		"exp_info":     map[string]any{"exp_time": released + 3600, "exp_version": f.Audit.Version, "exp_desc": "Trial " + f.Audit.Version},
	})
	audit := map[string]any{"auditid": 425012, "status": f.Audit.Status,
		"user_version": f.Audit.Version, "user_desc": "Version " + f.Audit.Version, "submit_audit_time": released - 86400}
	if f.Audit.Reason != "" {
		audit["reason"] = f.Audit.Reason
	}
	s.SetLatestAudit(appID, audit)
}

// quotaPaths are the APIs the examples read, whose quota the mock answers.
var quotaPaths = []string{PathJSErrList, PathRealtimeLogSearch, PathDomainInfo, PathDailyVisitTrend, PathAPIQuota,
	PathGrayReleasePlan, PathVersionInfo, PathLatestAuditStatus, PathStableToken}

// seedMoving seeds what is relative to now: today's JS errors, the last
// minutes' logs, the last week's visits.
func (f Figures) seedMoving(s *Server, appID string, now time.Time) {
	today := beijingDay(now)
	s.SetJSErrors(appID, f.jsErrors(today.Format("2006-01-02"))...)
	s.SetRealtimeLogs(appID, f.logs(now)...)
	for back := 1; back <= 7; back++ {
		uv := f.Visitors
		if back > 1 {
			uv = 600 + int64(back)*17 // the days before: an ordinary week
		}
		s.SetVisitTrend(appID, today.AddDate(0, 0, -back).Format("2006-01-02"), VisitTrend{
			SessionCnt: uv * 17 / 10, VisitPV: uv * 14, VisitUV: uv, VisitUVNew: uv / 7,
			StayTimeUV: 86.0586, StayTimeSession: 50.5, VisitDepth: 2.4})
	}
}

// jsErrors splits JSErrors over three errors of ExampleVersion, the worst
// first, and adds an old bug of 1.4.1 that no example's filter matches. A
// version approved and waiting to be released (platform scenarios) gets
// the same errors, so that the release examples' gates on it can be
// pushed over their threshold with the same flag.
func (f Figures) jsErrors(day string) []JSErrorSeed {
	second, third := f.JSErrors*3/10, f.JSErrors/10
	seeds := []JSErrorSeed{{Date: day, AppVersion: "1.4.1", ErrType: 1, Message: "TypeError: order is null",
		Stack: "at onShow (pages/order/order.js:12)", PV: 9, UV: 4}}
	for _, version := range f.gatedVersions() {
		for _, e := range []JSErrorSeed{
			{ErrType: 1, Message: "TypeError: Cannot read property 'price' of undefined", Stack: "at onPay (pages/pay/pay.js:42)", PV: f.JSErrors - second - third},
			{ErrType: 1, Message: "Error: request:fail timeout", Stack: "at request (utils/http.js:18)", PV: second},
			{ErrType: 3, Message: "ReferenceError: wx.getPrivacySetting is not a function", Stack: "at onLoad (pages/index/index.js:7)", PV: third},
		} {
			if e.PV > 0 {
				e.Date, e.AppVersion, e.UV = day, version, (e.PV+2)/3
				e.OpenIDs = []string{"oUser1"}
				seeds = append(seeds, e)
			}
		}
	}
	return seeds
}

// gatedVersions are the versions whose JS errors the examples gate on:
// ExampleVersion, and the version approved and waiting to be released.
func (f Figures) gatedVersions() []string {
	versions := []string{ExampleVersion}
	if w := f.waitingVersion(); w != "" && w != ExampleVersion {
		versions = append(versions, w)
	}
	return versions
}

// waitingVersion is the approved version not yet live, or "".
func (f Figures) waitingVersion() string {
	if f.Audit.Status == 0 && f.Audit.Version != "" && f.Audit.Version != f.LiveVersion {
		return f.Audit.Version
	}
	return ""
}

// logs are ErrorLogs page visits that logged errors, spread over the last
// 28 minutes, and three quieter ones; none before midnight in Beijing,
// since WeChat searches one Beijing day per query.
func (f Figures) logs(now time.Time) []LogEntry {
	midnight := beijingDay(now)
	at := func(ago time.Duration) time.Time { return maxTime(now.Add(-ago).Truncate(time.Second), midnight) }
	entry := func(ago time.Duration, i, level int, url string, text ...string) LogEntry {
		t := at(ago)
		return LogEntry{Time: t, ID: fmt.Sprintf("oUser%d", i), Platform: 1 + i%2, URL: url, FilterMsg: "v" + ExampleVersion,
			TraceID: fmt.Sprintf("trace-%d", i), LibraryVersion: "3.4.0", ClientVersion: "8.0.50",
			Messages: []LogMessage{{Time: t, Level: level, Text: text}}}
	}
	entries := []LogEntry{
		entry(5*time.Minute, 0, 2, "pages/index/index", "launch"),
		entry(12*time.Minute, 0, 4, "pages/index/index", "slow network"),
		entry(45*time.Minute, 0, 2, "pages/index/index", "launch"),
	}
	for i := range f.ErrorLogs {
		ago := time.Minute + time.Duration(i)*27*time.Minute/time.Duration(f.ErrorLogs)
		entries = append(entries, entry(ago, i+1, 8, "pages/pay/pay", "pay failed", "TypeError: Cannot read property 'price' of undefined"))
	}
	return entries
}

func maxTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

// String is the figures in a line, for the mock command's banner.
func (f Figures) String() string {
	audit := map[int]string{0: "approved", 1: "rejected", 2: "in review", 3: "withdrawn", 4: "delayed"}[f.Audit.Status]
	errorsOf := ExampleVersion
	if w := f.waitingVersion(); w != "" && w != ExampleVersion {
		errorsOf += " and of " + w
	}
	return fmt.Sprintf("JS errors of %s today: %d; error logs in the last 30 minutes: %d; visitors yesterday: %d; "+
		"quota left: %d of %d calls a day per API; request domains: %s; live version: %s; latest audit: %s, %s",
		errorsOf, f.JSErrors, f.ErrorLogs, f.Visitors, f.QuotaRemain, max(QuotaDailyLimit, f.QuotaRemain),
		strings.Join(f.RequestDomains, ", "), f.LiveVersion, f.Audit.Version, audit)
}
