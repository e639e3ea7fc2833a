package wechatmock_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const (
	appID  = wechatmock.FixtureAppID
	secret = wechatmock.FixtureSecret
)

// testClient bounds every request of the mock's tests: a handler that
// never answers (a lock never released, say) fails its test within
// seconds instead of hanging until the binary's timeout.
var testClient = &http.Client{Timeout: 10 * time.Second}

type answer struct {
	ErrCode     int            `json:"errcode"`
	ErrMsg      string         `json:"errmsg"`
	AccessToken string         `json:"access_token"`
	ExpiresIn   int            `json:"expires_in"`
	Plan        map[string]any `json:"gray_release_plan"`
}

func start(t *testing.T) (*wechatmock.Server, string) {
	t.Helper()
	m := wechatmock.NewSeeded()
	u := m.Start()
	t.Cleanup(m.Close)
	return m, u
}

// call is exchange for a test's own goroutine: it stops the test on failure.
func call(t *testing.T, method, u, contentType, body string) answer {
	t.Helper()
	a, err := exchange(t.Context(), method, u, contentType, body)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// exchange sends one request and decodes WeChat's answer. It returns its
// failure rather than stopping the test, so other goroutines can use it.
func exchange(ctx context.Context, method, u, contentType, body string) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, strings.NewReader(body))
	if err != nil {
		return answer{}, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := testClient.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return answer{}, fmt.Errorf("%s %s: HTTP %d, WeChat answers errors with 200", method, u, resp.StatusCode)
	}
	var a answer
	if err := json.Unmarshal(raw, &a); err != nil {
		return answer{}, fmt.Errorf("%s: %w", raw, err)
	}
	return a, nil
}

func stableToken(t *testing.T, base string, force bool) answer {
	body, _ := json.Marshal(map[string]any{"grant_type": "client_credential", "appid": appID, "secret": secret, "force_refresh": force})
	return call(t, http.MethodPost, base+wechatmock.PathStableToken, "application/json", string(body))
}

func classicToken(t *testing.T, base string) answer {
	q := url.Values{"grant_type": {"client_credential"}, "appid": {appID}, "secret": {secret}}
	return call(t, http.MethodGet, base+wechatmock.PathToken+"?"+q.Encode(), "", "")
}

func plan(t *testing.T, base, token string) answer {
	return call(t, http.MethodGet, base+wechatmock.PathGrayReleasePlan+"?access_token="+url.QueryEscape(token), "", "")
}

func TestStableTokenIsShared(t *testing.T) {
	_, base := start(t)
	a, b := stableToken(t, base, false), stableToken(t, base, false)
	if a.AccessToken == "" || a.AccessToken != b.AccessToken || a.ExpiresIn <= 0 || a.ExpiresIn > 7200 {
		t.Fatalf("want one shared token with its remaining life, got %+v and %+v", a, b)
	}
	forced := stableToken(t, base, true)
	if forced.AccessToken == a.AccessToken {
		t.Fatal("force_refresh must issue a new token")
	}
	if got := plan(t, base, a.AccessToken); got.ErrCode != 40001 || !strings.Contains(got.ErrMsg, "rid: ") {
		t.Errorf("the token force_refresh replaced: got %+v, want errcode 40001 with a rid", got)
	}
	if got := plan(t, base, forced.AccessToken); got.ErrCode != 0 || got.Plan["gray_percentage"] != 8.0 {
		t.Errorf("the new token: got %+v", got)
	}
}

func TestClassicTokenInvalidatesTheLastOne(t *testing.T) {
	_, base := start(t)
	first, second := classicToken(t, base), classicToken(t, base)
	if first.AccessToken == second.AccessToken {
		t.Fatal("each classic fetch must issue a new token")
	}
	if got := plan(t, base, first.AccessToken); got.ErrCode != 40001 {
		t.Errorf("the older classic token: got errcode %d, want 40001", got.ErrCode)
	}
	if got := plan(t, base, second.AccessToken); got.ErrCode != 0 {
		t.Errorf("the newest classic token: got errcode %d", got.ErrCode)
	}
	// The two kinds of token are isolated: a classic fetch leaves the stable token alone.
	stable := stableToken(t, base, false)
	classicToken(t, base)
	if got := plan(t, base, stable.AccessToken); got.ErrCode != 0 {
		t.Errorf("stable token after a classic fetch: errcode %d", got.ErrCode)
	}
}

func TestRequestErrors(t *testing.T) {
	_, base := start(t)
	form := url.Values{"grant_type": {"client_credential"}, "appid": {appID}, "secret": {secret}}.Encode()
	tests := []struct {
		name             string
		method, path, ct string
		body             string
		want             int
	}{
		{"stable token by GET", http.MethodGet, wechatmock.PathStableToken, "", "", 43002},
		{"stable token with a form body", http.MethodPost, wechatmock.PathStableToken, "application/x-www-form-urlencoded", form, 41002},
		{"wrong secret", http.MethodPost, wechatmock.PathStableToken, "application/json", `{"grant_type":"client_credential","appid":"` + appID + `","secret":"nope"}`, 40125},
		{"unknown appid", http.MethodPost, wechatmock.PathStableToken, "application/json", `{"grant_type":"client_credential","appid":"wx0000000000000000","secret":"x"}`, 40013},
		{"wrong grant type", http.MethodPost, wechatmock.PathStableToken, "application/json", `{"grant_type":"password","appid":"` + appID + `","secret":"x"}`, 40002},
		{"classic token by POST", http.MethodPost, wechatmock.PathToken, "", "", 43001},
		{"plan by POST", http.MethodPost, wechatmock.PathGrayReleasePlan + "?access_token=x", "", "", 43001},
		{"plan without token", http.MethodGet, wechatmock.PathGrayReleasePlan, "", "", 41001},
		{"plan with a made-up token", http.MethodGet, wechatmock.PathGrayReleasePlan + "?access_token=made-up", "", "", 40001},
		{"unknown path", http.MethodGet, "/cgi-bin/nothing", "", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := call(t, tt.method, base+tt.path, tt.ct, tt.body); got.ErrCode != tt.want {
				t.Errorf("errcode %d (%s), want %d", got.ErrCode, got.ErrMsg, tt.want)
			}
		})
	}
}

func TestExpiredTokenAndReadyMadeTokens(t *testing.T) {
	m, base := start(t)
	m.SetTokenTTL(-1) // issued already expired
	tok := stableToken(t, base, false)
	if got := plan(t, base, tok.AccessToken); got.ErrCode != 42001 {
		t.Errorf("expired token: errcode %d, want 42001", got.ErrCode)
	}
	m.AddAccessToken(appID, "READY")
	if got := plan(t, base, "READY"); got.ErrCode != 0 {
		t.Errorf("ready-made token: errcode %d", got.ErrCode)
	}
	m.AddCloudBaseToken(appID, "CLOUD")
	cloud := call(t, http.MethodGet, base+wechatmock.PathGrayReleasePlan+"?cloudbase_access_token=CLOUD", "", "")
	if cloud.ErrCode != 0 || cloud.Plan == nil {
		t.Errorf("cloudbase token: %+v", cloud)
	}
	m.SetPlan(appID, nil)
	if got := plan(t, base, "READY"); got.ErrCode != 0 || got.Plan != nil {
		t.Errorf("no plan: %+v", got)
	}
}

func TestFaultsAreConsumedInOrder(t *testing.T) {
	m, base := start(t)
	m.AddAccessToken(appID, "READY")
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: -1}, wechatmock.Fault{ErrCode: 45011})
	for i, want := range []int{-1, 45011, 0} {
		if got := plan(t, base, "READY"); got.ErrCode != want {
			t.Errorf("call %d: errcode %d, want %d", i+1, got.ErrCode, want)
		}
	}
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 3 {
		t.Errorf("calls = %d, want 3", n)
	}
}

// Run with -race: the mock is shared by a test's goroutines and the CLI's.
func TestConcurrentUse(t *testing.T) {
	m, base := start(t)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// t.Fatal must not run here: errors are reported with t.Error.
			body, _ := json.Marshal(map[string]any{"grant_type": "client_credential", "appid": appID, "secret": secret})
			tok, err := exchange(t.Context(), http.MethodPost, base+wechatmock.PathStableToken, "application/json", string(body))
			if err != nil {
				t.Error(err)
				return
			}
			if _, err := exchange(t.Context(), http.MethodGet, base+wechatmock.PathGrayReleasePlan+"?access_token="+url.QueryEscape(tok.AccessToken), "", ""); err != nil {
				t.Error(err)
			}
			m.SetPlan(appID, map[string]any{"status": 2})
		}()
	}
	wg.Wait()
	if m.TokenCalls() != 20 || m.Calls(wechatmock.PathGrayReleasePlan) != 20 || m.Connections() == 0 {
		t.Errorf("counts: %d token, %d plan calls, %d connections", m.TokenCalls(), m.Calls(wechatmock.PathGrayReleasePlan), m.Connections())
	}
}
