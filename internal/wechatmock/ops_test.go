package wechatmock_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// opsNow is 10:00 on 2026-03-02 in Beijing, 02:00 UTC.
var opsNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("UTC+8", 8*3600))

func startOps(t *testing.T) (*wechatmock.Server, string) {
	t.Helper()
	m, base := start(t)
	m.AddAccessToken(appID, "READY")
	m.SetClock(func() time.Time { return opsNow })
	return m, base
}

// opsCall sends a request with the READY token and returns the raw answer.
func opsCall(t *testing.T, base, method, path string, query url.Values, body string) map[string]any {
	t.Helper()
	if query == nil {
		query = url.Values{}
	}
	query.Set("access_token", "READY")
	req, err := http.NewRequestWithContext(t.Context(), method, base+path+"?"+query.Encode(), strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := testClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return out
}

func errcode(a map[string]any) int {
	switch v := a["errcode"].(type) {
	case float64:
		return int(v)
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return 0
}

// inventedBadArgument is the mock's invented code for a malformed
// argument, from the range no WeChat table lists.
const inventedBadArgument = 999900001

func jsErrBody(edit func(map[string]any)) string {
	b := map[string]any{"appVersion": "0", "errType": "0", "startTime": "2026-03-01", "endTime": "2026-03-02",
		"keyword": "", "openid": "", "orderby": "pv", "desc": "1", "offset": 0, "limit": 30}
	if edit != nil {
		edit(b)
	}
	out, _ := json.Marshal(b)
	return string(out)
}

func seedJSErrors(m *wechatmock.Server) {
	m.SetJSErrors(appID,
		wechatmock.JSErrorSeed{Date: "2026-03-01", AppVersion: "1.4.2", ErrType: 1, Message: "a is undefined", Stack: "at a", PV: 10, UV: 2, OpenIDs: []string{"o1"}},
		wechatmock.JSErrorSeed{Date: "2026-03-02", AppVersion: "1.4.2", ErrType: 1, Message: "a is undefined", Stack: "at a", PV: 5, UV: 1},
		wechatmock.JSErrorSeed{Date: "2026-03-02", AppVersion: "1.4.1", ErrType: 3, Message: "framework boom", Stack: "at wx", PV: 40, UV: 9},
		wechatmock.JSErrorSeed{Date: "2026-02-27", AppVersion: "1.4.2", ErrType: 2, Message: "old plugin", Stack: "at p", PV: 99, UV: 9},
	)
}

func TestJSErrList_filtersSumsAndOrders(t *testing.T) {
	m, base := startOps(t)
	seedJSErrors(m)
	tests := []struct {
		name  string
		edit  func(map[string]any)
		want  []string // errorMsg in order
		total int
	}{
		{"all in the window, by pv descending", nil, []string{"framework boom", "a is undefined"}, 2},
		{"one version, summed over days", func(b map[string]any) { b["appVersion"] = "1.4.2" }, []string{"a is undefined"}, 1},
		{"ascending", func(b map[string]any) { b["desc"] = "2" }, []string{"a is undefined", "framework boom"}, 2},
		{"error type", func(b map[string]any) { b["errType"] = "3" }, []string{"framework boom"}, 1},
		{"keyword in the stack", func(b map[string]any) { b["keyword"] = "at wx" }, []string{"framework boom"}, 1},
		{"openid", func(b map[string]any) { b["openid"] = "o1" }, []string{"a is undefined"}, 1},
		{"wider window", func(b map[string]any) { b["startTime"] = "2026-02-27" }, []string{"old plugin", "framework boom", "a is undefined"}, 3},
		{"second page", func(b map[string]any) { b["offset"], b["limit"] = 1, 1 }, []string{"a is undefined"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := opsCall(t, base, http.MethodPost, wechatmock.PathJSErrList, nil, jsErrBody(tt.edit))
			if errcode(a) != 0 || a["totalCount"] != float64(tt.total) {
				t.Fatalf("answer %v", a)
			}
			var got []string
			for _, it := range list(t, a["data"]) {
				got = append(got, fmt.Sprint(it["errorMsg"]))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	a := opsCall(t, base, http.MethodPost, wechatmock.PathJSErrList, nil, jsErrBody(func(b map[string]any) { b["appVersion"] = "1.4.2" }))
	item := list(t, a["data"])[0]
	if item["pv"] != 15.0 || item["uv"] != 3.0 || item["pvPercent"] != "100%" || len(fmt.Sprint(item["errorMsgMd5"])) != 32 {
		t.Errorf("summed item %v", item)
	}
}

func TestJSErrList_rejects(t *testing.T) {
	_, base := startOps(t)
	for name, edit := range map[string]func(map[string]any){
		"limit over 30":  func(b map[string]any) { b["limit"] = 31 },
		"reversed dates": func(b map[string]any) { b["startTime"] = "2026-03-03" },
		"compact date":   func(b map[string]any) { b["endTime"] = "20260302" },
		"bad desc":       func(b map[string]any) { b["desc"] = "0" },
	} {
		t.Run(name, func(t *testing.T) {
			a := opsCall(t, base, http.MethodPost, wechatmock.PathJSErrList, nil, jsErrBody(edit))
			if errcode(a) != inventedBadArgument || !strings.Contains(fmt.Sprint(a["errmsg"]), "mock: invented code") {
				t.Errorf("answer %v, want the invented %d, marked as invented", a, inventedBadArgument)
			}
		})
	}
	if a := opsCall(t, base, http.MethodGet, wechatmock.PathJSErrList, nil, ""); errcode(a) != 43002 {
		t.Errorf("GET: %v", a)
	}
	if a := opsCall(t, base, http.MethodPost, wechatmock.PathJSErrList, nil, "appVersion=0"); errcode(a) != 47001 {
		t.Errorf("form body: %v", a)
	}
}

func logQuery(begin, end time.Time, extra ...string) url.Values {
	v := url.Values{"date": {begin.Format("20060102")}, "begintime": {strconv.FormatInt(begin.Unix(), 10)},
		"endtime": {strconv.FormatInt(end.Unix(), 10)}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

func TestRealtimeLogSearch_filtersAndPages(t *testing.T) {
	m, base := startOps(t)
	at := func(minutes int) time.Time { return opsNow.Add(time.Duration(minutes) * time.Minute) }
	m.SetRealtimeLogs(appID,
		wechatmock.LogEntry{Time: at(-50), URL: "pages/index/index", FilterMsg: "v1.4.2", TraceID: "t1",
			Messages: []wechatmock.LogMessage{{Time: at(-50), Level: 2, Text: []string{"hi"}}}},
		wechatmock.LogEntry{Time: at(-40), URL: "pages/pay/pay", FilterMsg: "v1.4.2 pay", TraceID: "t2",
			Messages: []wechatmock.LogMessage{{Time: at(-40), Level: 2, Text: []string{"start"}}, {Time: at(-40), Level: 8, Text: []string{"boom", "stack"}}}},
		wechatmock.LogEntry{Time: at(-30), URL: "pages/index/index", FilterMsg: "v1.4.1",
			Messages: []wechatmock.LogMessage{{Time: at(-30), Level: 4, Text: []string{"slow"}}}},
		wechatmock.LogEntry{Time: at(-120), URL: "pages/index/index", Messages: []wechatmock.LogMessage{{Level: 8}}},
	)
	hour := func(extra ...string) url.Values { return logQuery(at(-60), at(0), extra...) }
	tests := []struct {
		name  string
		q     url.Values
		urls  string
		total int
	}{
		{"the last hour, newest first", hour(), "pages/index/index|pages/pay/pay|pages/index/index", 3},
		{"error and above", hour("level", "8"), "pages/pay/pay", 1},
		{"warn and above", hour("level", "4"), "pages/index/index|pages/pay/pay", 2},
		{"filterMsg part", hour("filterMsg", "v1.4.2"), "pages/pay/pay|pages/index/index", 2},
		{"url", hour("url", "pages/pay/pay"), "pages/pay/pay", 1},
		{"traceId", hour("traceId", "t1"), "pages/index/index", 1},
		{"page two of size two", hour("start", "2", "limit", "2"), "pages/index/index", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := opsCall(t, base, http.MethodGet, wechatmock.PathRealtimeLogSearch, tt.q, "")
			data, _ := a["data"].(map[string]any)
			if errcode(a) != 0 || data == nil || data["total"] != float64(tt.total) {
				t.Fatalf("answer %v", a)
			}
			var urls []string
			for _, it := range list(t, data["list"]) {
				urls = append(urls, fmt.Sprint(it["url"]))
			}
			if strings.Join(urls, "|") != tt.urls {
				t.Errorf("got %q, want %q", urls, tt.urls)
			}
		})
	}
	a := opsCall(t, base, http.MethodGet, wechatmock.PathRealtimeLogSearch, hour("level", "8"), "")
	item := list(t, obj(t, a["data"])["list"])[0]
	if item["level"] != 10.0 || item["traceid"] != "t2" {
		t.Errorf("entry %v: want level 10 (info|error) and traceid", item)
	}
	m.SetDrift(wechatmock.Drift{LogMsgAsObject: true})
	a = opsCall(t, base, http.MethodGet, wechatmock.PathRealtimeLogSearch, hour("level", "8"), "")
	msg := list(t, list(t, obj(t, a["data"])["list"])[0]["msg"])[1]["msg"]
	if obj, ok := msg.(map[string]any); !ok || obj["1"] != "stack" {
		t.Errorf("msg as object: %v", msg)
	}
}

func TestRealtimeLogSearch_dateRules(t *testing.T) {
	_, base := startOps(t)
	day := func(d int, h int) time.Time { return opsNow.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour) }
	tests := []struct {
		name string
		q    url.Values
		want int
	}{
		{"6 days back", logQuery(day(-6, 0), day(-6, 1)), 0},
		{"7 days back", logQuery(day(-7, 0), day(-7, 1)), 200002},
		{"tomorrow", logQuery(day(1, 0), day(1, 1)), 200002},
		{"across Beijing midnight", logQuery(day(-1, 0), day(-1, 14)), inventedBadArgument}, // 10:00 to 24:00
		{"endtime before begintime", logQuery(day(0, -1), day(0, -2)), 200002},
		{"endtime equal to begintime", logQuery(day(0, -1), day(0, -1)), 200002},
		{"missing endtime", url.Values{"date": {"20260302"}, "begintime": {"1772416800"}}, inventedBadArgument},
		{"date not compact", url.Values{"date": {"2026-03-02"}, "begintime": {"1"}, "endtime": {"2"}}, inventedBadArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a := opsCall(t, base, http.MethodGet, wechatmock.PathRealtimeLogSearch, tt.q, ""); errcode(a) != tt.want {
				t.Errorf("answer %v, want errcode %d", a, tt.want)
			}
		})
	}
	if a := opsCall(t, base, http.MethodPost, wechatmock.PathRealtimeLogSearch, logQuery(opsNow, opsNow), ""); errcode(a) != 43001 {
		t.Errorf("POST: %v", a)
	}
}

func TestDomainInfo_actions(t *testing.T) {
	m, base := startOps(t)
	m.SetDomains(appID, wechatmock.Domains{Request: []string{"https://api.example.com"}, Biz: []string{"https://h5.example.com"}})
	all := opsCall(t, base, http.MethodPost, wechatmock.PathDomainInfo, nil, `{}`)
	if fmt.Sprint(all["requestdomain"]) != "[https://api.example.com]" || fmt.Sprint(all["bizdomain"]) != "[https://h5.example.com]" || all["udpdomain"] == nil {
		t.Errorf("all: %v", all)
	}
	server := opsCall(t, base, http.MethodPost, wechatmock.PathDomainInfo, nil, `{"action":"getserverdomain"}`)
	if _, has := server["bizdomain"]; has || server["requestdomain"] == nil {
		t.Errorf("getserverdomain: %v", server)
	}
	biz := opsCall(t, base, http.MethodPost, wechatmock.PathDomainInfo, nil, `{"action":"getbizdomain"}`)
	if _, has := biz["requestdomain"]; has || biz["bizdomain"] == nil {
		t.Errorf("getbizdomain: %v", biz)
	}
	m.SetDrift(wechatmock.Drift{DomainsOmitEmpty: true})
	if a := opsCall(t, base, http.MethodPost, wechatmock.PathDomainInfo, nil, `{}`); a["udpdomain"] != nil {
		t.Errorf("empty lists omitted: %v", a)
	}
}

func TestDailyVisitTrend_dateRules(t *testing.T) {
	m, base := startOps(t)
	m.SetVisitTrend(appID, "2026-03-01", wechatmock.VisitTrend{VisitUV: 640, StayTimeUV: 86.0586})
	body := func(b, e string) string { return `{"begin_date":"` + b + `","end_date":"` + e + `"}` }
	tests := []struct {
		name, body string
		want       int
		items      int
	}{
		{"yesterday", body("20260301", "20260301"), 0, 1},
		{"an unseeded past day: not ready, empty list", body("20260228", "20260228"), 0, 0},
		{"today", body("20260302", "20260302"), 61501, 0},
		{"tomorrow", body("20260303", "20260303"), 61501, 0},
		{"a range", body("20260228", "20260301"), 61501, 0},
		{"dashed date", body("2026-03-01", "2026-03-01"), 61501, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := opsCall(t, base, http.MethodPost, wechatmock.PathDailyVisitTrend, nil, tt.body)
			if errcode(a) != tt.want {
				t.Fatalf("answer %v, want errcode %d", a, tt.want)
			}
			if tt.want == 0 && len(list(t, a["list"])) != tt.items {
				t.Errorf("list %v, want %d items", a["list"], tt.items)
			}
		})
	}
	m.SetDrift(wechatmock.Drift{DatacubeNoErrcode: true})
	a := opsCall(t, base, http.MethodPost, wechatmock.PathDailyVisitTrend, nil, body("20260301", "20260301"))
	if _, has := a["errcode"]; has || list(t, a["list"])[0]["visit_uv"] != 640.0 {
		t.Errorf("no-errcode success: %v", a)
	}
}

func TestDailyVisitTrend_beijingMidnight(t *testing.T) {
	m, base := startOps(t)
	// 23:59 on 2026-03-01 in Beijing: 2026-03-01 is not over yet.
	m.SetClock(func() time.Time { return time.Date(2026, 3, 1, 15, 59, 0, 0, time.UTC) })
	if a := opsCall(t, base, http.MethodPost, wechatmock.PathDailyVisitTrend, nil, `{"begin_date":"20260301","end_date":"20260301"}`); errcode(a) != 61501 {
		t.Errorf("before Beijing midnight: %v", a)
	}
	m.SetClock(func() time.Time { return time.Date(2026, 3, 1, 16, 0, 0, 0, time.UTC) })
	if a := opsCall(t, base, http.MethodPost, wechatmock.PathDailyVisitTrend, nil, `{"begin_date":"20260301","end_date":"20260301"}`); errcode(a) != 0 {
		t.Errorf("after Beijing midnight: %v", a)
	}
}

func TestAPIQuota_codesAndNesting(t *testing.T) {
	m, base := startOps(t)
	m.SetQuota(appID, "/wxaapi/log/jserr_list", wechatmock.Quota{DailyLimit: 500, Used: 10, Remain: 490,
		RateLimit: &wechatmock.RateLimit{CallCount: 100, RefreshSecond: 60}})
	for _, tt := range []struct {
		path string
		want int
	}{
		{"/wxaapi/log/jserr_list", 0},
		{"wxaapi/log/jserr_list", 76003},
		{"https://api.weixin.qq.com/wxaapi/log/jserr_list", 76003},
		{"/sns/jscode2session", 76022},
		{"/wxa/unknown", 76021},
	} {
		if a := opsCall(t, base, http.MethodPost, wechatmock.PathAPIQuota, nil, `{"cgi_path":"`+tt.path+`"}`); errcode(a) != tt.want {
			t.Errorf("%s: %v, want errcode %d", tt.path, a, tt.want)
		}
	}
	top := opsCall(t, base, http.MethodPost, wechatmock.PathAPIQuota, nil, `{"cgi_path":"/wxaapi/log/jserr_list"}`)
	if top["rate_limit"] == nil || top["component_rate_limit"] != nil {
		t.Errorf("top-level rates: %v", top)
	}
	m.SetDrift(wechatmock.Drift{QuotaNestedInQuota: true, NumbersAsStrings: true})
	nested := opsCall(t, base, http.MethodPost, wechatmock.PathAPIQuota, nil, `{"cgi_path":"/wxaapi/log/jserr_list"}`)
	quota := obj(t, nested["quota"])
	if nested["rate_limit"] != nil || quota["rate_limit"] == nil || quota["remain"] != "490" || nested["errcode"] != "0" {
		t.Errorf("nested rates, numbers as strings: %v", nested)
	}
}

func TestOps_tokenChecks(t *testing.T) {
	_, base := startOps(t)
	for _, path := range []string{wechatmock.PathJSErrList, wechatmock.PathDomainInfo, wechatmock.PathDailyVisitTrend, wechatmock.PathAPIQuota} {
		if a := call(t, http.MethodPost, base+path+"?access_token=made-up", "application/json", `{}`); a.ErrCode != 40001 {
			t.Errorf("%s with a made-up token: %+v", path, a)
		}
		if a := call(t, http.MethodPost, base+path, "application/json", `{}`); a.ErrCode != 41001 {
			t.Errorf("%s without token: %+v", path, a)
		}
	}
	if a := call(t, http.MethodGet, base+wechatmock.PathRealtimeLogSearch+"?access_token=made-up", "", ""); a.ErrCode != 40001 {
		t.Errorf("userlog with a made-up token: %+v", a)
	}
}

// WeChat's times are whole seconds: a log half a second into the query's
// last second is in the window.
func TestRealtimeLogSearch_lastSecondCounts(t *testing.T) {
	m, base := startOps(t)
	m.SetRealtimeLogs(appID, wechatmock.LogEntry{Time: opsNow.Add(500 * time.Millisecond),
		Messages: []wechatmock.LogMessage{{Level: 8}}})
	a := opsCall(t, base, http.MethodGet, wechatmock.PathRealtimeLogSearch, logQuery(opsNow.Add(-time.Minute), opsNow), "")
	if data, _ := a["data"].(map[string]any); data == nil || data["total"] != 1.0 {
		t.Errorf("answer %v, want the log counted", a)
	}
}

// list reads a JSON array of objects from a decoded answer.
func list(t *testing.T, v any) []map[string]any {
	t.Helper()
	items, ok := v.([]any)
	if !ok {
		t.Fatalf("%v is not a list", v)
	}
	out := make([]map[string]any, len(items))
	for i, it := range items {
		if out[i], ok = it.(map[string]any); !ok {
			t.Fatalf("item %d, %v, is not an object", i, it)
		}
	}
	return out
}

// obj reads a JSON object from a decoded answer.
func obj(t *testing.T, v any) map[string]any {
	t.Helper()
	o, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%v is not an object", v)
	}
	return o
}

func TestJSErrList_pagingDrift(t *testing.T) {
	m, base := startOps(t)
	var seeds []wechatmock.JSErrorSeed
	for i := range 5 {
		seeds = append(seeds, wechatmock.JSErrorSeed{Date: "2026-03-02", Message: fmt.Sprintf("e%d", i), PV: int64(10 - i)})
	}
	m.SetJSErrors(appID, seeds...)
	page := func(offset int) string {
		a := opsCall(t, base, http.MethodPost, wechatmock.PathJSErrList, nil, jsErrBody(func(b map[string]any) { b["offset"], b["limit"] = offset, 2 }))
		if a["totalCount"] != 5.0 {
			t.Fatalf("answer %v, want totalCount 5", a)
		}
		var got []string
		for _, it := range list(t, a["data"]) {
			got = append(got, fmt.Sprint(it["errorMsg"]))
		}
		return strings.Join(got, " ")
	}
	if got := page(2); got != "e2 e3" {
		t.Errorf("page at 2: %q", got)
	}
	m.SetDrift(wechatmock.Drift{JSErrIgnoresOffset: true})
	if got := page(2); got != "e0 e1" {
		t.Errorf("ignoring offset, page at 2: %q, want the first page again", got)
	}
	m.SetDrift(wechatmock.Drift{JSErrEmptyFrom: 2})
	if first, second := page(0), page(2); first != "e0 e1" || second != "" {
		t.Errorf("empty from 2: pages %q and %q, want the first and nothing", first, second)
	}
}

// The invented pace rule refuses calls that come too fast with 20011, and
// lets through calls that keep to it.
func TestJSErrList_pace(t *testing.T) {
	m, base := startOps(t)
	m.SetJSErrPace(wechatmock.Pace{Calls: 3, Per: time.Hour})
	for i := range 4 {
		a := opsCall(t, base, http.MethodPost, wechatmock.PathJSErrList, nil, jsErrBody(nil))
		if want := map[bool]int{true: 20011, false: 0}[i == 3]; errcode(a) != want {
			t.Errorf("call %d: %v, want errcode %d", i+1, a, want)
		}
	}
	if n := m.RateLimited(); n != 1 {
		t.Errorf("%d calls counted as rate limited, want 1", n)
	}
	m.SetJSErrPace(wechatmock.Pace{Calls: 1, Per: 50 * time.Millisecond})
	for i := range 3 {
		time.Sleep(60 * time.Millisecond)
		if a := opsCall(t, base, http.MethodPost, wechatmock.PathJSErrList, nil, jsErrBody(nil)); errcode(a) != 0 {
			t.Errorf("paced call %d: %v", i+1, a)
		}
	}
}

func TestRealtimeLogSearch_documentedLimits(t *testing.T) {
	m, base := startOps(t)
	day := func(d int, h int) time.Time { return opsNow.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour) }
	m.SetDrift(wechatmock.Drift{LogDays: 3})
	for _, tt := range []struct {
		back, want int
	}{{2, 0}, {3, 200002}, {6, 200002}} {
		a := opsCall(t, base, http.MethodGet, wechatmock.PathRealtimeLogSearch, logQuery(day(-tt.back, -1), day(-tt.back, 0)), "")
		if errcode(a) != tt.want {
			t.Errorf("serving 3 days, %d days back: %v, want errcode %d", tt.back, a, tt.want)
		}
	}
	// Every search counts, refused ones too: a fresh app's minute.
	_, base = startOps(t)
	for i := range 51 {
		a := opsCall(t, base, http.MethodGet, wechatmock.PathRealtimeLogSearch, logQuery(day(0, -1), day(0, 0)), "")
		if want := map[bool]int{true: 200010, false: 0}[i == 50]; errcode(a) != want {
			t.Fatalf("search %d: %v, want errcode %d", i+1, a, want)
		}
	}
}

func TestRealtimeLogSearch_denied(t *testing.T) {
	m, base := startOps(t)
	m.DenyRealtimeLogs(appID, true)
	if a := opsCall(t, base, http.MethodGet, wechatmock.PathRealtimeLogSearch, logQuery(opsNow.Add(-time.Hour), opsNow), ""); errcode(a) != 200007 {
		t.Errorf("denied: %v, want 200007", a)
	}
	m.DenyRealtimeLogs(appID, false)
	if a := opsCall(t, base, http.MethodGet, wechatmock.PathRealtimeLogSearch, logQuery(opsNow.Add(-time.Hour), opsNow), ""); errcode(a) != 0 {
		t.Errorf("allowed again: %v", a)
	}
}

func TestRealtimeLogSearch_oldestFirst(t *testing.T) {
	m, base := startOps(t)
	at := func(minutes int) time.Time { return opsNow.Add(time.Duration(minutes) * time.Minute) }
	m.SetRealtimeLogs(appID, wechatmock.LogEntry{Time: at(-50), URL: "a"}, wechatmock.LogEntry{Time: at(-10), URL: "b"})
	m.SetDrift(wechatmock.Drift{LogsOldestFirst: true})
	a := opsCall(t, base, http.MethodGet, wechatmock.PathRealtimeLogSearch, logQuery(at(-60), at(0)), "")
	var urls []string
	for _, it := range list(t, obj(t, a["data"])["list"]) {
		urls = append(urls, fmt.Sprint(it["url"]))
	}
	if strings.Join(urls, " ") != "a b" {
		t.Errorf("oldest first gave %q", urls)
	}
}
