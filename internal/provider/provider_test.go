package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// Bad configuration is refused before any call to WeChat, with an error
// that names the attribute and what to do.
func TestProvider_configErrors(t *testing.T) {
	mock, url := newMock(t)
	tests := []struct {
		name   string
		config string
		env    map[string]string
		want   string
	}{
		{"malformed appid", `appid = "wx123"
  secret = "x"`, nil, `"wx123" is not a mini program AppID: it must be wx followed by 16 lowercase hex digits`},
		{"secret given as appid", `appid = "` + testSecret + `"
  secret = "x"`, nil, "it is not shown, in case it is a secret"},
		{"malformed appid from the environment", ``, map[string]string{"WECHAT_APPID": "wx-app-1", "WECHAT_SECRET": "x"}, `From WECHAT_APPID: "wx-app-1" is not a mini program AppID`},
		{"a block with a secret reads no appid from the environment", `secret = "x"`, map[string]string{"WECHAT_APPID": testAppID}, "Set appid in the provider block"},
		{"secret and access_token", `appid = "` + testAppID + `"
  secret = "x"
  access_token = "y"`, nil, "Both secret and access_token are set. Set exactly one"},
		{"secret read from a file with its newline", `appid = "` + testAppID + `"
  secret = "` + testSecret + `\n"`, nil, "secret: the value has leading or trailing whitespace (file() keeps a file's final newline); remove it, for example with trimspace(file(...))"},
		{"token with a leading space", `access_token = " MOCK_T"`, nil, "access_token: the value has leading or trailing whitespace"},
		{"secret and token_command", `appid = "` + testAppID + `"
  secret = "x"
  token_command = { command = "wechat-token" }`, nil, "Both secret and token_command are set. Set exactly one"},
		{"component_appid without token_command", `appid = "` + testAppID + `"
  secret = "x"
  component_appid = "wx00000000000000c1"`, nil, "component_appid without token_command"},
		{"empty token command", `token_command = { command = "" }`, nil, "the command is empty"},
		{"no credentials", ``, nil, "No WeChat credentials"},
		{"secret from the environment and a token from the environment", ``, map[string]string{"WECHAT_SECRET": "x", "WECHAT_ACCESS_TOKEN": "y", "WECHAT_APPID": testAppID}, "Both secret (from WECHAT_SECRET) and access_token (from WECHAT_ACCESS_TOKEN) are set"},
		{"secret without appid", `secret = "x"`, nil, "A secret needs the appid it belongs to"},
		{"http to a remote host", `appid = "` + testAppID + `"
  secret = "x"
  base_url = "http://api.weixin.qq.com"`, nil, "use https:// so the secret and tokens are encrypted"},
		{"unknown token_api", `appid = "` + testAppID + `"
  secret = "x"
  token_api = "fast"`, nil, `value must be one of: ["stable" "classic"]`},
		{"negative retries", `appid = "` + testAppID + `"
  secret = "x"
  max_retries = -1`, nil, "must be between 0 and 10"},
		{"zero timeout", `appid = "` + testAppID + `"
  secret = "x"
  request_timeout = "0s"`, nil, `"0s" is not a positive duration`},
		{"timeout without unit", `appid = "` + testAppID + `"
  secret = "x"
  request_timeout = "30"`, nil, `"30" is not a positive duration`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			if tt.env["WECHAT_BASE_URL"] == "" {
				t.Setenv("WECHAT_BASE_URL", url)
			}
			unitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("provider \"wechat\" {\n  %s\n}\n", tt.config) + planDataSource,
					ExpectError: errorPattern(tt.want),
				}},
			})
		})
	}
	if n := mock.TokenCalls() + mock.Calls(wechatmock.PathGrayReleasePlan); n != 0 {
		t.Errorf("bad configurations made %d calls to WeChat, want none", n)
	}
}

// A value only known after apply cannot configure a provider that reads
// during plan: the error says so instead of reading with an empty secret.
func TestProvider_unknownValue(t *testing.T) {
	t.Parallel()
	_, url := newMock(t)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "later" {
  input = %q
}
provider "wechat" {
  appid    = %q
  secret   = terraform_data.later.output
  base_url = %q
}
`, testSecret, testAppID, url) + planDataSource,
			ExpectError: errorPattern("The provider needs secret to read data during plan, but it depends on something not yet applied"),
		}},
	})
}

// token_api only matters with a secret: with a ready-made token the plan
// works, fetches nothing, and warns that the setting does nothing.
func TestProvider_tokenAPIWarningWithReadyToken(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	mock.AddAccessToken(testAppID, "MOCK_READY")
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + fmt.Sprintf(`
provider "wechat" {
  access_token = "MOCK_READY"
  token_api    = "classic"
  base_url     = %q
}
`, url) + planDataSource})
	stdout, stderr := w.run(false, "plan", "-input=false", "-no-color")
	if out := strings.Join(strings.Fields(stdout+stderr), " "); !strings.Contains(out, "token_api has no effect") {
		t.Errorf("the plan does not warn that token_api has no effect:\n%s%s", stdout, stderr)
	}
	if n := mock.TokenCalls(); n != 0 {
		t.Errorf("a ready token must need no token call, saw %d", n)
	}
	if n := mock.Calls("/wxa/getgrayreleaseplan"); n != 1 {
		t.Errorf("plan calls = %d, want 1", n)
	}
}

// One run reports every problem the configuration has, each in its own
// words, and quotes neither credential. The values come from variables, so
// validate time cannot see them and Configure must report them all.
func TestProvider_everyConfigErrorInOneRun(t *testing.T) {
	t.Parallel()
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + `
variable "appid" {
  default = "wx123"
}
variable "base_url" {
  default = "ftp://example.com"
}
variable "secret" {
  default   = "` + testSecret + `"
  sensitive = true
}
variable "token" {
  default   = "MOCK_TOKEN_IN_CONFIG "
  sensitive = true
}
provider "wechat" {
  appid        = var.appid
  secret       = var.secret
  access_token = var.token
  base_url     = var.base_url
}
` + planDataSource})
	stdout, stderr := w.run(true, "plan", "-input=false", "-no-color")
	out := strings.Join(strings.Fields(stdout+stderr), " ")
	for _, want := range []string{
		`"wx123" is not a mini program AppID`,
		"Conflicting WeChat credentials",
		"access_token: the value has leading or trailing whitespace",
		`"ftp://example.com" must start with https://`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plan does not report %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{testSecret, "MOCK_TOKEN_IN_CONFIG"} {
		if strings.Contains(stdout+stderr, secret) {
			t.Errorf("plan output quotes a credential:\n%s", stdout+stderr)
		}
	}
}

// A block given another app's token takes no appid from WECHAT_APPID: the
// read is not labeled with an app it did not read.
func TestProvider_tokenBlockIgnoresEnvironmentAppID(t *testing.T) {
	mock, url := newMock(t)
	mock.AddAccessToken(testAppID, "MOCK_READY")
	t.Setenv("WECHAT_APPID", otherAppID)
	t.Setenv("WECHAT_SECRET", otherSecret)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "wechat" {
  access_token = "MOCK_READY"
  base_url     = %q
}
`, url) + planDataSource,
			ConfigStateChecks: []statecheck.StateCheck{expectAttr("appid", knownvalue.Null())},
		}},
	})
}
