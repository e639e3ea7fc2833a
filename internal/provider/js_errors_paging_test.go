package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// seedManyJSErrors gives the test app n distinct errors today, worst first:
// error i occurs 1000-i times.
func seedManyJSErrors(m *wechatmock.Server, n int, now time.Time) {
	var seeds []wechatmock.JSErrorSeed
	for i := range n {
		seeds = append(seeds, wechatmock.JSErrorSeed{Date: wechat.BeijingDay(now).Format(wechat.DateLayout), AppVersion: "1.4.2",
			Message: fmt.Sprintf("error %03d", i), Stack: "at x", PV: int64(1000 - i), UV: 1})
	}
	m.SetJSErrors(testAppID, seeds...)
}

// Pages that end before totalCount, or that ignore offset and repeat the
// first page, count each error once and say truncated: a gate must not
// read a third of the errors as all of them.
func TestJSErrors_pagesThatDoNotAddUpSayTruncated(t *testing.T) {
	t.Parallel()
	firstPage := int64(0)
	for i := range 30 {
		firstPage += int64(1000 - i)
	}
	for name, drift := range map[string]wechatmock.Drift{
		"offset ignored":       {JSErrIgnoresOffset: true},
		"empty after one page": {JSErrEmptyFrom: 30},
	} {
		t.Run(name, func(t *testing.T) {
			m, url := newOpsMock(t)
			seedManyJSErrors(m, 90, opsNow)
			m.SetDrift(drift)
			unitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: opsFactories(opsNow),
				Steps: []resource.TestStep{{
					Config: providerConfig(url) + "data \"wechat_js_errors\" \"app\" {\n  top = 100\n}",
					ConfigStateChecks: []statecheck.StateCheck{
						expectAt(jsErrorsAddr, "truncated", knownvalue.Bool(true)),
						expectAt(jsErrorsAddr, "distinct_errors", knownvalue.Int64Exact(90)),
						expectAt(jsErrorsAddr, "occurrences", knownvalue.Int64Exact(firstPage)),
						expectAt(jsErrorsAddr, "affected_users", knownvalue.Int64Exact(30)),
						expectAt(jsErrorsAddr, "errors", knownvalue.ListSizeExact(30)),
					},
				}},
			})
		})
	}
}

// pacedOpsFactories is opsFactories with jserr_list pages paced at gap.
func pacedOpsFactories(now time.Time, gap time.Duration) map[string]func() (tfprotov6.ProviderServer, error) {
	opts := slices.Concat(fastWaits, []wechat.Option{wechat.WithPagePace(gap)})
	return map[string]func() (tfprotov6.ProviderServer, error){
		"wechat": providerserver.NewProtocol6WithError(&wechatProvider{version: "test", clientOpts: opts,
			now: func() time.Time { return now }}),
	}
}

// A read of every page (600 errors, 20 calls) keeps to the rate the mock
// enforces for jserr_list: no call is refused with 20011.
func TestJSErrors_twentyPagesArePaced(t *testing.T) {
	t.Parallel()
	m, url := newOpsMock(t)
	seedManyJSErrors(m, wechat.JSErrPageSize*wechat.MaxJSErrPages, opsNow)
	m.SetJSErrPace(wechatmock.Pace{Calls: 5, Per: 100 * time.Millisecond})
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: pacedOpsFactories(opsNow, 50*time.Millisecond),
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + "data \"wechat_js_errors\" \"app\" {}",
			ConfigStateChecks: []statecheck.StateCheck{
				expectAt(jsErrorsAddr, "distinct_errors", knownvalue.Int64Exact(600)),
				expectAt(jsErrorsAddr, "truncated", knownvalue.Bool(false)),
			},
		}},
	})
	if n := m.RateLimited(); n != 0 {
		t.Errorf("WeChat refused %d page reads with 20011", n)
	}
}

// The released provider, with its default pace, reads 20 pages against the
// mock's default rule without a 20011 and without a wait for one.
func TestJSErrors_defaultPaceKeepsToTheMocksRule(t *testing.T) {
	t.Parallel()
	m, url := newMock(t)
	seedManyJSErrors(m, wechat.JSErrPageSize*wechat.MaxJSErrPages, time.Now())
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + providerConfig(url) + `
data "wechat_js_errors" "app" {}
output "distinct" { value = data.wechat_js_errors.app.distinct_errors }
`})
	stdout, stderr := w.run(false, "plan", "-input=false", "-no-color")
	if !strings.Contains(stdout, "distinct = 600") || strings.Contains(stdout+stderr, "Waited") {
		t.Errorf("want 600 errors read without a wait:\n%s%s", stdout, stderr)
	}
	if n := m.RateLimited(); n != 0 {
		t.Errorf("WeChat refused %d page reads with 20011", n)
	}
}
