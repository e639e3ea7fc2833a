package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// leakedToken stands for a token a proxy echoes back; it must never show.
const leakedToken = "MOCK_LEAKED_0123456789abcdefghijklmnopqrstuvwxyz"

// Every fault WeChat can throw ends in success or in an error that says
// what happened and what to do, seen as a user sees it: through the CLI.
func TestGrayReleasePlan_faults(t *testing.T) {
	t.Parallel()
	busy := wechatmock.Fault{ErrCode: -1, ErrMsg: "system error"}
	stale := wechatmock.Fault{ErrCode: 40001, ErrMsg: "invalid credential, access_token is invalid or not latest"}
	tests := []struct {
		name   string
		path   string // where the faults go; the plan call by default
		faults []wechatmock.Fault
		extra  string // provider block lines
		// want is a list of phrases the error must show; none means success.
		want []string
		// absent is text the output must not hold (a leaked token, say).
		absent []string
		// calls is how many calls the failing read makes to path.
		calls int
	}{
		{name: "busy, then fine", faults: []wechatmock.Fault{busy, busy}},
		{name: "server errors and throttling, then fine", faults: []wechatmock.Fault{{Status: 502}, {Status: 429}, {HangUp: true}}},
		{name: "busy beyond max_retries", faults: []wechatmock.Fault{busy, busy, busy},
			extra: "max_retries = 2", want: []string{"WeChat is busy", "errcode: -1", "rid: "}, calls: 3},
		{name: "HTTP 503 throughout", faults: []wechatmock.Fault{{Status: 503}, {Status: 503}, {Status: 503}, {Status: 503}},
			want: []string{"WeChat kept failing with HTTP 503", "raise max_retries", "Gave up after 4 attempts"}, calls: 4},
		{name: "no answer within request_timeout", faults: []wechatmock.Fault{{Delay: 3 * time.Second}},
			extra: "request_timeout = \"1s\"\n  max_retries = 0", want: []string{"WeChat did not answer in time", "raise request_timeout"}, calls: 1},
		{name: "slow once, then fine", faults: []wechatmock.Fault{{Delay: 3 * time.Second}}, extra: `request_timeout = "1s"`},
		{name: "per-minute limit once, then fine", faults: []wechatmock.Fault{{ErrCode: 45011}}},
		{name: "per-minute limit twice", faults: []wechatmock.Fault{{ErrCode: 45011}, {ErrCode: 45011}},
			want: []string{"per-minute call limit is reached", "errcode: 45011"}, calls: 2},
		{name: "daily quota", faults: []wechatmock.Fault{{ErrCode: 45009, ErrMsg: "reach max api daily quota limit"}},
			want: []string{"daily quota for this call is used up", "does not retry", "clear_quota"}, calls: 1},
		{name: "IP not whitelisted", faults: []wechatmock.Fault{{ErrCode: 40164, ErrMsg: "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist"}},
			want: []string{"not on the app's API IP whitelist", "come from 203.0.113.7", "IP白名单", "rid: "}, calls: 1},
		{name: "IP awaiting an admin", faults: []wechatmock.Fault{{ErrCode: 89503, ErrMsg: "waiting for admin confirmation"}},
			want: []string{"awaits an admin's confirmation"}, calls: 1},
		{name: "IP refused by an admin", faults: []wechatmock.Fault{{ErrCode: 89506}},
			want: []string{"An admin refused calls from this IP address"}, calls: 1},
		{name: "not authorized", faults: []wechatmock.Fault{{ErrCode: 48001, ErrMsg: "api unauthorized"}},
			want: []string{"WeChat refused /wxa/getgrayreleaseplan for this account or token", "errcode: 48001"}, calls: 1},
		{name: "third-party appid", faults: []wechatmock.Fault{{ErrCode: 61024}},
			want: []string{"The appid is a third-party platform's", "component_appid", "token_command"}, calls: 1},
		{name: "unknown errcode", faults: []wechatmock.Fault{{ErrCode: 87654, ErrMsg: "something new"}},
			want: []string{"WeChat returned errcode 87654", "errmsg: something new"}, calls: 1},
		{name: "fresh token rejected too", faults: []wechatmock.Fault{stale, stale},
			want: []string{"WeChat keeps rejecting fresh access tokens", "force-refreshed"}, calls: 2},
		{name: "HTML page", faults: []wechatmock.Fault{{Body: "<html><body>Welcome to nginx</body></html>"}},
			want: []string{"did not come from the WeChat API", "base_url", "not JSON", "Welcome to nginx"}, calls: 1},
		{name: "a gateway's JSON, neither errcode nor plan", faults: []wechatmock.Fault{{Body: `{"message":"Forbidden"}`}},
			want: []string{"did not come from the WeChat API", "base_url", "proxy"}, calls: 1},
		{name: "a proxy's 403 page quoting the request URL",
			faults: []wechatmock.Fault{{Status: 403, Body: strings.Repeat("x", 100) + " GET /wxa/getgrayreleaseplan?access_token=" + leakedToken + " denied"}},
			want:   []string{"Unexpected HTTP 403 from WeChat"}, absent: []string{leakedToken, leakedToken[:12]}, calls: 1},
		{name: "terminal control in errmsg", faults: []wechatmock.Fault{{ErrCode: 87654, ErrMsg: "bad\x1b[2J\x07\rthing"}},
			want: []string{"WeChat returned errcode 87654"}, absent: []string{"\x1b", "\x07", "\r"}, calls: 1},
		{name: "unexpected HTTP 404", faults: []wechatmock.Fault{{Status: 404}},
			want: []string{"Unexpected HTTP 404 from WeChat", "base_url"}, calls: 1},
		{name: "out-of-range percentage", faults: []wechatmock.Fault{{Body: `{"errcode":0,"gray_release_plan":{"status":1,"gray_percentage":250}}`}},
			want: []string{"gray_percentage 250 is outside 0-100"}, calls: 1},
		{name: "wrong secret", path: wechatmock.PathStableToken, faults: []wechatmock.Fault{{ErrCode: 40125, ErrMsg: "invalid appsecret"}},
			want: []string{"WeChat rejected the AppSecret", "开发管理 > 开发设置 > AppSecret"}, calls: 1},
		{name: "wrong appid", path: wechatmock.PathStableToken, faults: []wechatmock.Fault{{ErrCode: 40013, ErrMsg: "invalid appid"}},
			want: []string{"WeChat does not recognize the appid"}, calls: 1},
		{name: "frozen secret", path: wechatmock.PathStableToken, faults: []wechatmock.Fault{{ErrCode: 40243, ErrMsg: "AppSecret已被冻结"}},
			want: []string{"The AppSecret is frozen"}, calls: 1},
		{name: "secret rejected with 40001", path: wechatmock.PathStableToken, faults: []wechatmock.Fault{{ErrCode: 40001, ErrMsg: "invalid credential"}},
			want: []string{"WeChat rejected the AppSecret", "errcode: 40001"}, calls: 1},
		{name: "expired token, fetched again", faults: []wechatmock.Fault{{ErrCode: 42001, ErrMsg: "access_token expired"}}},
		{name: "superseded token, fetched again", faults: []wechatmock.Fault{{ErrCode: 40014, ErrMsg: "invalid access_token"}}},
		{name: "token endpoint busy, then fine", path: wechatmock.PathStableToken, faults: []wechatmock.Fault{busy, {Status: 500}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			mock, url := newMock(t)
			path := tt.path
			if path == "" {
				path = wechatmock.PathGrayReleasePlan
			}
			step := resource.TestStep{
				PreConfig: func() { mock.InjectFaults(path, tt.faults...) },
				Config:    providerConfig(url, tt.extra) + planDataSource,
			}
			if len(tt.want) == 0 {
				step.ConfigStateChecks = []statecheck.StateCheck{expectAttr("gray_percentage", knownvalue.Int64Exact(8))}
			} else {
				step.ExpectError = errorPattern(tt.want...)
			}
			if len(tt.absent) > 0 {
				// The test framework shows no error text to check for
				// absence; the CLI run below does.
				mock.InjectFaults(path, tt.faults...)
				planShows(t, url, tt.want, tt.absent)
				return
			}
			unitTest(t, resource.TestCase{ProtoV6ProviderFactories: factories(), Steps: []resource.TestStep{step}})
			// A success that never met its faults would prove nothing.
			if n := mock.PendingFaults(path); n != 0 {
				t.Errorf("%d of the injected faults were never served", n)
			}
			// A failing step runs one read; it must have made exactly the
			// calls the retry policy allows.
			if n := mock.Calls(path); len(tt.want) > 0 && n != tt.calls {
				t.Errorf("%s calls = %d, want %d", path, n, tt.calls)
			}
		})
	}
}

// planShows runs a failing plan through the CLI with the provider binary:
// its output must match want and hold none of absent.
func planShows(t *testing.T, url string, want, absent []string) {
	t.Helper()
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + providerConfig(url) + planDataSource})
	stdout, stderr := w.run(true, "plan", "-input=false", "-no-color")
	if !errorPattern(want...).MatchString(stdout + stderr) {
		t.Errorf("the plan's output does not show %q:\n%s%s", want, stdout, stderr)
	}
	for _, text := range absent {
		if strings.Contains(stdout+stderr, text) {
			t.Errorf("the plan's output holds %q:\n%s%s", text, stdout, stderr)
		}
	}
}

// With TRACE logging on, a plan that succeeds and one that fails write the
// calls to the log, and neither the AppSecret nor any token.
func TestProvider_traceLogHoldsNoSecret(t *testing.T) {
	mock, url := newMock(t)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	// The test framework logs the configuration it writes, so the secret
	// comes from the environment, as in a real pipeline.
	t.Setenv("WECHAT_SECRET", testSecret)
	config := func(extra string) string {
		return fmt.Sprintf("provider \"wechat\" {\n  appid = %q\n  base_url = %q\n  %s\n}\n", testAppID, url, extra) + planDataSource
	}

	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: config("")},
			{
				PreConfig: func() {
					mock.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: 48001, ErrMsg: "api unauthorized"})
				},
				Config:      config(`token_api = "classic"`),
				ExpectError: errorPattern("WeChat refused /wxa/getgrayreleaseplan for this account or token"),
			},
		},
	})

	b, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(b)
	for _, want := range []string{"WeChat API call", "/cgi-bin/stable_token", "/cgi-bin/token", "/wxa/getgrayreleaseplan", "errcode=48001", "attempt=1", "duration_ms="} {
		if !strings.Contains(log, want) {
			t.Errorf("the TRACE log lacks %q: is provider logging captured?", want)
		}
	}
	for _, secret := range []string{testSecret, "MOCK_"} {
		if i := strings.Index(log, secret); i >= 0 {
			t.Errorf("the TRACE log holds a credential (%.6s…) near: %q", secret, log[max(0, i-200):i])
		}
	}
}

// The state holds what the data source read, never the provider's
// credentials or its token.
func TestProvider_stateHoldsNoSecret(t *testing.T) {
	t.Parallel()
	_, url := newMock(t)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + planDataSource,
			Check: func(s *terraform.State) error {
				state := s.String()
				if !strings.Contains(state, "gray_percentage") {
					return fmt.Errorf("the state lacks the data source:\n%s", state)
				}
				for _, secret := range []string{testSecret, "MOCK_"} {
					if strings.Contains(state, secret) {
						return fmt.Errorf("the state holds a credential (%.6s…)", secret)
					}
				}
				return nil
			},
		}},
	})
}
