package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func expectAt(addr, attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), v)
}

func expectNested(addr string, p tfjsonpath.Path, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, p, v)
}

const jsErrorsAddr = "data.wechat_js_errors.app"

var md5Pattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

func TestJSErrors_everyAttribute(t *testing.T) {
	t.Parallel()
	_, url := newOpsMock(t)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: opsFactories(opsNow),
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "wechat_js_errors" "app" {
  app_version = "1.4.2"
  top         = 1
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAt(jsErrorsAddr, "start_date", knownvalue.StringExact("2026-03-02")),
				expectAt(jsErrorsAddr, "end_date", knownvalue.StringExact("2026-03-02")),
				expectAt(jsErrorsAddr, "distinct_errors", knownvalue.Int64Exact(2)),
				expectAt(jsErrorsAddr, "occurrences", knownvalue.Int64Exact(60)),
				expectAt(jsErrorsAddr, "affected_users", knownvalue.Int64Exact(12)),
				expectAt(jsErrorsAddr, "truncated", knownvalue.Bool(false)),
				expectAt(jsErrorsAddr, "errors", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"message":     knownvalue.StringExact("a is undefined"),
					"message_md5": knownvalue.StringRegexp(md5Pattern),
					"stack":       knownvalue.StringExact("at pay (pages/pay/pay.js:10)"),
					"stack_md5":   knownvalue.StringRegexp(md5Pattern),
					"pv":          knownvalue.Int64Exact(45),
					"uv":          knownvalue.Int64Exact(9),
					"pv_percent":  knownvalue.Float64Exact(75),
					"uv_percent":  knownvalue.Float64Exact(75),
				})})),
			},
		}, {
			Config: providerConfig(url) + `
data "wechat_js_errors" "app" {
  error_type = "framework"
  keyword    = "hiccup"
  order_by   = "uv"
  start_date = "2026-02-28"
  end_date   = "2026-03-02"
  openid     = ""
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAt(jsErrorsAddr, "start_date", knownvalue.StringExact("2026-02-28")),
				expectAt(jsErrorsAddr, "distinct_errors", knownvalue.Int64Exact(1)),
				expectNested(jsErrorsAddr, tfjsonpath.New("errors").AtSliceIndex(0).AtMapKey("message"), knownvalue.StringExact("framework hiccup")),
			},
		}},
	})
}

func TestJSErrors_validation(t *testing.T) {
	t.Parallel()
	_, url := newOpsMock(t)
	var steps []resource.TestStep
	for _, tt := range []struct{ args, want string }{
		{`end_date = "2026-03-03"`, "end_date 2026-03-03 is in the future; today in Beijing is 2026-03-02"},
		{`start_date = "2026-03-02"
  end_date = "2026-03-01"`, "start_date 2026-03-02 is after end_date 2026-03-01"},
		{`start_date = "2026/03/01"`, `"2026/03/01" is not a date in the form YYYY-MM-DD`},
		{`error_type = "crash"`, `error_type value must be one of`},
		{`order_by = "time"`, `order_by value must be one of`},
		{`top = 601`, `top value must be between 0 and 600`},
	} {
		steps = append(steps, resource.TestStep{
			Config:      providerConfig(url) + "data \"wechat_js_errors\" \"app\" {\n  " + tt.args + "\n}",
			ExpectError: errorPattern(tt.want),
			PlanOnly:    true,
		})
	}
	unitTest(t, resource.TestCase{ProtoV6ProviderFactories: opsFactories(opsNow), Steps: steps})
}
