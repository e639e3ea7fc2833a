package provider

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// A base_url with a path is refused when the configuration is checked,
// before any call: the provider adds each API's path itself, and WeChat
// would answer only "api not found".
func TestProvider_baseURLWithAPathIsRefusedBeforeAnyCall(t *testing.T) {
	mock, url := newMock(t)
	for _, tt := range []struct{ name, config string }{
		{"in the configuration", providerConfig(url+"/wechat") + planDataSource},
		{"from WECHAT_BASE_URL", `provider "wechat" {}` + planDataSource},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(tt.name, "WECHAT") {
				t.Setenv("WECHAT_APPID", testAppID)
				t.Setenv("WECHAT_SECRET", testSecret)
				t.Setenv("WECHAT_BASE_URL", url+"/cgi-bin")
			}
			unitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps:                    []resource.TestStep{{Config: tt.config, ExpectError: errorPattern("Invalid", "must be a bare host", "without a path")}},
			})
		})
	}
	if n := mock.TokenCalls() + mock.Calls(wechatmock.PathGrayReleasePlan); n != 0 {
		t.Errorf("%d calls reached WeChat", n)
	}
}

// A failure is one Error: block, its cause folded into it, however the
// retries ended.
func TestProvider_oneErrorBlockPerFailure(t *testing.T) {
	t.Parallel()
	for name, fault := range map[string]wechatmock.Fault{
		"connection cut": {HangUp: true},
		"HTTP 503":       {Status: 503},
		"an errcode":     {ErrCode: 48001, ErrMsg: "api unauthorized"},
		"broken answers": {Body: "{\"errcode\":0,"},
	} {
		t.Run(name, func(t *testing.T) {
			mock, url := newMock(t)
			mock.SetStandingFault(wechatmock.PathGrayReleasePlan, &fault)
			w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + providerConfig(url) + planDataSource})
			stdout, stderr := w.run(true, "plan", "-input=false", "-no-color")
			if n := strings.Count(stdout+stderr, "Error:"); n != 1 {
				t.Errorf("%d Error: blocks for one failure:\n%s%s", n, stdout, stderr)
			}
			if name == "connection cut" && !errorPattern("Could not reach WeChat", "Cause:", "GET /wxa/getgrayreleaseplan").MatchString(stderr) {
				t.Errorf("the cause is not folded into the error:\n%s", stderr)
			}
		})
	}
}

// With base_url set, the advice names the host it points at, not WeChat's.
func TestProvider_adviceNamesTheHostInBaseURL(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	host := strings.TrimPrefix(url, "http://")
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			PreConfig:   func() { mock.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Delay: 3 * time.Second}) },
			Config:      providerConfig(url, `request_timeout = "1s"`, "max_retries = 0") + planDataSource,
			ExpectError: errorPattern("WeChat did not answer in time", "Check that this machine reaches "+host),
		}},
	})
}

// WECHAT_SECRET with surrounding whitespace is an environment problem: the
// advice says how to set the variable, not how to call file().
func TestProvider_secretFromTheEnvironmentWithANewline(t *testing.T) {
	_, url := newMock(t)
	t.Setenv("WECHAT_SECRET", testSecret+"\n")
	t.Setenv("WECHAT_APPID", testAppID)
	t.Setenv("WECHAT_BASE_URL", url)
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + `provider "wechat" {}` + planDataSource},
		"WECHAT_SECRET="+testSecret+"\n", "WECHAT_APPID="+testAppID, "WECHAT_BASE_URL="+url)
	stdout, stderr := w.run(true, "plan", "-input=false", "-no-color")
	text := stdout + stderr
	if !errorPattern("Invalid WECHAT_SECRET", "WECHAT_SECRET", "whitespace", "set WECHAT_SECRET without it").MatchString(text) || strings.Contains(text, "file(") {
		t.Errorf("want advice about the environment variable, not file():\n%s", text)
	}
	if strings.Contains(text, testSecret) {
		t.Errorf("the output holds the secret:\n%s", text)
	}
}

// The same, without a CLI: each transport failure names base_url's host.
func TestDiagnose_namesBaseURLHost(t *testing.T) {
	for _, err := range []error{
		&wechat.TransportError{Method: "GET", Path: "/x", Timeout: true},
		&wechat.RetriesExhaustedError{Attempts: 4, Err: &wechat.TransportError{Method: "GET", Path: "/x", Err: io.EOF}},
	} {
		if d := diagnose(err, "", "gw.example.com:8443"); !strings.Contains(d.Detail(), "reaches gw.example.com:8443 (base_url)") {
			t.Errorf("%v: the advice does not name base_url's host:\n%s", err, d.Detail())
		}
		if d := callDiagnostic(err, ""); !strings.Contains(d.Detail(), "reaches api.weixin.qq.com") {
			t.Errorf("%v: the advice does not name WeChat's host:\n%s", err, d.Detail())
		}
	}
}
