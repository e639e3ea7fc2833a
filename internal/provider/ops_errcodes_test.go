package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// The ops APIs' own errcodes, from their current error tables, each worded
// for what it means, through the CLI.
func TestOpsErrcodes_throughTheCLI(t *testing.T) {
	t.Parallel()
	jsErrors := "data \"wechat_js_errors\" \"app\" {}\n"
	logs := "data \"wechat_realtime_logs\" \"app\" {}\n"
	tests := []struct {
		name   string
		path   string
		faults []wechatmock.Fault
		config string
		want   []string // phrases of the error; none means success
	}{
		{"200007, no permission", wechat.PathRealtimeLogSearch, nil, logs,
			[]string{"WeChat refused the log search: no permission", "kind of token", "permission set 18", "errcode: 200007"}},
		{"200010 once, waited out", wechat.PathRealtimeLogSearch, []wechatmock.Fault{{ErrCode: 200010}}, logs, nil},
		{"200010 twice", wechat.PathRealtimeLogSearch, []wechatmock.Fault{{ErrCode: 200010}, {ErrCode: 200010}}, logs,
			[]string{"limit of 50 log searches a minute is reached", "waited once", "errcode: 200010"}},
		{"20011 once, waited out", wechat.PathJSErrList, []wechatmock.Fault{{ErrCode: 20011}}, jsErrors, nil},
		{"20011 twice", wechat.PathJSErrList, []wechatmock.Fault{{ErrCode: 20011}, {ErrCode: 20011}}, jsErrors,
			[]string{"rate limit for reading JS errors is reached", "waited once", "errcode: 20011"}},
		{"61501 on the visit trend", wechat.PathDailyVisitTrend, []wechatmock.Fault{{ErrCode: 61501, ErrMsg: "date range error"}},
			"data \"wechat_visit_trend\" \"app\" {}\n", []string{"WeChat refused the date range", "one day per query", "errcode: 61501"}},
		{"76021 on a path the user wrote right", wechat.PathAPIQuota, []wechatmock.Fault{{ErrCode: 76021, ErrMsg: "cgi_path not found, please check"}},
			"data \"wechat_api_quota\" \"app\" {\n  cgi_path = \"/wxaapi/log/jserr_list\"\n}\n",
			[]string{"WeChat does not know this cgi_path", "keeps no quota for the cgi_path asked for", "errcode: 76021"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, url := newOpsMock(t)
			m.DenyRealtimeLogs(testAppID, tt.faults == nil)
			step := resource.TestStep{
				PreConfig: func() { m.InjectFaults(tt.path, tt.faults...) },
				Config:    providerConfig(url) + tt.config,
			}
			if tt.want != nil {
				step.ExpectError = errorPattern(tt.want...)
			}
			unitTest(t, resource.TestCase{ProtoV6ProviderFactories: opsFactories(opsNow), Steps: []resource.TestStep{step}})
			if n := m.PendingFaults(tt.path); n != 0 {
				t.Errorf("%d faults never served", n)
			}
		})
	}
}

// WeChat's error text for 200002 says three days, its parameter table
// seven: a day 3 to 6 days back is asked for, not refused at plan time, and
// WeChat's refusal is explained.
func TestRealtimeLogs_dayRefusedByWeChatIsExplained(t *testing.T) {
	t.Parallel()
	m, url := newOpsMock(t)
	m.SetDrift(wechatmock.Drift{LogDays: 3})
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: opsFactories(opsNow),
		Steps: []resource.TestStep{{
			Config: logsConfig(url, `begin_time = "2026-02-25T09:00:00+08:00"
  end_time = "2026-02-25T10:00:00+08:00"`),
			ExpectError: errorPattern("WeChat refused the day or window of the log search", "not among those it serves",
				"end_time is not after begin_time", "parameter table says the last 7 days", "error text says the last three",
				"search a more recent day", "errcode: 200002"),
		}},
	})
	if n := m.Calls(wechat.PathRealtimeLogSearch); n == 0 {
		t.Error("a day 5 days back was refused before WeChat was asked")
	}
}

// A window of one instant (begin_time equal to end_time) is sent with
// endtime after begintime, as WeChat requires, and finds what logged then;
// entries come newest first whatever order WeChat sends.
func TestRealtimeLogs_instantWindowAndOrder(t *testing.T) {
	t.Parallel()
	m, url := newOpsMock(t)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: opsFactories(opsNow),
		Steps: []resource.TestStep{{
			Config: logsConfig(url, `begin_time = "2026-03-02T09:40:00+08:00"
  end_time = "2026-03-02T09:40:00+08:00"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAt(logsAddr, "total", knownvalue.Int64Exact(1)),
				expectNested(logsAddr, entry(0, "trace_id"), knownvalue.StringExact("trace-1")),
			},
		}, {
			PreConfig: func() { m.SetDrift(wechatmock.Drift{LogsOldestFirst: true}) },
			Config:    logsConfig(url, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectNested(logsAddr, entry(0, "trace_id"), knownvalue.StringExact("trace-2")),
				expectNested(logsAddr, entry(1, "trace_id"), knownvalue.StringExact("trace-1")),
			},
		}},
	})
}

// Each ops errcode's advice, without a CLI; 76021's names no example path,
// which could be the very one the user wrote.
func TestOpsErrcodes_wording(t *testing.T) {
	d := callDiagnostic(&wechat.APIError{Path: wechat.PathAPIQuota, Code: 76021, Message: "cgi_path not found, please check"}, "")
	if strings.Contains(d.Detail(), "/wxaapi/") || strings.Contains(d.Detail(), "such as /") {
		t.Errorf("76021 suggests a path:\n%s", d.Detail())
	}
	for code, summary := range map[int64]string{
		200002: "WeChat refused the day or window of the log search",
		200007: "WeChat refused the log search: no permission",
		200010: "WeChat's limit of 50 log searches a minute is reached",
	} {
		if got := callDiagnostic(&wechat.APIError{Path: wechat.PathRealtimeLogSearch, Code: code}, "").Summary(); got != summary {
			t.Errorf("%d: %q, want %q", code, got, summary)
		}
		if got := callDiagnostic(&wechat.APIError{Path: wechat.PathJSErrList, Code: code}, "").Summary(); got == summary {
			t.Errorf("%d read as userlog_search's on jserr_list", code)
		}
	}
	if got := callDiagnostic(&wechat.APIError{Path: wechat.PathAuthorizerList, Code: 40170}, "").Summary(); got != "WeChat refused the page size of the authorizer list" {
		t.Errorf("40170: %q", got)
	}
}
