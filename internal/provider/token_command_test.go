package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Every way the token command can fail gives a clear error through the
// CLI, with no token, secret or refresh token anywhere in the output.
func TestTokenCommand_failuresThroughTheCLI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode  string
		extra string // lines inside token_command
		want  []string
	}{
		{"fail", "", []string{"The token command gave no token", "asked for the authorizer token of " + fleetAppID(0), "failed (exit status 3)",
			"its stderr:", "the token server refused: authorizer not found"}},
		{"garbage", "", []string{"The token command gave no token", "not one JSON object", "stdout is never shown"}},
		{"no-token", "", []string{"printed no access_token on stdout"}},
		{"both-expiries", "", []string{"printed both expires_in and expires_at"}},
		{"fail-with-token", "", []string{"failed (exit status 1)", "could not store the token"}},
		{"stderr-token", `env = { TOKEN_SERVICE_KEY = "svc-key-0123456789" }`, []string{"failed (exit status 2)", "access_token=[redacted]"}},
		{"sleep", `timeout = "1s"`, []string{"The token command timed out", "did not finish within its timeout of 1s", "raise the timeout"}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			t.Parallel()
			p := newPlatform(t, 1)
			if tt.mode == "stderr-token" {
				// The program's token then holds the env value, which
				// must not show either.
				p.prefix = "svc-key-0123456789-"
			}
			block := p.providerBlock("", tt.mode, tt.extra)
			config := requiredProviders + block + fmt.Sprintf("data \"wechat_version_info\" \"a\" { appid = %q }\n", fleetAppID(0))
			w := newWorkspace(t, map[string]string{"main.tf": config})
			stdout, stderr := w.run(true, "plan", "-input=false", "-no-color")
			text := strings.Join(strings.Fields(stderr), " ")
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("the error does not say %q:\n%s", want, stderr)
				}
			}
			for _, secret := range append(leaks(stdout+stderr), "svc-key-0123456789") {
				if strings.Contains(stdout+stderr, secret) {
					t.Errorf("the output holds %q:\n%s", secret, stderr)
				}
			}
		})
	}
}

// The wrong kind of token for an API, and the platform's own refusals,
// each say what to change; none of them runs the command a second time
// unless a fresh token could help.
func TestTokenKinds_errorsSayWhichTokenAnAPINeeds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		setup    func(*platformFixture)
		platform bool // the platform block, else the own-secret block
		config   string
		want     []string
		runs     int // runs for fleetAppID(0) (or testAppID), -1: not checked
	}{
		{name: "own secret on version info (40014)", config: `data "wechat_version_info" "a" {}`,
			want: []string{"This API needs a third-party platform's authorizer token", "mini program's own token (secret)", "token_command", "errcode: 40014"}, runs: -1},
		{name: "own secret on the audit (86000)", config: `data "wechat_audit_status" "a" {}`,
			want: []string{"This API needs a third-party platform's authorizer token", "errcode: 86000"}, runs: -1},
		{name: "own secret on the authorizer list", config: `data "wechat_authorizers" "all" {}`,
			want: []string{"This needs a third-party platform's component token", "component_appid"}, runs: -1},
		{name: "own secret, another appid", config: fmt.Sprintf(`data "wechat_gray_release_plan" "a" { appid = %q }`, fleetAppID(0)),
			want: []string{"This provider block cannot read " + fleetAppID(0), "belong to " + testAppID, "token_command"}, runs: -1},
		{name: "command hands out an own token", platform: true,
			setup:  func(p *platformFixture) { p.mock.AddAccessToken(testAppID, fleetTokenPrefix+testAppID) },
			config: fmt.Sprintf(`data "wechat_version_info" "a" { appid = %q }`, testAppID),
			want:   []string{"The token command's token is not an authorizer token", "reason \"rejected\"", "errcode: 40014"}, runs: 2},
		{name: "permission set 18 not granted (61007)", platform: true,
			setup:  func(p *platformFixture) { p.mock.AddAuthorizer(testComponentAppID, fleetAppID(0), "", 1) },
			config: fmt.Sprintf(`data "wechat_audit_status" "a" { appid = %q }`, fleetAppID(0)),
			want:   []string{"has not granted the permission set", "set 18", "errcode: 61007"}, runs: 1},
		{name: "caller IP not on the platform's whitelist (61004)", platform: true,
			setup:  func(p *platformFixture) { p.mock.SetPlatformWhitelist(testComponentAppID, "203.0.113.9") },
			config: fmt.Sprintf(`data "wechat_version_info" "a" { appid = %q }`, fleetAppID(0)),
			want:   []string{"not on the platform's whitelist", "come from 127.0.0.1", "全网发布", "errcode: 61004"}, runs: 1},
		{name: "authorization revoked (61003)", platform: true,
			setup:  func(p *platformFixture) { p.mock.RevokeAuthorization(fleetAppID(0)) },
			config: fmt.Sprintf(`data "wechat_gray_release_plan" "a" { appid = %q }`, fleetAppID(0)),
			want:   []string{"has not authorized this platform", "errcode: 61003"}, runs: 1},
		{name: "no appid anywhere", platform: true, config: `data "wechat_gray_release_plan" "a" {}`,
			want: []string{"No appid to read", "set appid on the data source"}, runs: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := newPlatform(t, 1)
			if tt.setup != nil {
				tt.setup(p)
			}
			block := providerConfig(p.url)
			if tt.platform {
				block = p.providerBlock("", "good")
			}
			unitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:      block + tt.config,
					ExpectError: errorPattern(tt.want...),
				}},
			})
			if tt.runs < 0 {
				return
			}
			per := runsPerApp(p.runs(t))
			if got := per[fleetAppID(0)] + per[testAppID]; got != tt.runs {
				t.Errorf("%d runs (%v), want %d", got, per, tt.runs)
			}
		})
	}
}

// The ephemeral token takes appid too, and is labeled with it.
func TestAccessToken_forAnyAppIDOfAPlatform(t *testing.T) {
	t.Parallel()
	p := newPlatform(t, 2)
	factories := factories()
	factories["echo"] = echoprovider.NewProviderServer()
	unitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: p.providerBlock("", "good") + fmt.Sprintf(`
ephemeral "wechat_access_token" "t" {
  appid = %q
}
provider "echo" {
  data = ephemeral.wechat_access_token.t
}
resource "echo" "token" {}
`, fleetAppID(1)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("access_token"), knownvalue.StringExact(fleetTokenPrefix+fleetAppID(1))),
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("appid"), knownvalue.StringExact(fleetAppID(1))),
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("expires_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-`))),
			},
		}},
	})
}

// A token server that keeps handing out dead tokens: one rerun with reason
// "rejected", then an error that blames the server, not the provider.
func TestTokenCommand_deadTokensAfterTheRerun(t *testing.T) {
	t.Parallel()
	p := newPlatform(t, 1)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      p.providerBlock("", "always-retired") + fmt.Sprintf(`data "wechat_gray_release_plan" "a" { appid = %q }`, fleetAppID(0)),
			ExpectError: errorPattern("WeChat keeps rejecting the token command's tokens", `reason "rejected"`, "errcode: 40001"),
		}},
	})
	if runs := p.runs(t); len(runs) != 2 || runs[1].Request.Reason != "rejected" {
		t.Errorf("runs %+v; want the initial run and one rerun with reason rejected", runs)
	}
}
