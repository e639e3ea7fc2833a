package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const logsAddr = "data.wechat_realtime_logs.app"

func logsConfig(url, args string) string {
	return providerConfig(url) + "data \"wechat_realtime_logs\" \"app\" {\n  " + args + "\n}\n"
}

func entry(i int, attr string) tfjsonpath.Path {
	return tfjsonpath.New("entries").AtSliceIndex(i).AtMapKey(attr)
}

func TestRealtimeLogs_everyAttribute(t *testing.T) {
	t.Parallel()
	mock, url := newOpsMock(t)
	payFailed := knownvalue.ObjectExact(map[string]knownvalue.Check{
		"time": knownvalue.StringExact("2026-03-02T01:40:00Z"), "level": knownvalue.Int64Exact(8),
		"msg": knownvalue.StringExact(`["pay failed","code 500"]`),
	})
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: opsFactories(opsNow),
		Steps: []resource.TestStep{{
			Config: logsConfig(url, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAt(logsAddr, "begin_time", knownvalue.StringExact("2026-03-02T01:00:00Z")),
				expectAt(logsAddr, "end_time", knownvalue.StringExact("2026-03-02T02:00:00Z")),
				expectAt(logsAddr, "date", knownvalue.StringExact("2026-03-02")),
				expectAt(logsAddr, "total", knownvalue.Int64Exact(2)),
				expectNested(logsAddr, entry(0, "trace_id"), knownvalue.StringExact("trace-2")),
				expectNested(logsAddr, entry(0, "level_name"), knownvalue.StringExact("info")),
				expectNested(logsAddr, entry(1, "time"), knownvalue.StringExact("2026-03-02T01:40:00Z")),
				expectNested(logsAddr, entry(1, "level"), knownvalue.Int64Exact(8)),
				expectNested(logsAddr, entry(1, "level_name"), knownvalue.StringExact("error")),
				expectNested(logsAddr, entry(1, "library_version"), knownvalue.StringExact("3.4.0")),
				expectNested(logsAddr, entry(1, "client_version"), knownvalue.StringExact("8.0.50")),
				expectNested(logsAddr, entry(1, "id"), knownvalue.StringExact("oUser1")),
				expectNested(logsAddr, entry(1, "platform"), knownvalue.Int64Exact(2)),
				expectNested(logsAddr, entry(1, "url"), knownvalue.StringExact("pages/pay/pay")),
				expectNested(logsAddr, entry(1, "filter_msg"), knownvalue.StringExact("v1.4.2")),
				expectNested(logsAddr, entry(1, "messages"), knownvalue.ListExact([]knownvalue.Check{payFailed})),
			},
		}, {
			Config: logsConfig(url, `level = "error"
  filter_msg = "v1.4.2"
  url = "pages/pay/pay"
  trace_id = "trace-1"
  id = "oUser1"
  begin_time = "2026-03-02T09:30:00+08:00"
  end_time = "2026-03-02T09:45:00+08:00"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAt(logsAddr, "begin_time", knownvalue.StringExact("2026-03-02T09:30:00+08:00")),
				expectAt(logsAddr, "total", knownvalue.Int64Exact(1)),
				expectNested(logsAddr, entry(0, "trace_id"), knownvalue.StringExact("trace-1")),
			},
		}, {
			Config: logsConfig(url, "start = 1\n  limit = 1\n  window = \"30m\""),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAt(logsAddr, "begin_time", knownvalue.StringExact("2026-03-02T01:30:00Z")),
				expectAt(logsAddr, "total", knownvalue.Int64Exact(2)),
				expectAt(logsAddr, "entries", knownvalue.ListSizeExact(1)),
				expectNested(logsAddr, entry(0, "trace_id"), knownvalue.StringExact("trace-1")),
			},
		}, {
			// Since 2023-07-26 WeChat has sent msg as an object.
			PreConfig: func() { mock.SetDrift(wechatmock.Drift{LogMsgAsObject: true, NumbersAsStrings: true}) },
			Config:    logsConfig(url, `level = "warn"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expectAt(logsAddr, "total", knownvalue.Int64Exact(1)),
				expectNested(logsAddr, entry(0, "messages").AtSliceIndex(0).AtMapKey("msg"), knownvalue.StringExact(`{"0":"pay failed","1":"code 500"}`)),
			},
		}},
	})
}

func TestRealtimeLogs_validation(t *testing.T) {
	t.Parallel()
	_, url := newOpsMock(t)
	var steps []resource.TestStep
	for _, tt := range []struct{ args, want string }{
		{`begin_time = "2026-03-01T23:30:00+08:00"
  end_time = "2026-03-02T00:30:00+08:00"`, "end_time must be on the same Beijing day as begin_time (2026-03-01)"},
		{`begin_time = "2026-02-23T10:00:00+08:00"`, "begin_time is on 2026-02-23, more than 6 days back"},
		{`begin_time = "2026-03-03T10:00:00+08:00"`, "begin_time is in the future"},
		{`begin_time = "2026-03-02 09:00"`, "is not a time in RFC 3339"},
		{`level = "debug"`, "level value must be one of"},
		{`window = "25h"`, "is longer than a day"},
		{`window = "30m"
  begin_time = "2026-03-02T09:00:00+08:00"`, "cannot be specified when"},
		{`limit = 0`, "limit value must be at least 1"},
	} {
		steps = append(steps, resource.TestStep{Config: logsConfig(url, tt.args), ExpectError: errorPattern(tt.want), PlanOnly: true})
	}
	unitTest(t, resource.TestCase{ProtoV6ProviderFactories: opsFactories(opsNow), Steps: steps})
}
