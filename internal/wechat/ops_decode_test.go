package wechat

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func p64(v int64) *int64       { return &v }
func pf(v float64) *float64    { return &v }
func pt(unix int64) *time.Time { t := time.Unix(unix, 0).UTC(); return &t }

// decodeOK decodes body as the client would and fails on any error.
func decodeOK[A any, PA answerPtr[A]](t *testing.T, path, body string) PA {
	t.Helper()
	out := PA(new(A))
	if err := decodeAnswer(path, []byte(body), out); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return out
}

func TestJSErrAnswer_drift(t *testing.T) {
	tests := []struct {
		name, body string
		want       *jsErrPage
		payload    bool
	}{
		{"documented, with undocumented success and openid",
			`{"errcode":0,"errmsg":"ok","data":[{"errorMsgMd5":"a1","errorMsg":"x is undefined","errorStackMd5":"b2","errorStack":"at f","uv":3,"pv":7,"uvPercent":"1.1%","pvPercent":"2.5%"}],"totalCount":1,"openid":"","success":true}`,
			&jsErrPage{total: p64(1), errors: []JSError{{MessageMD5: "a1", Message: "x is undefined", StackMD5: "b2", Stack: "at f", PV: p64(7), UV: p64(3), PVPercent: pf(2.5), UVPercent: pf(1.1)}}}, true},
		{"numbers as strings, percentages as numbers",
			`{"errcode":"0","data":[{"uv":"3","pv":"7","uvPercent":1.1,"pvPercent":"0%"}],"totalCount":"31"}`,
			&jsErrPage{total: p64(31), errors: []JSError{{PV: p64(7), UV: p64(3), PVPercent: pf(0), UVPercent: pf(1.1)}}}, true},
		{"empty percentage and missing counts",
			`{"data":[{"errorMsg":"m","uvPercent":""}]}`,
			&jsErrPage{errors: []JSError{{Message: "m"}}}, true},
		{"no data key", `{"errcode":0,"errmsg":"ok","totalCount":0}`, &jsErrPage{total: p64(0)}, false},
		{"empty list", `{"data":[],"totalCount":0}`, &jsErrPage{total: p64(0)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := decodeOK[jsErrAnswer](t, PathJSErrList, tt.body)
			if a.hasPayload() != tt.payload {
				t.Errorf("hasPayload = %v, want %v", a.hasPayload(), tt.payload)
			}
			got, err := a.toPage()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRealtimeLogAnswer_drift(t *testing.T) {
	tests := []struct {
		name, body string
		want       *RealtimeLogPage
		payload    bool
	}{
		{"documented: msg as array of strings",
			`{"errcode":0,"errmsg":"","data":{"list":[{"level":6,"libraryVersion":"2.14.1","clientVersion":"8.0.5","id":"oAbc","timestamp":1700000000,"platform":2,"url":"pages/index/index","filterMsg":"v1.4.2","traceid":"t1","msg":[{"time":1700000001,"msg":["hello", "world"],"level":2}]}],"total":1}}`,
			&RealtimeLogPage{Total: p64(1), Entries: []RealtimeLogEntry{{Time: pt(1700000000), Level: p64(6), LibraryVersion: "2.14.1",
				ClientVersion: "8.0.5", ID: "oAbc", Platform: p64(2), URL: "pages/index/index", FilterMsg: "v1.4.2", TraceID: "t1",
				Messages: []RealtimeLogMessage{{Time: pt(1700000001), Level: p64(2), Msg: `["hello","world"]`}}}}}, true},
		{"msg as an object, numbers as strings",
			`{"data":{"list":[{"level":"8","timestamp":"1700000000","msg":[{"time":"1700000001","msg":{"0":"boom","stack":{"a":1}},"level":"8"}]}],"total":"1"}}`,
			&RealtimeLogPage{Total: p64(1), Entries: []RealtimeLogEntry{{Time: pt(1700000000), Level: p64(8),
				Messages: []RealtimeLogMessage{{Time: pt(1700000001), Level: p64(8), Msg: `{"0":"boom","stack":{"a":1}}`}}}}}, true},
		{"msg as a bare string", `{"data":{"list":[{"msg":[{"msg":"plain"}]}],"total":1}}`,
			&RealtimeLogPage{Total: p64(1), Entries: []RealtimeLogEntry{{Messages: []RealtimeLogMessage{{Msg: `"plain"`}}}}}, true},
		{"list at top level, as one SDK wrongly expects", `{"errcode":0,"list":[{"level":8}],"total":1}`, &RealtimeLogPage{}, false},
		{"empty", `{"errcode":0,"data":{"list":[],"total":0}}`, &RealtimeLogPage{Total: p64(0)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := decodeOK[realtimeLogAnswer](t, PathRealtimeLogSearch, tt.body)
			if a.hasPayload() != tt.payload {
				t.Errorf("hasPayload = %v, want %v", a.hasPayload(), tt.payload)
			}
			got, err := a.toPage()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestDomainAnswer_drift(t *testing.T) {
	tests := []struct {
		name, body string
		want       domainAnswer
		payload    bool
	}{
		{"all lists, unknown ones ignored",
			`{"errcode":0,"errmsg":"ok","requestdomain":["https://api.example.com"],"wsrequestdomain":["wss://ws.example.com"],"uploaddomain":[],"downloaddomain":["https://cdn.example.com"],"udpdomain":["udp://u.example.com"],"bizdomain":["https://h5.example.com"],"tcpdomain":["tcp://t.example.com"]}`,
			domainAnswer{Request: []string{"https://api.example.com"}, WSRequest: []string{"wss://ws.example.com"}, Upload: []string{},
				Download: []string{"https://cdn.example.com"}, UDP: []string{"udp://u.example.com"}, Biz: []string{"https://h5.example.com"}}, true},
		{"getserverdomain shape: no bizdomain", `{"errcode":0,"requestdomain":["https://a.example.com"]}`,
			domainAnswer{Request: []string{"https://a.example.com"}}, true},
		{"no list at all", `{"errcode":0,"errmsg":"ok"}`, domainAnswer{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := decodeOK[domainAnswer](t, PathDomainInfo, tt.body)
			if a.hasPayload() != tt.payload {
				t.Errorf("hasPayload = %v, want %v", a.hasPayload(), tt.payload)
			}
			a.envelope = envelope{}
			if !reflect.DeepEqual(*a, tt.want) {
				t.Errorf("got %+v, want %+v", *a, tt.want)
			}
		})
	}
}

func TestVisitTrendAnswer_drift(t *testing.T) {
	full := &DailyVisitTrend{RefDate: "20210912", SessionCnt: p64(1082), VisitPV: p64(9220), VisitUV: p64(640), VisitUVNew: p64(88),
		StayTimeUV: pf(86.0586), StayTimeSession: pf(50.5), VisitDepth: pf(2.4)}
	tests := []struct {
		name, body string
		want       *DailyVisitTrend
		payload    bool
	}{
		{"live success without errcode",
			`{"list":[{"ref_date":"20210912","session_cnt":1082,"visit_pv":9220,"visit_uv":640,"visit_uv_new":88,"stay_time_uv":86.0586,"stay_time_session":50.5,"visit_depth":2.4}]}`,
			full, true},
		{"documented with errcode, numbers as strings",
			`{"errcode":0,"errmsg":"ok","list":[{"ref_date":"20210912","session_cnt":"1082","visit_pv":"9220","visit_uv":"640","visit_uv_new":"88","stay_time_uv":"86.0586","stay_time_session":"50.5","visit_depth":"2.4"}]}`,
			full, true},
		{"not ready: empty list", `{"list":[]}`, nil, true},
		{"partial item", `{"list":[{"ref_date":"20210912","visit_uv":5}]}`, &DailyVisitTrend{RefDate: "20210912", VisitUV: p64(5)}, true},
		{"no list", `{"errcode":0,"errmsg":"ok"}`, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := decodeOK[visitTrendAnswer](t, PathDailyVisitTrend, tt.body)
			if a.hasPayload() != tt.payload {
				t.Errorf("hasPayload = %v, want %v", a.hasPayload(), tt.payload)
			}
			got, err := a.toTrend("20210912")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestVisitTrendAnswer_otherDayIsAnError(t *testing.T) {
	a := decodeOK[visitTrendAnswer](t, PathDailyVisitTrend, `{"list":[{"ref_date":"20210911","visit_uv":5}]}`)
	if _, err := a.toTrend("20210912"); err == nil || !strings.Contains(err.Error(), "no item for 20210912") {
		t.Fatalf("got %v", err)
	}
}

func TestQuotaAnswer_drift(t *testing.T) {
	rate := &RateLimit{CallCount: p64(4200000), RefreshSecond: p64(60)}
	comp := &RateLimit{CallCount: p64(100), RefreshSecond: p64(1)}
	tests := []struct {
		name, body string
		want       *APIQuota
	}{
		{"rate objects at the top level",
			`{"errcode":0,"errmsg":"ok","quota":{"daily_limit":10000000,"used":100,"remain":9999900},"rate_limit":{"call_count":4200000,"refresh_second":60},"component_rate_limit":{"call_count":100,"refresh_second":1}}`,
			&APIQuota{DailyLimit: p64(10000000), Used: p64(100), Remain: p64(9999900), RateLimit: rate, ComponentRateLimit: comp}},
		{"rate objects inside quota",
			`{"errcode":0,"quota":{"daily_limit":"10000000","used":"100","remain":"9999900","rate_limit":{"call_count":"4200000","refresh_second":"60"},"component_rate_limit":{"call_count":100,"refresh_second":1}}}`,
			&APIQuota{DailyLimit: p64(10000000), Used: p64(100), Remain: p64(9999900), RateLimit: rate, ComponentRateLimit: comp}},
		{"top level wins over quota",
			`{"quota":{"used":1,"rate_limit":{"call_count":1,"refresh_second":1}},"rate_limit":{"call_count":4200000,"refresh_second":60}}`,
			&APIQuota{Used: p64(1), RateLimit: rate}},
		{"quota alone: rates not reported", `{"errcode":0,"quota":{"daily_limit":500,"used":0,"remain":500}}`,
			&APIQuota{DailyLimit: p64(500), Used: p64(0), Remain: p64(500)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := decodeOK[quotaAnswer](t, PathAPIQuota, tt.body)
			if !a.hasPayload() {
				t.Error("hasPayload = false")
			}
			got, err := a.toQuota()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	if a := decodeOK[quotaAnswer](t, PathAPIQuota, `{"errcode":0,"errmsg":"ok"}`); a.hasPayload() {
		t.Error("an answer without quota or rates counts as a payload")
	}
}

func TestOpsAnswers_rejectImpossibleValues(t *testing.T) {
	tests := []struct {
		name, body string
		check      func([]byte) error
	}{
		{"negative pv", `{"data":[{"pv":-1}],"totalCount":1}`, func(b []byte) error {
			var a jsErrAnswer
			if err := decodeAnswer(PathJSErrList, b, &a); err != nil {
				return err
			}
			_, err := a.toPage()
			return err
		}},
		{"percentage not a number", `{"data":[{"pvPercent":"lots"}]}`, func(b []byte) error {
			var a jsErrAnswer
			return errOrNil(decodeAnswer(PathJSErrList, b, &a))
		}},
		{"log time out of range", `{"data":{"list":[{"timestamp":1e15}]}}`, func(b []byte) error {
			var a realtimeLogAnswer
			if err := decodeAnswer(PathRealtimeLogSearch, b, &a); err != nil {
				return err
			}
			_, err := a.toPage()
			return err
		}},
		{"negative visits", `{"list":[{"ref_date":"20210912","visit_uv":-3}]}`, func(b []byte) error {
			var a visitTrendAnswer
			if err := decodeAnswer(PathDailyVisitTrend, b, &a); err != nil {
				return err
			}
			_, err := a.toTrend("20210912")
			return err
		}},
		{"negative remain", `{"quota":{"remain":-5}}`, func(b []byte) error {
			var a quotaAnswer
			if err := decodeAnswer(PathAPIQuota, b, &a); err != nil {
				return err
			}
			_, err := a.toQuota()
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.check([]byte(tt.body)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

// errOrNil keeps a nil *BadResponseError from becoming a non-nil error.
func errOrNil(e *BadResponseError) error {
	if e == nil {
		return nil
	}
	return e
}
