package wechat_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func TestRedact(t *testing.T) {
	const tok = "TOKENabc123-_xyz"
	tests := []struct {
		name    string
		in      string
		secrets []string
		want    string
	}{
		{"configured value anywhere", "wrong key " + secret + " given", []string{secret}, "wrong key [redacted] given"},
		{"a value that cleaning would change", "x a  b\ty", []string{"a  b\ty"}, "x [redacted]"},
		{"several values", "a=" + secret + " b=other", []string{"other", secret}, "a=[redacted] b=[redacted]"},
		{"empty secret is ignored", "plain text", []string{""}, "plain text"},
		{"query access_token", "GET /wxa/x?access_token=" + tok + "&a=1 HTTP/1.1", nil, "GET /wxa/x?access_token=[redacted]&a=1 HTTP/1.1"},
		{"query secret", "/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=" + tok, nil, "/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=[redacted]"},
		{"query keys any case", "ACCESS_TOKEN=" + tok + " Secret=" + tok, nil, "ACCESS_TOKEN=[redacted] Secret=[redacted]"},
		{"query component_access_token", "component_access_token=" + tok, nil, "component_access_token=[redacted]"},
		{"query authorizer_access_token", "authorizer_access_token=" + tok, nil, "authorizer_access_token=[redacted]"},
		{"query refresh_token", "refresh_token=" + tok, nil, "refresh_token=[redacted]"},
		{"query authorizer_refresh_token", "authorizer_refresh_token=" + tok, nil, "authorizer_refresh_token=[redacted]"},
		{"query component_appsecret", "component_appsecret=" + tok, nil, "component_appsecret=[redacted]"},
		{"URL-encoded query", "url=%2Fcgi-bin%2Ftoken%3Fsecret%3D" + tok + "%26a%3D1", nil, "url=%2Fcgi-bin%2Ftoken%3Fsecret%3D[redacted]%26a%3D1"},
		{"JSON secret", `{"appid":"wx1","secret":"` + tok + `"}`, nil, `{"appid":"wx1","secret":"[redacted]"}`},
		{"JSON access_token with spaces", `{"access_token" : "` + tok + `", "expires_in":7200}`, nil, `{"access_token" : "[redacted]", "expires_in":7200}`},
		{"JSON keys any case", `{"Access_Token":"` + tok + `"}`, nil, `{"Access_Token":"[redacted]"}`},
		{"JSON component_access_token", `{"component_access_token":"` + tok + `"}`, nil, `{"component_access_token":"[redacted]"}`},
		{"JSON authorizer_access_token", `{"authorizer_access_token":"` + tok + `"}`, nil, `{"authorizer_access_token":"[redacted]"}`},
		{"JSON refresh_token", `{"refresh_token":"` + tok + `"}`, nil, `{"refresh_token":"[redacted]"}`},
		{"JSON authorizer_refresh_token", `{"authorizer_refresh_token":"` + tok + `"}`, nil, `{"authorizer_refresh_token":"[redacted]"}`},
		{"JSON component_verify_ticket", `{"component_verify_ticket":"` + tok + `"}`, nil, `{"component_verify_ticket":"[redacted]"}`},
		{"JSON quoted inside a string", `hint: {\"secret\":\"` + tok + `\"}`, nil, `hint: {\"secret\":\"[redacted]\"}`},
		{"a key as another key's value", `"ACCess_token":"secret":"` + tok + `"0`, nil, `"ACCess_token":"[redacted]":"[redacted]"0`},
		{"a key as another key's value, inside a string", `\"access_token\":\"secret\":\"` + tok + `\"`, nil, `\"access_token\":\"[redacted]\":\"[redacted]\"`},
		{"a key as another key's value, then unquoted", `{"access_token":"secret": ` + tok + `}`, nil, `{"access_token":"[redacted]": [redacted]}`},
		{"ANSI color and title", "\x1b[31mred\x1b[0m \x1b]0;owned\x07done", nil, "red done"},
		{"BEL, CR, DEL, C1", "a\x07b\rc\x7fd\u009be", nil, "ab cde"},
		{"newlines and tabs become single spaces", "line1\n\n\tline2", nil, "line1 line2"},
		{"bidi override", "abc\u202edcba", nil, "abcdcba"},
		{"invalid UTF-8", "a\xffb", nil, "a?b"},
		{"an escape sequence eating into a key", "\x1b[access_token=" + tok + "&x=1", nil, "ccess_token=[redacted]&x=1"},
		{"a control character inside a key", "acc\u202eess_token=" + tok, nil, "access_token=[redacted]"},
		{"ordinary text is kept", "invalid ip 203.0.113.7, not in whitelist rid: 1-2", nil, "invalid ip 203.0.113.7, not in whitelist rid: 1-2"},
		{"a control character inside a configured value", "x " + secret[:10] + "\a" + secret[10:], []string{secret}, "x [redacted]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wechat.Redact(tt.in, tt.secrets...); got != tt.want {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// fragments lists every 8-character piece of s: a leak of any of them
// is a leak of the credential.
func fragments(s string) []string {
	var out []string
	for i := 0; i+8 <= len(s); i++ {
		out = append(out, s[i:i+8])
	}
	return out
}

func assertNoFragment(t *testing.T, text, credential string) {
	t.Helper()
	for _, f := range fragments(credential) {
		if strings.Contains(text, f) {
			t.Fatalf("text holds %q, a piece of a credential: %s", f, text)
		}
	}
}

func assertPrintableLine(t *testing.T, text string) {
	t.Helper()
	for _, r := range text {
		if unicode.IsControl(r) {
			t.Fatalf("text holds control character %U: %q", r, text)
		}
	}
}

// A proxy's error page may quote the request URL, token included, with the
// token straddling the snippet's cut.
func TestClient_proxyPageQuotingTheTokenIsRedacted(t *testing.T) {
	for _, pad := range []int{100, 110, 115, 119} {
		t.Run(fmt.Sprint(pad), func(t *testing.T) { proxyPageQuotingTheToken(t, pad) })
	}
}

func proxyPageQuotingTheToken(t *testing.T, pad int) {
	m, url := startMock(t)
	c := newClient(t, url, func(cfg *wechat.Config) { cfg.MaxRetries = 0 })
	tok, err := c.AccessToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	page := strings.Repeat("x", pad) + " " + tok.Value + " denied"
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Status: 403, Body: page})
	_, err = c.GetGrayReleasePlan(context.Background())
	var h *wechat.HTTPError
	if !errors.As(err, &h) {
		t.Fatalf("want an HTTPError, got %v", err)
	}
	assertNoFragment(t, err.Error(), tok.Value)
}

// With the classic token API the secret travels in the URL; a business
// call's proxy page may quote it cut in the middle.
func TestClient_configuredSecretStraddlingTheCutIsRedacted(t *testing.T) {
	m, url := startMock(t)
	c := newClient(t, url, func(cfg *wechat.Config) { cfg.MaxRetries = 0 })
	if _, err := c.AccessToken(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Status: 403, Body: strings.Repeat("y", 110) + " " + secret})
	_, err := c.GetGrayReleasePlan(context.Background())
	if err == nil {
		t.Fatal("want an error")
	}
	assertNoFragment(t, err.Error(), secret)
}

// A token endpoint's failure shows no body text: it may echo the request
// (the secret) or carry a new token.
func TestClient_failedTokenCallShowsNoBody(t *testing.T) {
	const fresh = "FRESHTOKEN0123456789abcdef"
	tests := []struct {
		name  string
		api   string
		fault wechatmock.Fault
	}{
		{"403 echoing the classic URL", wechat.TokenAPIClassic, wechatmock.Fault{Status: 403, Body: "denied GET /cgi-bin/token?appid=wx1&secret=" + secret}},
		{"4xx echoing the request body", wechat.TokenAPIStable, wechatmock.Fault{Status: 400, Body: `bad request {"appid":"wx1","secret":"` + secret + `"}`}},
		{"500 with a token", wechat.TokenAPIStable, wechatmock.Fault{Status: 500, Body: `{"access_token":"` + fresh + `","expires_in":7200}`}},
		{"500 with a bare token", wechat.TokenAPIStable, wechatmock.Fault{Status: 502, Body: "upstream said " + fresh}},
		{"200 HTML", wechat.TokenAPIStable, wechatmock.Fault{Body: "<html>" + fresh + "</html>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, url := startMock(t)
			path := wechatmock.PathStableToken
			if tt.api == wechat.TokenAPIClassic {
				path = wechatmock.PathToken
			}
			m.InjectFaults(path, tt.fault)
			c := newClient(t, url, func(cfg *wechat.Config) { cfg.MaxRetries, cfg.TokenAPI = 0, tt.api })
			_, err := c.GetGrayReleasePlan(context.Background())
			if err == nil {
				t.Fatal("want an error")
			}
			assertNoFragment(t, err.Error(), secret)
			assertNoFragment(t, err.Error(), fresh)
			if strings.Contains(err.Error(), "denied") || strings.Contains(err.Error(), "upstream") || strings.Contains(err.Error(), "html") {
				t.Errorf("the error shows the token endpoint's body: %v", err)
			}
		})
	}
}

func TestClient_errmsgIsCleanedAndCapped(t *testing.T) {
	const foreign = "SOMEONEELSESTOKEN12345"
	m, url := startMock(t)
	c := newClient(t, url)
	if _, err := c.AccessToken(context.Background()); err != nil {
		t.Fatal(err)
	}
	msg := "\x1b[2J\x1b]0;pwned\x07bad\rcall access_token=" + foreign + " " + strings.Repeat("z", 100_000)
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: 48001, ErrMsg: msg})
	_, err := c.GetGrayReleasePlan(context.Background())
	apiErr, ok := wechat.AsAPIError(err)
	if !ok || apiErr.Code != 48001 {
		t.Fatalf("want errcode 48001, got %v", err)
	}
	assertPrintableLine(t, err.Error())
	assertNoFragment(t, err.Error(), foreign)
	if n := len(apiErr.Message); n > 310 {
		t.Errorf("errmsg is %d bytes long; want it capped near 300", n)
	}
	if !strings.HasPrefix(apiErr.Message, "bad call access_token=[redacted]") {
		t.Errorf("errmsg = %.60q…", apiErr.Message)
	}
}

func TestClient_snippetsAreCleaned(t *testing.T) {
	m, url := startMock(t)
	c := newClient(t, url, func(cfg *wechat.Config) { cfg.MaxRetries = 0 })
	if _, err := c.AccessToken(context.Background()); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]wechatmock.Fault{
		"HTTP 404": {Status: 404, Body: "\x1b[31mnot\a found\r\x1b[0m"},
		"not JSON": {Body: "<html>\x1b[31mnot\a found\r\x1b[0m"},
	} {
		t.Run(name, func(t *testing.T) {
			m.InjectFaults(wechatmock.PathGrayReleasePlan, f)
			_, err := c.GetGrayReleasePlan(context.Background())
			if err == nil {
				t.Fatal("want an error")
			}
			assertPrintableLine(t, err.Error())
		})
	}
}

// A proxy's refusal of CONNECT, or a transport's own error, may quote the
// request; the client keeps only its redacted text.
func TestClient_transportErrorTextIsRedacted(t *testing.T) {
	_, url := startMock(t)
	c := newClient(t, url, func(cfg *wechat.Config) {
		cfg.MaxRetries = 0
		cfg.TokenAPI = wechat.TokenAPIClassic
		cfg.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return nil, errors.New("proxy refused " + r.URL.String() + "\x1b[2J")
		})}
	})
	_, err := c.GetGrayReleasePlan(context.Background())
	var transport *wechat.TransportError
	if !errors.As(err, &transport) {
		t.Fatalf("want a TransportError, got %v", err)
	}
	assertNoFragment(t, err.Error(), secret)
	assertPrintableLine(t, err.Error())
}

// WeChat's errcode wins even when the rest of the answer does not fit its
// type; without the fallback this reads as an unusable answer.
func TestClient_errcodeOfAnAnswerThatDoesNotFit(t *testing.T) {
	m, url := startMock(t)
	c := newClient(t, url)
	if _, err := c.AccessToken(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Body: `{"errcode":48001,"errmsg":"api unauthorized","gray_release_plan":"n/a"}`})
	_, err := c.GetGrayReleasePlan(context.Background())
	if apiErr, ok := wechat.AsAPIError(err); !ok || apiErr.Code != 48001 {
		t.Fatalf("want errcode 48001, got %v", err)
	}
}
