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
		case q.Get("appid") == wechatmock.FixtureBlogAppID:
			http.Error(w, "unknown authorizer", http.StatusNotFound)
		default:
			_, _ = w.Write([]byte(`{"token":"CENTRAL_` + q.Get("appid") + `","expires_in":7000}`))
		}
	}))
	defer srv.Close()
	tc, err := wechat.NewTokenCommand(wechat.TokenCommandConfig{Command: script, ComponentAppID: wechatmock.FixtureComponentAppID,
		Env: map[string]string{"TOKEN_SERVICE": srv.URL, "TOKEN_SERVICE_KEY": key}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if tok, err := tc.Token(ctx, wechat.TokenKindAuthorizer, wechatmock.FixtureAppID); err != nil || tok.Value != "CENTRAL_"+wechatmock.FixtureAppID || tok.ExpiresAt.IsZero() {
		t.Errorf("authorizer token %+v, %v", tok, err)
	}
	if tok, err := tc.Token(ctx, wechat.TokenKindComponent, wechatmock.FixtureComponentAppID); err != nil || tok.Value != "CENTRAL_"+wechatmock.FixtureComponentAppID {
		t.Errorf("component token %+v, %v", tok, err)
	}
	_, err = tc.Token(ctx, wechat.TokenKindAuthorizer, wechatmock.FixtureBlogAppID)
	if err == nil || !strings.Contains(err.Error(), "404") || strings.Contains(err.Error(), key) {
		t.Errorf("a failing token server: %v; want curl's 404, without the key", err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{"authorizer " + wechatmock.FixtureAppID + " initial", "component " + wechatmock.FixtureComponentAppID + " initial", "authorizer " + wechatmock.FixtureBlogAppID + " initial"}
	if strings.Join(asked, ",") != strings.Join(want, ",") {
		t.Errorf("the token server was asked %q, want %q", asked, want)
	}
}
