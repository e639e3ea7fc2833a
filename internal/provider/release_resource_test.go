package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// The release fixture's versions: every app is live at relLive with
// relVersion approved and waiting.
const (
	relLive    = "2.3.9"
	relVersion = "2.4.0"
	relAddr    = "wechat_release.shop"
)

func newReleasePlatform(t *testing.T, n int) *platformFixture {
	t.Helper()
	p := newPlatform(t, n)
	p.writes = true
	for i := range n {
		p.mock.SeedReleaseWaiting(fleetAppID(i), relLive, relVersion)
	}
	return p
}

// release is a configuration of wechat_release.shop for fleetAppID(0)
// with body's lines, through the platform's provider block.
func (p *platformFixture) release(body ...string) string {
	return p.providerBlock("", "good") + fmt.Sprintf("resource \"wechat_release\" \"shop\" {\n  appid = %q\n  %s\n}\n",
		fleetAppID(0), strings.Join(body, "\n  "))
}

func stagedAt(pct int) string {
	return fmt.Sprintf("version = %q\n  gray_percentage = %d", relVersion, pct)
}

// writeLog follows the mock's writes through a test: each step says which
// writes it expects, and the next step (or the destroy) that no other
// write came, such as one from a plan or a refresh.
type writeLog struct {
	t    *testing.T
	mock *wechatmock.Server
	want []string // "METHOD path"
}

func (w *writeLog) check() error {
	var got []string
	for _, r := range w.mock.WriteLog() {
		got = append(got, r.Method+" "+r.Path)
	}
	if strings.Join(got, ", ") != strings.Join(w.want, ", ") {
		return fmt.Errorf("writes %q, want %q", got, w.want)
	}
	return nil
}

// sent is a step's Check: the writes of its apply, and no other.
func (w *writeLog) sent(writes ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		w.want = append(w.want, writes...)
		return w.check()
	}
}

// none is a PreConfig: nothing was written since the last check.
func (w *writeLog) none() {
	w.t.Helper()
	if err := w.check(); err != nil {
		w.t.Error(err)
	}
}

func (w *writeLog) destroyed(*terraform.State) error { return w.check() }

const (
	grayWrite    = "POST " + wechat.PathGrayRelease
	releaseWrite = "POST " + wechat.PathRelease
	revertWrite  = "GET " + wechat.PathRevertGrayRelease
)

// expectRelease checks the state of relVersion's release.
func expectRelease(pct int64, status string, live string, fully bool) []statecheck.StateCheck {
	const version = relVersion
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("id"), knownvalue.StringExact(fleetAppID(0))),
		statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("appid"), knownvalue.StringExact(fleetAppID(0))),
		statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("version"), knownvalue.StringExact(version)),
		statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("gray_percentage"), knownvalue.Int64Exact(pct)),
		statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("status_name"), knownvalue.StringExact(status)),
		statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("live_version"), knownvalue.StringExact(live)),
		statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("fully_released"), knownvalue.Bool(fully)),
	}
}

// The rollout raised through applies, 10 → 30 → 100, each stored as WeChat
// reads back; a plan of a raise writes nothing, and a second apply (the
// framework's plan after each step) has nothing to do.
func TestRelease_raiseThroughApplies(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy:             w.destroyed,
		Steps: []resource.TestStep{
			{
				Config: p.release(stagedAt(10)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(relAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(relAddr, tfjsonpath.New("id"), knownvalue.StringExact(fleetAppID(0))),
					plancheck.ExpectUnknownValue(relAddr, tfjsonpath.New("status_name")),
				}},
				Check: w.sent(grayWrite),
				ConfigStateChecks: append(expectRelease(10, "running", relLive, false),
					statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("revert_on_destroy"), knownvalue.Bool(false))),
			},
			{PreConfig: w.none, Config: p.release(stagedAt(30)), Check: w.sent(grayWrite), ConfigStateChecks: expectRelease(30, "running", relLive, false)},
			{PreConfig: w.none, Config: p.release(stagedAt(50)), PlanOnly: true, ExpectNonEmptyPlan: true},
			{
				PreConfig:         w.none,
				Config:            p.release(fmt.Sprintf("version = %q", relVersion)),
				Check:             w.sent(releaseWrite),
				ConfigStateChecks: expectRelease(100, "finished", relVersion, true),
			},
			{PreConfig: w.none, Config: p.release(stagedAt(100)), PlanOnly: true},
		},
	})
	if got := p.mock.WriteLog()[0].Body; got != `{"gray_percentage":10}` {
		t.Errorf("the first write's body is %s", got)
	}
}

// A plan that cannot be applied fails at plan, naming what WeChat has,
// and writes nothing.
func TestRelease_planFailsNamingWhatWeChatHas(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		seed  func(m *wechatmock.Server)
		body  string
		words []string
	}{
		{"a lowered percentage", func(m *wechatmock.Server) { m.SeedStagedRelease(fleetAppID(0), relLive, relVersion, 30, false) }, stagedAt(10),
			[]string{"WeChat only raises a staged release", "Raise gray_percentage to 30 or more", "To start over lower, revert the staged release", "in two applies: first set revert_on_destroy = true",
				"WeChat already serves 2.4.0 to 30 % of users (running)"}},
		{"in review", func(m *wechatmock.Server) { m.SeedAudit(fleetAppID(0), relVersion, wechatmock.AuditInReview, "") }, stagedAt(10),
			[]string{"Version 2.4.0 is not approved yet", "2.4.0 is in review; the live version is 2.3.9"}},
		{"rejected", func(m *wechatmock.Server) {
			m.SeedAudit(fleetAppID(0), relVersion, wechatmock.AuditRejected, "privacy policy missing")
		}, stagedAt(10), []string{"Version 2.4.0 cannot be released", "2.4.0 was rejected: privacy policy missing"}},
		{"not the latest approved", nil, `version = "2.5.0"`,
			[]string{"Version 2.5.0 is neither approved nor live", "the latest approved version is 2.4.0; the live version is 2.3.9"}},
		{"the live version below 100", nil, `version = "2.3.9"` + "\n  gray_percentage = 30",
			[]string{"Version 2.3.9 is live for everyone already", "gray_percentage = 100"}},
		{"the live version while another is staged", func(m *wechatmock.Server) {
			m.SeedStagedRelease(fleetAppID(0), relLive, relVersion, 30, true)
		}, `version = "2.3.9"`, []string{"Another version is being rolled out", "WeChat is rolling out 2.4.0 to 30 % of users (paused)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newReleasePlatform(t, 1)
			if tt.seed != nil {
				tt.seed(p.mock)
			}
			unitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps:                    []resource.TestStep{{Config: p.release(tt.body), PlanOnly: true, ExpectError: errorPattern(tt.words...)}},
			})
			if n := p.mock.Writes(); n != 0 {
				t.Errorf("%d writes, want none", n)
			}
		})
	}
}

// An own-secret provider fails at plan with the advice the data sources
// give for the token's kind.
func TestRelease_ownTokenFailsAtPlan(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      providerConfig(p.url) + "resource \"wechat_release\" \"shop\" {\n  " + stagedAt(10) + "\n}\n",
			PlanOnly:    true,
			ExpectError: errorPattern("This API needs a third-party platform's authorizer token", "mini program's own token (secret)", "token_command", "errcode: 86000"),
		}},
	})
	if n := p.mock.Writes(); n != 0 {
		t.Errorf("%d writes, want none", n)
	}
}

// A lost answer: read back, and sent again only when WeChat shows that
// the write did not act, never a third time.
func TestRelease_lostAnswer(t *testing.T) {
	t.Parallel()
	hangUp := wechatmock.Fault{HangUp: true}
	tests := []struct {
		name   string
		lose   func(m *wechatmock.Server)
		writes []string
		err    []string
	}{
		{"after the write took effect: not sent again", func(m *wechatmock.Server) { m.LoseAnswerAfterEffect(wechat.PathGrayRelease, hangUp) },
			[]string{grayWrite}, nil},
		{"before: sent exactly twice", func(m *wechatmock.Server) { m.LoseAnswerBeforeEffect(wechat.PathGrayRelease, hangUp) },
			[]string{grayWrite, grayWrite}, nil},
		{"twice before: no third send", func(m *wechatmock.Server) { m.LoseAnswerBeforeEffect(wechat.PathGrayRelease, hangUp, hangUp) },
			[]string{grayWrite, grayWrite}, []string{"WeChat's answer to a release write was lost", "Run terraform plan to see what WeChat shows",
				"(sent 2 times) was lost, and WeChat now shows a staged release of 2.4.0 running at 10 %"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newReleasePlatform(t, 1)
			p.mock.SeedStagedRelease(fleetAppID(0), relLive, relVersion, 10, false)
			tt.lose(p.mock)
			w := &writeLog{t: t, mock: p.mock}
			step := resource.TestStep{Config: p.release(stagedAt(30)), Check: w.sent(tt.writes...), ConfigStateChecks: expectRelease(30, "running", relLive, false)}
			if tt.err != nil {
				step = resource.TestStep{Config: p.release(stagedAt(30)), ExpectError: errorPattern(tt.err...)}
			}
			unitTest(t, resource.TestCase{ProtoV6ProviderFactories: factories(), Steps: []resource.TestStep{step}})
			w.want = tt.writes
			if err := w.check(); err != nil {
				t.Error(err)
			}
		})
	}
}

// 100 % while a staged release runs: /wxa/release, or, when WeChat
// refuses it (switched), the staged release raised to 100.
func TestRelease_fullReleaseDuringAStagedOne(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		refused bool
		writes  []string
		state   []statecheck.StateCheck
	}{
		{"accepted", false, []string{releaseWrite}, expectRelease(100, "finished", relVersion, true)},
		{"refused with 85020", true, []string{releaseWrite, grayWrite}, expectRelease(100, "running", relLive, true)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newReleasePlatform(t, 1)
			p.mock.SeedStagedRelease(fleetAppID(0), relLive, relVersion, 30, false)
			p.mock.SetReleaseOptions(wechatmock.ReleaseOptions{ReleaseRefusedWhileStaged: tt.refused})
			w := &writeLog{t: t, mock: p.mock}
			unitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				CheckDestroy:             w.destroyed,
				Steps:                    []resource.TestStep{{Config: p.release(stagedAt(100)), Check: w.sent(tt.writes...), ConfigStateChecks: tt.state}},
			})
		})
	}
}

// Destroy sends nothing by default; with revert_on_destroy, one revert
// of the staged release.
func TestRelease_destroy(t *testing.T) {
	t.Parallel()
	for _, revert := range []bool{false, true} {
		t.Run(fmt.Sprintf("revert_on_destroy=%v", revert), func(t *testing.T) {
			p := newReleasePlatform(t, 1)
			w := &writeLog{t: t, mock: p.mock}
			unitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				CheckDestroy: func(*terraform.State) error {
					if revert {
						w.want = append(w.want, revertWrite)
					}
					return w.check()
				},
				Steps: []resource.TestStep{{Config: p.release(stagedAt(10), fmt.Sprintf("revert_on_destroy = %v", revert)), Check: w.sent(grayWrite)}},
			})
			wantStatus := map[bool]int64{false: 1, true: 4}[revert]
			if got := p.mock.ReleaseState(fleetAppID(0)); got.PlanStatus != wantStatus || got.Live != relLive {
				t.Errorf("after destroy WeChat holds %+v, want plan status %d and %s live", got, wantStatus, relLive)
			}
		})
	}
}

// Import by the CLI command and by an import block reads the release
// that runs; the next plan is empty, and nothing is written.
func TestRelease_import(t *testing.T) {
	t.Parallel()
	config := func(p *platformFixture) string { return p.release(stagedAt(30)) }
	t.Run("terraform import", func(t *testing.T) {
		p := newReleasePlatform(t, 1)
		p.mock.SeedStagedRelease(fleetAppID(0), relLive, relVersion, 30, true)
		unitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{
				{Config: config(p), ResourceName: relAddr, ImportState: true, ImportStateId: fleetAppID(0), ImportStatePersist: true,
					ImportStateCheck: func(s []*terraform.InstanceState) error {
						a := s[0].Attributes
						if len(s) != 1 || a["version"] != relVersion || a["gray_percentage"] != "30" || a["status_name"] != "paused" || a["revert_on_destroy"] != "false" {
							return fmt.Errorf("imported %v", a)
						}
						return nil
					}},
				{Config: config(p), PlanOnly: true},
			},
		})
		if n := p.mock.Writes(); n != 0 {
			t.Errorf("%d writes, want none", n)
		}
	})
	t.Run("import block", func(t *testing.T) {
		p := newReleasePlatform(t, 1)
		p.mock.SeedStagedRelease(fleetAppID(0), relLive, relVersion, 30, true)
		unitTest(t, resource.TestCase{
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{Config: config(p), ResourceName: relAddr, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
				ImportStateId: fleetAppID(0), ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(relAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectKnownValue(relAddr, tfjsonpath.New("live_version"), knownvalue.StringExact(relLive)),
				}}}},
		})
		if n := p.mock.Writes(); n != 0 {
			t.Errorf("%d writes, want none", n)
		}
	})
	t.Run("not an appid", func(t *testing.T) {
		p := newReleasePlatform(t, 1)
		unitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{Config: config(p), ResourceName: relAddr, ImportState: true, ImportStateId: "shop",
				ExpectError: errorPattern("Invalid import ID", "wechat_release.shop wx1234567890abcdef")}},
		})
	})
}

// A rollout reverted in the console shows as drift, and apply starts it
// again; one finished in the console cannot go back to a staged release.
func TestRelease_consoleChangesShowAsDrift(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: p.release(stagedAt(30)), Check: w.sent(grayWrite)},
			{
				PreConfig: func() { p.mock.SetPlan(fleetAppID(0), map[string]any{"status": 4, "gray_percentage": 30}) },
				Config:    p.release(stagedAt(30)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(relAddr, plancheck.ResourceActionUpdate),
				}},
				Check:             w.sent(grayWrite),
				ConfigStateChecks: expectRelease(30, "running", relLive, false),
			},
			{
				PreConfig: func() {
					p.mock.SeedLive(fleetAppID(0), relVersion)
					p.mock.SetPlan(fleetAppID(0), map[string]any{"status": 3, "gray_percentage": 100})
				},
				Config: p.release(stagedAt(30)), PlanOnly: true,
				ExpectError: errorPattern("Version 2.4.0 is live for everyone already"),
			},
		},
	})
	if err := w.check(); err != nil {
		t.Error(err)
	}
}

// A version from a resource not yet applied is unknown at plan: no
// error, and apply releases it.
func TestRelease_unknownVersionAtPlan(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	w := &writeLog{t: t, mock: p.mock}
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: p.release(`version = terraform_data.v.output`, "gray_percentage = 10") + fmt.Sprintf("resource \"terraform_data\" \"v\" {\n  input = %q\n}\n", relVersion),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue(relAddr, tfjsonpath.New("version")),
			}},
			Check:             w.sent(grayWrite),
			ConfigStateChecks: expectRelease(10, "running", relLive, false),
		}},
	})
}

// The two flags are sent with a raise; a change of them alone sends
// nothing, is kept in state, and goes with the next raise.
func TestRelease_flagsGoWithTheNextRaise(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	w := &writeLog{t: t, mock: p.mock}
	flag := func(v bool) string { return fmt.Sprintf("support_debuger_first = %v", v) }
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: p.release(stagedAt(10), flag(true)), Check: w.sent(grayWrite)},
			{
				PreConfig: w.none, Config: p.release(stagedAt(10), flag(false)), Check: w.sent(),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(relAddr, tfjsonpath.New("support_debuger_first"), knownvalue.Bool(false))},
			},
			{PreConfig: w.none, Config: p.release(stagedAt(20), flag(false)), Check: w.sent(grayWrite)},
		},
	})
	log := p.mock.WriteLog()
	if len(log) != 2 || log[0].Body != `{"gray_percentage":10,"support_debuger_first":true}` || log[1].Body != `{"gray_percentage":20,"support_debuger_first":false}` {
		t.Errorf("writes %+v", log)
	}
}

// A token-command provider block without an appid needs one on the
// resource: the plan says so, without reading or writing.
func TestRelease_noAppIDFailsAtPlan(t *testing.T) {
	t.Parallel()
	p := newReleasePlatform(t, 1)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      p.providerBlock("", "good") + "resource \"wechat_release\" \"shop\" {\n  " + stagedAt(10) + "\n}\n",
			PlanOnly:    true,
			ExpectError: errorPattern("No appid to release", "set appid on the resource"),
		}},
	})
	if n := len(p.runs(t)); n != 0 || p.mock.Writes() != 0 {
		t.Errorf("%d token runs and %d writes, want none", n, p.mock.Writes())
	}
}
