package wechat_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// Each test here guards one line that keeps users safe, and fails fast
// when that line is mutated away.

// A redirect is never followed: the request URL carries the token (and,
// for the classic token API, the secret), and a 307 would send the token
// call's body, secret and all, on to the other host.
func TestClient_redirectsAreNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		_, _ = io.WriteString(w, `{"errcode":0,"access_token":"T","expires_in":7200,"gray_release_plan":{"status":1}}`)
	}))
	t.Cleanup(other.Close)
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+r.URL.RequestURI(), status)
		}))
		t.Cleanup(redirecting.Close)
		for name, edit := range map[string]func(*wechat.Config){
			"the token call":  func(*wechat.Config) {},
			"a business call": func(c *wechat.Config) { c.Secret, c.AccessToken = "", "MOCK_READY_TOKEN" },
		} {
			c := newClient(t, redirecting.URL, edit)
			_, err := c.GetGrayReleasePlan(t.Context())
			var httpErr *wechat.HTTPError
			if !errors.As(err, &httpErr) || httpErr.StatusCode != status {
				t.Errorf("%s, HTTP %d: got %v, want the redirect reported as an HTTP %d", name, status, err, status)
			}
		}
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the host redirected to got %d requests", n)
	}
}

// Each stale-token code gets a fresh token and one more try: 42001
// (expired) as much as 40001 and 40014.
func TestClient_everyStaleTokenCodeIsRefetched(t *testing.T) {
	for _, code := range []int{40001, 40014, 42001} {
		m, url := startMock(t)
		m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: code})
		if _, err := newClient(t, url).GetGrayReleasePlan(t.Context()); err != nil {
			t.Errorf("errcode %d: %v, want a fresh token and success", code, err)
		}
		if n := m.TokenCalls(); n != 2 {
			t.Errorf("errcode %d: %d token calls, want 2", code, n)
		}
		if !(&wechat.APIError{Code: int64(code)}).IsStaleToken() {
			t.Errorf("errcode %d is not a stale token", code)
		}
	}
}

// The stable token is asked for with force_refresh false, always: forcing
// it would invalidate the token every other system of the app holds.
func TestClient_stableTokenIsNeverForced(t *testing.T) {
	m := wechatmock.NewSeeded()
	var mu sync.Mutex
	var bodies []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == wechatmock.PathStableToken {
			raw, _ := io.ReadAll(r.Body)
			var b map[string]any
			_ = json.Unmarshal(raw, &b)
			mu.Lock()
			bodies = append(bodies, b)
			mu.Unlock()
			r.Body = io.NopCloser(strings.NewReader(string(raw)))
		}
		m.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: 40001})
	if _, err := newClient(t, srv.URL).GetGrayReleasePlan(t.Context()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 2 {
		t.Fatalf("%d stable_token calls, want 2 (the first and the one after 40001)", len(bodies))
	}
	for i, b := range bodies {
		if b["force_refresh"] != false {
			t.Errorf("stable_token call %d sent force_refresh %v, want false", i+1, b["force_refresh"])
		}
	}
}

// A number that is not whole, or too large for an integer, is an answer
// the client cannot use, never a rounded or wrapped count.
func TestClient_countsThatAreNotIntegersAreRefused(t *testing.T) {
	for _, v := range []string{`8.5`, `"8.5"`, `12345678901234567890`, `-12345678901234567890`, `99999999999999999999`, `1e30`} {
		m, url := startMock(t)
		m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Body: `{"errcode":0,"gray_release_plan":{"status":1,"gray_percentage":` + v + `}}`})
		plan, err := newClient(t, url).GetGrayReleasePlan(t.Context())
		var bad *wechat.BadResponseError
		if !errors.As(err, &bad) {
			t.Errorf("gray_percentage %s: got %+v, %v; want an unusable answer", v, plan, err)
		}
	}
}

// A clock set back must not stretch the window in which a kept answer
// serves identical calls: the answer is asked for again.
func TestShare_clockSetBackAsksAgain(t *testing.T) {
	m, url := startMock(t)
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	c := newClientWith(t, url, []wechat.Option{wechat.WithClock(clock)}, func(cfg *wechat.Config) { cfg.ShareWindow = wechat.DefaultShareWindow })
	read := func() {
		t.Helper()
		if _, err := c.GetGrayReleasePlan(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	read()
	read()
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 1 {
		t.Fatalf("%d plan calls within the window, want 1", n)
	}
	mu.Lock()
	now = now.Add(-time.Second)
	mu.Unlock()
	read()
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 2 {
		t.Errorf("%d plan calls after the clock went back, want 2: the kept answer must not serve", n)
	}
}

// Two ForApp clients of one provider block share its window, never an
// answer across appids: each reads its own mini program.
func TestForApp_clientsDoNotShareAnswersAcrossAppIDs(t *testing.T) {
	m, url := startMock(t)
	m.SeedFleet(componentAppID, tokenPrefix, fleetID(0), fleetID(1))
	m.SetPlan(fleetID(1), map[string]any{"status": 2, "gray_percentage": 30})
	bin, err := wechatmock.BuildTokenFake()
	if err != nil {
		t.Fatal(err)
	}
	tc, err := wechat.NewTokenCommand(wechat.TokenCommandConfig{Command: bin,
		Args: []string{"-state", filepath.Join(t.TempDir(), "runs"), "-prefix", tokenPrefix}, ComponentAppID: componentAppID})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, url, func(cfg *wechat.Config) {
		cfg.Secret, cfg.TokenCommand, cfg.AppID, cfg.ShareWindow = "", tc, "", wechat.DefaultShareWindow
	})
	for i, want := range []int64{8, 30, 8, 30} {
		app, err := c.ForApp(fleetID(i % 2))
		if err != nil {
			t.Fatal(err)
		}
		plan, err := app.GetGrayReleasePlan(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if *plan.GrayPercentage != want {
			t.Errorf("read %d of %s: %d %%, want its own %d %%", i+1, fleetID(i%2), *plan.GrayPercentage, want)
		}
	}
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 2 {
		t.Errorf("%d plan calls, want one per appid", n)
	}
}
