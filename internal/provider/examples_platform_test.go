package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// The examples' third-party platform: its appid, as the examples write it,
// and the prefix of the tokens the test program hands out in their place.
const (
	examplePlatformAppID = "wx00000000000000c1"
	examplePlatformToken = "EXAMPLE_PLATFORM_TOKEN_"
)

// platformEnv points the examples' token_command variable at the test
// token program, which takes its settings from the environment.
func platformEnv(t *testing.T) []string {
	t.Helper()
	bin, err := wechatmock.BuildTokenFake()
	if err != nil {
		t.Fatal(err)
	}
	return []string{"TF_VAR_token_command=" + bin, "FAKE_TOKEN_PREFIX=" + examplePlatformToken, "TF_VAR_token_service_key=example-service-key-0123"}
}

// seedPlatform authorizes the examples' two apps to their platform, the
// shop live at 1.4.2 with an approved audit.
func seedPlatform(m *wechatmock.Server) {
	m.AddComponentToken(examplePlatformAppID, examplePlatformToken+examplePlatformAppID)
	for _, id := range []string{exampleAppID, exampleBlogAppID} {
		m.AddAuthorizer(examplePlatformAppID, id, examplePlatformToken+id, wechatmock.PermissionSetCodeManagement)
	}
	m.SetVersionInfo(exampleAppID, map[string]any{"release_info": map[string]any{"release_version": "1.4.2", "release_desc": "", "release_time": 1690000000}})
	m.SetLatestAudit(exampleAppID, map[string]any{"auditid": 42, "status": 0, "user_version": "1.4.2"})
}

func init() {
	for name, tc := range map[string]exampleCase{
		"provider/provider-token-command.tf": {platform: func(_ *testing.T, w *workspace, _ *wechatmock.Server) { planOnly(w) }},
		"data-sources/wechat_authorizers/data-source.tf": {platform: func(t *testing.T, w *workspace, _ *wechatmock.Server) {
			expectOutputs(t, applyForOutputs(w), map[string]any{"authorized_appids": []any{exampleAppID, exampleBlogAppID}})
		}},
		"data-sources/wechat_authorizers/fleet-gate.tf": {platform: func(t *testing.T, w *workspace, m *wechatmock.Server) {
			_, stderr := w.run(true, "plan", "-input=false", "-no-color")
			if !strings.Contains(oneLine(stderr), "Still rolling out: "+exampleAppID+".") {
				t.Errorf("the fleet gate must hold while one app rolls out:\n%s", stderr)
			}
			m.SetPlan(exampleAppID, map[string]any{"status": 3, "gray_percentage": 100})
			w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
		}},
		"data-sources/wechat_version_info/data-source.tf": {platform: func(t *testing.T, w *workspace, m *wechatmock.Server) {
			w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
			_, stderr := w.run(true, "plan", "-input=false", "-no-color", "-var", "app_version=1.5.0")
			if !strings.Contains(oneLine(stderr), "The live mini program is 1.4.2, not 1.5.0.") {
				t.Errorf("the gate must hold until 1.5.0 is live:\n%s", stderr)
			}
		}},
		"data-sources/wechat_audit_status/check.tf": {platform: func(t *testing.T, w *workspace, m *wechatmock.Server) {
			if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); strings.Contains(stdout, "WeChat rejected") {
				t.Errorf("an approved audit must not warn:\n%s", stdout)
			}
			m.SetLatestAudit(exampleAppID, map[string]any{"auditid": 43, "status": 1, "user_version": "1.5.0", "reason": "privacy policy missing"})
			if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); !strings.Contains(oneLine(stdout), "WeChat rejected version 1.5.0: privacy policy missing") {
				t.Errorf("a rejection must warn:\n%s", stdout)
			}
		}},
		"guides/own-and-platform.tf": {platform: func(t *testing.T, w *workspace, m *wechatmock.Server) {
			m.SetVersionInfo(exampleBlogAppID, map[string]any{"release_info": map[string]any{"release_version": "2.0.0"}})
			expectOutputs(t, applyForOutputs(w), map[string]any{"versions": map[string]any{"own_rollout": "running", "blog_release": "2.0.0"}})
		}},
		"guides/tofu-provider-for-each.tf": {tofuMin: "1.9.0", tofuOnly: true, once: func(w *workspace) {
			out := applyForOutputs(w)
			if out["all_released"] != false {
				w.t.Errorf("all_released = %v, want false while the shop rolls out", out["all_released"])
			}
		}},
	} {
		exampleCases[name] = tc
	}
}

// The guide's token command script, run by the provider's token command
// runner against a stand-in for a central token server.
func TestExamples_tokenCommandScript(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the script needs %s", tool)
		}
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "examples", "guides", "wechat-token.sh"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(script); err != nil {
		t.Fatal(err)
	}
	runTokenScript(t, script)
}

// runTokenScript checks the script against the contract: the kind, appid
// and reason reach the token server, the token comes back, and a failing
// server gives an error that shows curl's complaint but not the key.
func runTokenScript(t *testing.T, script string) {
	const key = "token-service-key-0123456789"
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		mu.Lock()
		asked = append(asked, q.Get("kind")+" "+q.Get("appid")+" "+q.Get("reason"))
		mu.Unlock()
		switch {
		case r.Header.Get("Authorization") != "Bearer "+key:
			http.Error(w, "no key", http.StatusUnauthorized)
		case q.Get("appid") == exampleBlogAppID:
			http.Error(w, "unknown authorizer", http.StatusNotFound)
		default:
			_, _ = w.Write([]byte(`{"token":"CENTRAL_` + q.Get("appid") + `","expires_in":7000}`))
		}
	}))
	defer srv.Close()
	tc, err := wechat.NewTokenCommand(wechat.TokenCommandConfig{Command: script, ComponentAppID: examplePlatformAppID,
		Env: map[string]string{"TOKEN_SERVICE": srv.URL, "TOKEN_SERVICE_KEY": key}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if tok, err := tc.Token(ctx, wechat.TokenKindAuthorizer, exampleAppID); err != nil || tok.Value != "CENTRAL_"+exampleAppID || tok.ExpiresAt.IsZero() {
		t.Errorf("authorizer token %+v, %v", tok, err)
	}
	if tok, err := tc.Token(ctx, wechat.TokenKindComponent, examplePlatformAppID); err != nil || tok.Value != "CENTRAL_"+examplePlatformAppID {
		t.Errorf("component token %+v, %v", tok, err)
	}
	_, err = tc.Token(ctx, wechat.TokenKindAuthorizer, exampleBlogAppID)
	if err == nil || !strings.Contains(err.Error(), "404") || strings.Contains(err.Error(), key) {
		t.Errorf("a failing token server: %v; want curl's 404, without the key", err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"authorizer " + exampleAppID + " initial", "component " + examplePlatformAppID + " initial", "authorizer " + exampleBlogAppID + " initial"}
	if strings.Join(asked, ",") != strings.Join(want, ",") {
		t.Errorf("the token server was asked %q, want %q", asked, want)
	}
}
