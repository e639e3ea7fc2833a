package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const visitsAddr = "data.wechat_visit_trend.app"

func visitsConfig(url, args string) string {
	return providerConfig(url) + "data \"wechat_visit_trend\" \"app\" {\n  " + args + "\n}\n"
}

func TestVisitTrend_everyAttribute(t *testing.T) {
	t.Parallel()
	mock, url := newOpsMock(t)
	yesterday := []statecheck.StateCheck{
		expectAt(visitsAddr, "date", knownvalue.StringExact("2026-03-01")),
		expectAt(visitsAddr, "ready", knownvalue.Bool(true)),
		expectAt(visitsAddr, "session_cnt", knownvalue.Int64Exact(1082)),
		expectAt(visitsAddr, "visit_pv", knownvalue.Int64Exact(9220)),
		expectAt(visitsAddr, "visit_uv", knownvalue.Int64Exact(640)),
		expectAt(visitsAddr, "visit_uv_new", knownvalue.Int64Exact(88)),
		expectAt(visitsAddr, "stay_time_uv", knownvalue.Float64Exact(86.0586)),
		expectAt(visitsAddr, "stay_time_session", knownvalue.Float64Exact(50.5)),
		expectAt(visitsAddr, "visit_depth", knownvalue.Float64Exact(2.4)),
	}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: opsFactories(opsNow),
		Steps: []resource.TestStep{
			{Config: visitsConfig(url, ""), ConfigStateChecks: yesterday},
			// The live shape: no errcode, numbers as strings.
			{PreConfig: func() { mock.SetDrift(wechatmock.Drift{DatacubeNoErrcode: true, NumbersAsStrings: true}) },
				Config: visitsConfig(url, `date = "2026-03-01"`), ConfigStateChecks: yesterday},
			// A day WeChat has not published: null figures, never 0.
			{Config: visitsConfig(url, `date = "2026-02-20"`), ConfigStateChecks: []statecheck.StateCheck{
				expectAt(visitsAddr, "ready", knownvalue.Bool(false)),
				expectAt(visitsAddr, "visit_uv", knownvalue.Null()),
				expectAt(visitsAddr, "stay_time_uv", knownvalue.Null()),
			}},
		},
	})
}

func TestVisitTrend_validation(t *testing.T) {
	t.Parallel()
	_, url := newOpsMock(t)
	var steps []resource.TestStep
	for _, tt := range []struct{ args, want string }{
		{`date = "2026-03-02"`, "date 2026-03-02 is not over yet in Beijing; the latest day WeChat serves is 2026-03-01"},
		{`date = "2026-04-01"`, "date 2026-04-01 is not over yet in Beijing"},
		{`date = "20260301"`, `"20260301" is not a date in the form YYYY-MM-DD`},
	} {
		steps = append(steps, resource.TestStep{Config: visitsConfig(url, tt.args), ExpectError: errorPattern(tt.want), PlanOnly: true})
	}
	unitTest(t, resource.TestCase{ProtoV6ProviderFactories: opsFactories(opsNow), Steps: steps})
}
