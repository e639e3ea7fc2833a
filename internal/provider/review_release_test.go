package provider

// Hostile review of issue 17 (wechat_release): CLI cases against WeChat
// behaviour the references document (or leave open) where the resource
// breaks the contract. These tests fail on the reviewed commit on purpose;
// see the review report.

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// The next version submitted for review while a rollout runs: the latest
// audit is 2.5.0 in review, the staged release of 2.4.0 still runs at
// 30 %. Nothing changed in the configuration or in the rollout, yet the
// plan fails ("2.4.0 is neither approved nor live"), which blocks every
// other resource of the configuration too. The docs say the state keeps
// the version it holds.
func TestReview_newerAuditPendingKeepsThePlanEmpty(t *testing.T) {
	p := newReleasePlatform(t, 1)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: p.release(stagedAt(30))},
			{
				PreConfig: func() { p.mock.SeedAudit(fleetAppID(0), "2.5.0", wechatmock.AuditInReview, "") },
				Config:    p.release(stagedAt(30)),
				PlanOnly:  true,
			},
		},
	})
}

// A running plan whose answer leaves out gray_percentage (WECHAT_API.md:
// "every plan field may be absent"): an unchanged configuration fails at
// plan instead of planning nothing.
func TestReview_percentageLeftOutKeepsThePlanEmpty(t *testing.T) {
	p := newReleasePlatform(t, 1)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: p.release(stagedAt(30))},
			{
				PreConfig: func() { p.mock.SetPlan(fleetAppID(0), map[string]any{"status": 1, "create_timestamp": 1700000000}) },
				Config:    p.release(stagedAt(30)),
				PlanOnly:  true,
			},
		},
	})
}

// getversioninfo without release_info (documented live drift): a full
// release WeChat answered ok fails the apply ("WeChat does not show the
// release asked for"), Terraform taints the resource, and every later
// apply sends /wxa/release again and fails on 85052.
func TestReview_fullReleaseWithoutReleaseInfo(t *testing.T) {
	p := newReleasePlatform(t, 1)
	p.mock.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{VersionInfoNoObjects: true})
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: p.release(fmt.Sprintf("version = %q", relVersion)), Check: w.sent(releaseWrite)},
			{PreConfig: w.none, Config: p.release(fmt.Sprintf("version = %q", relVersion)), PlanOnly: true},
		},
	})
}

// A stand-in whose getversioninfo shows the staged version live answers
// /wxa/release during a staged release with 85052. The issue: a full
// release that WeChat refuses while a staged one runs raises the staged
// release to 100. The provider instead fails the apply, and the next
// apply repeats it.
func TestReview_85052DuringAStagedReleaseRaisesTo100(t *testing.T) {
	p := newReleasePlatform(t, 1)
	p.mock.SeedStagedRelease(fleetAppID(0), relLive, relVersion, 30, false)
	p.mock.SetReleaseOptions(wechatmock.ReleaseOptions{VersionInfoShowsStaged: true})
	p.mock.SetStandingFault(wechat.PathRelease, &wechatmock.Fault{ErrCode: 85052, ErrMsg: "already released"})
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps:                    []resource.TestStep{{Config: p.release(stagedAt(100)), ConfigStateChecks: expectRelease(100, "running", relVersion, true)}},
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
// for a moment. Create fails with state set, so Terraform taints the
// resource; the next apply, with WeChat showing exactly the
// configuration, replaces it: destroy sends revertgrayrelease (users who
// had 2.4.0 go back to 2.3.9) and create starts the rollout over. No one
// asked for a revert.
func TestReview_lostAnswerOnCreateDoesNotRevertTheRollout(t *testing.T) {
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
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config, ExpectError: errorPattern("WeChat's answer to a release write was lost")},
			{
				Config: config,
				Check: func(*terraform.State) error {
					return (&writeLog{t: t, mock: p.mock, want: []string{grayWrite}}).check()
				},
			},
		},
	})
}

// The same without a lost answer: a replace (taint, or apply -replace) of
// a release that WeChat shows as configured, with revert_on_destroy =
// true. The plan of the create reads WeChat as matching and fills
// live_version, status_name and fully_released as known; apply destroys
// first (revertgrayrelease: the users go back to 2.3.9), then plans the
// create again, finds a write to do, and Terraform stops with "Provider
// produced inconsistent final plan". The rollout is left reverted and the
// apply fails with a message that calls it a provider bug.
func TestReview_replaceWithRevertOnDestroy(t *testing.T) {
	p := newReleasePlatform(t, 1)
	config := p.release(stagedAt(10), "revert_on_destroy = true")
	logWrites(t, p)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{Config: config, Taint: []string{relAddr}},
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

// The issue: "terraform apply on 50 apps … makes 50 writes …, one token
// run per app". A plain terraform apply (no saved plan) plans and applies
// in two provider processes, and each runs the token command for every
// app: two runs per app. The guide says "asked for once per run".
func TestReview_plainApplyRunsTheTokenCommandOncePerApp(t *testing.T) {
	const n = 3
	p := newReleasePlatform(t, n)
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + p.providerBlock("", "good") + releaseFleetConfig})
	w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	if writes := p.mock.Writes(); writes != n {
		t.Errorf("%d writes, want %d", writes, n)
	}
	for id, runs := range runsPerApp(p.runs(t)) {
		if id != "component" && runs != 1 {
			t.Errorf("%s: %d token runs in one terraform apply, want 1", id, runs)
		}
	}
}

// The replace again, with create_before_destroy: the create finds WeChat
// as configured and sends nothing, then destroying the old instance
// sends revertgrayrelease. The apply succeeds, the state says 2.4.0 runs
// at 10 %, and WeChat has cancelled the rollout.
func TestReview_replaceWithRevertOnDestroyCreateBeforeDestroy(t *testing.T) {
	p := newReleasePlatform(t, 1)
	config := p.release(stagedAt(10), "revert_on_destroy = true", "lifecycle {\n    create_before_destroy = true\n  }")
	logWrites(t, p)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config},
			{Config: config, Taint: []string{relAddr}},
		},
	})
}
