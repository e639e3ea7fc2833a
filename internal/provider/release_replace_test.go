package provider

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// A replace of a wechat_release (taint, -replace, a failed create) with
// revert_on_destroy = true: what WeChat gets, and that Terraform never
// stops on an inconsistent plan or stores a state WeChat does not show.

// A replace of a release that WeChat shows as configured. The plan of the
// create promises nothing it would read from WeChat (the computed
// attributes are unknown): the destroy runs first and reverts the staged
// release (revertgrayrelease: the users go back to 2.3.9), then the
// create finds 2.4.0 approved and waiting and starts the staged release
// again at 10 % (WeChat picks the users anew). The apply succeeds, and
// the state is what WeChat shows.
func TestRelease_replaceWithRevertOnDestroy(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	config := p.release(stagedAt(10), "revert_on_destroy = true")
	logWrites(t, p)
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config, Check: w.sent(grayWrite)},
			{
				Config: config, Taint: []string{relAddr},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(relAddr, plancheck.ResourceActionDestroyBeforeCreate),
					plancheck.ExpectUnknownValue(relAddr, tfjsonpath.New("status_name")),
					plancheck.ExpectUnknownValue(relAddr, tfjsonpath.New("live_version")),
					plancheck.ExpectUnknownValue(relAddr, tfjsonpath.New("fully_released")),
				}},
				Check:             w.sent(revertWrite, grayWrite),
				ConfigStateChecks: expectRelease(10, "running", relLive, false),
			},
		},
	})
}

// The replace again, with create_before_destroy: the create finds WeChat
// as configured and adopts it (no write); destroying the old instance
// then sends nothing, though it has revert_on_destroy, because the new
// one holds the rollout. WeChat keeps 2.4.0 at 10 %, as the state says.
func TestRelease_replaceWithRevertOnDestroyCreateBeforeDestroy(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	config := p.release(stagedAt(10), "revert_on_destroy = true", "lifecycle {\n    create_before_destroy = true\n  }")
	logWrites(t, p)
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config, Check: w.sent(grayWrite)},
			{
				Config: config, Taint: []string{relAddr},
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(relAddr, plancheck.ResourceActionCreateBeforeDestroy),
				}},
				Check:             w.sent(),
				ConfigStateChecks: expectRelease(10, "running", relLive, false),
			},
		},
	})
}

// planOutage sits in front of the mock: once armed by a grayrelease, it
// answers the next reads of the plan with HTTP 503 (all of one read's
// attempts), as a WeChat that is briefly unreadable would.
type planOutage struct {
	mu    sync.Mutex
	left  int
	proxy *httputil.ReverseProxy
}

func (o *planOutage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	fail := r.URL.Path == wechat.PathGrayReleasePlan && o.left > 0
	if fail {
		o.left--
	}
	o.mu.Unlock()
	if fail {
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	o.proxy.ServeHTTP(w, r)
	if r.URL.Path == wechat.PathGrayRelease {
		o.mu.Lock()
		o.left = wechat.DefaultMaxRetries + 1
		o.mu.Unlock()
	}
}

// A new wechat_release with revert_on_destroy = true: the grayrelease
// took effect, its answer was lost, and WeChat could not be read back
// for a moment. The create fails and stores no state (a tainted one
// would be replaced by the next apply: a revert nobody asked for, and the
// rollout over again). The next apply creates it again, finds WeChat as
// configured, and adopts it without a write.
func TestRelease_lostAnswerOnCreateDoesNotRevertTheRollout(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	target, err := url.Parse(p.url)
	if err != nil {
		t.Fatal(err)
	}
	outage := &planOutage{proxy: httputil.NewSingleHostReverseProxy(target)}
	front := httptest.NewServer(outage)
	t.Cleanup(front.Close)
	p.url = front.URL
	p.mock.LoseAnswerAfterEffect(wechat.PathGrayRelease, wechatmock.Fault{HangUp: true})
	config := p.release(stagedAt(10), "revert_on_destroy = true")
	logWrites(t, p)
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config, ExpectError: errorPattern("WeChat's answer to a release write was lost", "could not be read back")},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(relAddr, plancheck.ResourceActionCreate),
				}},
				Check:             w.sent(grayWrite),
				ConfigStateChecks: expectRelease(10, "running", relLive, false),
			},
		},
	})
}

// logWrites logs, when the test ends, every write WeChat got and where the
// rollout stands.
func logWrites(t *testing.T, p *platformFixture) {
	t.Cleanup(func() {
		var sent []string
		for _, r := range p.mock.WriteLog() {
			sent = append(sent, r.Method+" "+r.Path+" "+r.Body)
		}
		t.Logf("writes: %q; WeChat now holds %+v", sent, p.mock.ReleaseState(fleetAppID(0)))
	})
}
