package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// env is a fake environment for clientConfig.
type env map[string]string

func (e env) get(k string) string { return e[k] }

// diagText is every summary and detail, for asserting what a user reads.
func diagText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary() + ": " + d.Detail() + "\n")
	}
	return b.String()
}

func TestClientConfig_resolution(t *testing.T) {
	tests := []struct {
		name                   string
		model                  providerModel
		env                    env
		wantAppID, wantSecret  string
		wantToken, wantBaseURL string
	}{
		{
			name:      "everything from the environment",
			env:       env{envAppID: testAppID, envSecret: testSecret, envBaseURL: "https://api2.weixin.qq.com"},
			wantAppID: testAppID, wantSecret: testSecret, wantBaseURL: "https://api2.weixin.qq.com",
		},
		{
			name:      "configuration wins over the environment",
			model:     providerModel{AppID: types.StringValue(otherAppID), Secret: types.StringValue(otherSecret)},
			env:       env{envAppID: testAppID, envSecret: testSecret},
			wantAppID: otherAppID, wantSecret: otherSecret,
		},
		{
			// Issue 8 item 9: a block with another app's token must not be
			// labeled with the environment's appid.
			name:      "a credential in the block takes no appid from the environment",
			model:     providerModel{AccessToken: types.StringValue("MOCK_OTHER")},
			env:       env{envAppID: testAppID, envSecret: testSecret},
			wantToken: "MOCK_OTHER",
		},
		{
			name:      "an appid in the block takes its secret from the environment",
			model:     providerModel{AppID: types.StringValue(otherAppID)},
			env:       env{envSecret: otherSecret},
			wantAppID: otherAppID, wantSecret: otherSecret,
		},
		{
			name:        "base_url is not a credential: it still comes from the environment",
			model:       providerModel{AccessToken: types.StringValue("MOCK_T")},
			env:         env{envBaseURL: "https://sh.api.weixin.qq.com"},
			wantToken:   "MOCK_T",
			wantBaseURL: "https://sh.api.weixin.qq.com",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, diags := tt.model.clientConfig(tt.env.get)
			if diags.HasError() {
				t.Fatalf("unexpected errors:\n%s", diagText(diags))
			}
			if cfg.AppID != tt.wantAppID || cfg.Secret != tt.wantSecret || cfg.AccessToken != tt.wantToken || cfg.BaseURL != tt.wantBaseURL {
				t.Errorf("got appid %q, secret set %v, token %q, base_url %q; want %q, %v, %q, %q",
					cfg.AppID, cfg.Secret != "", cfg.AccessToken, cfg.BaseURL, tt.wantAppID, tt.wantSecret != "", tt.wantToken, tt.wantBaseURL)
			}
		})
	}
}

func TestClientConfig_errors(t *testing.T) {
	tests := []struct {
		name  string
		model providerModel
		env   env
		want  []string // every phrase must be in the diagnostics, in one run
	}{
		{"no credentials", providerModel{}, nil, []string{"No WeChat credentials"}},
		{"two credentials from the environment", providerModel{},
			env{envAppID: testAppID, envSecret: testSecret, envAccessToken: "MOCK_T"},
			[]string{"Conflicting WeChat credentials", "Both secret (from WECHAT_SECRET) and access_token (from WECHAT_ACCESS_TOKEN) are set"}},
		{"secret without appid", providerModel{Secret: types.StringValue(testSecret)}, nil, []string{"A secret needs the appid"}},
		{"malformed appid from the environment", providerModel{}, env{envAppID: "wx-app-1", envSecret: testSecret},
			[]string{`From WECHAT_APPID: "wx-app-1" is not a mini program AppID`}},
		{"secret with a newline from the environment", providerModel{}, env{envAppID: testAppID, envSecret: testSecret + "\n"},
			[]string{"From WECHAT_SECRET: the variable's value has leading or trailing whitespace", "set WECHAT_SECRET without it"}},
		{"base_url with a path from the environment", providerModel{}, env{envAppID: testAppID, envSecret: testSecret, envBaseURL: "https://api.weixin.qq.com/cgi-bin"},
			[]string{"Invalid WECHAT_BASE_URL", "without a path"}},
		{"every problem in one run", providerModel{}, env{envAppID: "wx-bad", envSecret: " x", envBaseURL: "http://example.com"},
			[]string{"Invalid WECHAT_APPID", "Invalid WECHAT_SECRET", "Invalid WECHAT_BASE_URL"}},
		{"unknown secret", providerModel{AppID: types.StringValue(testAppID), Secret: types.StringUnknown()}, nil,
			[]string{"The provider needs secret to read data during plan", "or WECHAT_SECRET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := tt.model.clientConfig(tt.env.get)
			text := diagText(diags)
			if !diags.HasError() {
				t.Fatalf("no error; diagnostics:\n%s", text)
			}
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("diagnostics lack %q:\n%s", want, text)
				}
			}
			for _, secret := range []string{testSecret, " x"} {
				if strings.Contains(text, secret) {
					t.Errorf("diagnostics quote a secret:\n%s", text)
				}
			}
			// A value from the environment was not read with file().
			if strings.Contains(tt.name, "from the environment") && strings.Contains(text, "file(") {
				t.Errorf("advice about file() for a value from the environment:\n%s", text)
			}
		})
	}
}

func TestClientConfig_tokenAPIWarning(t *testing.T) {
	m := providerModel{AccessToken: types.StringValue("MOCK_T"), TokenAPI: types.StringValue("classic")}
	_, diags := m.clientConfig(env{}.get)
	if diags.HasError() || diags.WarningsCount() != 1 || !strings.Contains(diagText(diags), "token_api has no effect") {
		t.Errorf("want one warning that token_api has no effect, got:\n%s", diagText(diags))
	}
}
