package provider

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// The wording of each failure, as the user reads it, without a CLI.
func TestCallDiagnostic_wording(t *testing.T) {
	apiErr := func(code int64, msg string, tokenCall bool) *wechat.APIError {
		return &wechat.APIError{Path: "/wxa/getgrayreleaseplan", TokenCall: tokenCall, Code: code, Message: msg}
	}
	tests := []struct {
		name     string
		err      error
		tokenAPI string
		summary  string
		detail   []string
	}{
		{"busy", apiErr(-1, "system error", false), "stable", "WeChat is busy", []string{"errcode: -1"}},
		{"wrong secret on the token call", apiErr(40001, "invalid credential", true), "stable", "WeChat rejected the AppSecret", []string{"开发管理 > 开发设置 > AppSecret"}},
		{"40001 on a business call is not about the secret", apiErr(40001, "invalid credential", false), "stable", "WeChat returned errcode 40001", nil},
		{"stale fresh token, stable API", &wechat.StaleTokenError{Refreshed: true, Err: apiErr(40001, "x", false)}, "stable",
			"WeChat keeps rejecting fresh access tokens", []string{"another system of this app force-refreshed"}},
		{"stale fresh token, classic API", &wechat.StaleTokenError{Refreshed: true, Err: apiErr(40001, "x", false)}, "classic",
			"WeChat keeps rejecting fresh access tokens", []string{`token_api = "classic"`, "other provider blocks (aliases)", "Remove token_api"}},
		{"ready-made token rejected", &wechat.StaleTokenError{Err: apiErr(42001, "expired", false)}, "",
			"The configured access token was rejected", []string{"cannot refresh a token it was given"}},
		{"daily quota", apiErr(45009, "reach max api daily quota limit", false), "stable", "WeChat's daily quota for this call is used up", []string{"clear_quota"}},
		{"timeout", &wechat.TransportError{Method: "GET", Path: "/x", Timeout: true}, "stable", "WeChat did not answer in time", []string{"request_timeout"}},
		{"html page", &wechat.HTTPError{Path: "/x", StatusCode: 404}, "stable", "Unexpected HTTP 404 from WeChat", []string{"base_url"}},
		{"canceled", context.Canceled, "stable", "Canceled", nil},
		{"not WeChat's answer", &wechat.BadResponseError{Path: "/x", NotWeChat: true, Problem: "no errcode"}, "stable",
			"The answer did not come from the WeChat API", []string{"base_url", "proxy"}},
		{"unknown path (a proxy rewrote it)", apiErr(404, "api not found", false), "stable",
			"WeChat does not know this API path", []string{"proxy or gateway", "rewritten the path"}},
		{"caller IP named", apiErr(40164, "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist", true), "stable",
			"This machine's IP address is not on the app's API IP whitelist", []string{"WeChat saw the call come from 203.0.113.7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := callDiagnostic(tt.err, tt.tokenAPI)
			if d.Summary() != tt.summary {
				t.Errorf("summary = %q, want %q", d.Summary(), tt.summary)
			}
			detail := strings.Join(strings.Fields(d.Detail()), " ")
			for _, want := range tt.detail {
				if !strings.Contains(detail, want) {
					t.Errorf("detail lacks %q:\n%s", want, d.Detail())
				}
			}
			if strings.Contains(d.Detail(), "%!") {
				t.Errorf("detail holds a formatting error:\n%s", d.Detail())
			}
		})
	}
}

func TestCallDiagnostic_endsWithWeChatsFacts(t *testing.T) {
	err := &wechat.APIError{Path: "/x", Code: 45009, Message: "reach max api daily quota limit rid: 6a1b-22c3", RID: "6a1b-22c3"}
	d := callDiagnostic(err, "stable")
	for _, want := range []string{"errcode: 45009", "rid: 6a1b-22c3 (quote it to WeChat support)"} {
		if !strings.Contains(d.Detail(), want) {
			t.Errorf("detail lacks %q:\n%s", want, d.Detail())
		}
	}
	if d := callDiagnostic(errors.New("gave up after 4 attempts: boom"), ""); !strings.HasSuffix(d.Detail(), "Cause: Gave up after 4 attempts: boom") {
		t.Errorf("an unknown error must come last, as a sentence:\n%s", d.Detail())
	}
	if d := callDiagnostic(err, ""); strings.Count(d.Detail(), "6a1b-22c3") != 1 {
		t.Errorf("the rid must be shown once:\n%s", d.Detail())
	}
}

func TestRateLimitWarning(t *testing.T) {
	d := rateLimitWarning(61*time.Second, true)
	if d.Severity() != diag.SeverityWarning || !strings.Contains(d.Detail(), "waited 1m1s") || !strings.Contains(d.Detail(), "then succeeded") {
		t.Errorf("got %s: %s", d.Summary(), d.Detail())
	}
}
