package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// WeChat answers the references document, or leave open, where WeChat's
// answers do not say everything: the resource keeps the state's values
// there, as the read rule says, and neither fails nor writes.

// The next version submitted for review while a rollout runs: the latest
// audit is 2.5.0 in review, the staged release of 2.4.0 still runs at
// 30 %. The state keeps 2.4.0, and an unchanged configuration plans
// nothing (a plan error here would block every other resource of the
// configuration).
func TestRelease_newerAuditPendingKeepsThePlanEmpty(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: p.release(stagedAt(30)), Check: w.sent(grayWrite)},
			{
				PreConfig: func() { p.mock.SeedAudit(fleetAppID(0), "2.5.0", wechatmock.AuditInReview, "") },
				Config:    p.release(stagedAt(30)),
				PlanOnly:  true,
			},
			{PreConfig: w.none, Config: p.release(stagedAt(30)), ConfigStateChecks: expectRelease(30, "running", relLive, false)},
		},
	})
}

// A raise while the newer audit is pending is planned (the staged
// version is the state's) and sent: a WeChat that refuses it (the mock's
// default, 85080) fails the apply with advice and changes nothing; one
// that takes it (switched) raises 2.4.0, and the apply warns that WeChat
// does not name the staged version.
func TestRelease_raiseWhileNewerAuditPending(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: p.release(stagedAt(30)), Check: w.sent(grayWrite)},
			{
				PreConfig:   func() { p.mock.SeedAudit(fleetAppID(0), "2.5.0", wechatmock.AuditInReview, "") },
				Config:      p.release(stagedAt(50)),
				ExpectError: errorPattern("The version has not passed its audit", "newer version's audit is pending", "errcode: 85080"),
			},
			{
				PreConfig: func() {
					w.want = append(w.want, grayWrite)
					p.mock.SetReleaseOptions(wechatmock.ReleaseOptions{RaiseWhileNewerAudit: true})
				},
				Config: p.release(stagedAt(50)), Check: w.sent(grayWrite), ConfigStateChecks: expectRelease(50, "running", relLive, false),
			},
		},
	})
	if got := p.mock.ReleaseState(fleetAppID(0)); got.Percentage != 50 || got.PlanStatus != 1 {
		t.Errorf("WeChat holds %+v, want the staged release at 50 %%", got)
	}
}

// A running plan whose answer leaves out gray_percentage (WECHAT_API.md:
// "every plan field may be absent"): an unchanged configuration plans
// nothing, and 100 % releases to everyone whatever the figure was.
func TestRelease_percentageLeftOutKeepsThePlanEmpty(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: p.release(stagedAt(30)), Check: w.sent(grayWrite)},
			{
				PreConfig: func() { p.mock.SetPlan(fleetAppID(0), map[string]any{"status": 1, "create_timestamp": 1700000000}) },
				Config:    p.release(stagedAt(30)),
				PlanOnly:  true,
			},
			{PreConfig: w.none, Config: p.release(stagedAt(100)), Check: w.sent(releaseWrite), ConfigStateChecks: expectRelease(100, "finished", relVersion, true)},
		},
	})
}

// getversioninfo without release_info (documented live drift): a full
// release WeChat answered ok succeeds with a warning and stores the
// version asked for; the next plan is empty and sends nothing.
func TestRelease_fullReleaseWithoutReleaseInfo(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	p.mock.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{VersionInfoNoObjects: true})
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: p.release(fmt.Sprintf("version = %q", relVersion)), Check: w.sent(releaseWrite),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("version"), knownvalue.StringExact(relVersion)),
					statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("gray_percentage"), knownvalue.Int64Exact(100)),
					statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("live_version"), knownvalue.Null()),
					statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("fully_released"), knownvalue.Bool(false)),
				},
			},
			{PreConfig: w.none, Config: p.release(fmt.Sprintf("version = %q", relVersion)), PlanOnly: true},
		},
	})
}

// A WeChat whose getversioninfo shows the staged version live answers
// /wxa/release during a staged release with 85052. As with 85020, the
// staged release is raised to 100 instead, and the next plan is empty.
func TestRelease_85052DuringAStagedReleaseRaisesTo100(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	p.mock.SeedStagedRelease(fleetAppID(0), relLive, relVersion, 30, false)
	p.mock.SetReleaseOptions(wechatmock.ReleaseOptions{VersionInfoShowsStaged: true})
	p.mock.SetStandingFault(wechat.PathRelease, &wechatmock.Fault{ErrCode: 85052, ErrMsg: "already released"})
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{Config: p.release(stagedAt(100)), Check: w.sent(releaseWrite, grayWrite),
			ConfigStateChecks: expectRelease(100, "running", relVersion, true)}},
	})
}
