package wechat_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const (
	appID  = wechatmock.FixtureAppID
	secret = wechatmock.FixtureSecret
)

func startMock(t *testing.T) (*wechatmock.Server, string) {
	t.Helper()
	m := wechatmock.NewSeeded()
	url := m.Start()
	t.Cleanup(m.Close)
	return m, url
}

// fastWaits makes retry waits near-instant: their logic is under test,
// not their length.
var fastWaits = []wechat.Option{
	wechat.WithBackoff(func(int) time.Duration { return time.Millisecond }),
	wechat.WithRateLimitWait(10 * time.Millisecond),
	// Unpaced: tests that read many pages turn the mock's pace rule off,
	// and TestGetJSErrors_pacedPagesAreNotRefused tests pacing itself.
	wechat.WithPagePace(0),
}

// newClient builds a client for the mock with near-instant retry waits.
func newClient(t *testing.T, url string, edit ...func(*wechat.Config)) *wechat.Client {
	t.Helper()
	return newClientWith(t, url, nil, edit...)
}

// newClientWith is newClient with opts applied after fastWaits.
func newClientWith(t *testing.T, url string, opts []wechat.Option, edit ...func(*wechat.Config)) *wechat.Client {
	t.Helper()
	cfg := wechat.Config{
		BaseURL:        url,
		AppID:          appID,
		Secret:         secret,
		MaxRetries:     3,
		RequestTimeout: 2 * time.Second,
	}
	for _, e := range edit {
		e(&cfg)
	}
	c, err := wechat.New(cfg, append(fastWaits[:len(fastWaits):len(fastWaits)], opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

func TestGetGrayReleasePlan_decodes(t *testing.T) {
	tests := []struct {
		name string
		plan map[string]any
		want *wechat.GrayReleasePlan
	}{
		{"seed example", map[string]any{"status": 1, "create_timestamp": 1517553721, "default_finish_timestamp": 1517554721, "gray_percentage": 8},
			&wechat.GrayReleasePlan{Status: ptr[int64](1), GrayPercentage: ptr[int64](8),
				CreateTime: ptr(time.Unix(1517553721, 0).UTC()), DefaultFinishTime: ptr(time.Unix(1517554721, 0).UTC())}},
		{"newer fields, no finish time", map[string]any{"status": 3, "gray_percentage": 100, "support_debuger_first": true, "support_experiencer_first": false},
			&wechat.GrayReleasePlan{Status: ptr[int64](3), GrayPercentage: ptr[int64](100), SupportDebugerFirst: ptr(true), SupportExperiencerFirst: ptr(false)}},
		{"numbers as strings and floats", map[string]any{"status": "2", "gray_percentage": 50.0, "create_timestamp": "1517553721"},
			&wechat.GrayReleasePlan{Status: ptr[int64](2), GrayPercentage: ptr[int64](50), CreateTime: ptr(time.Unix(1517553721, 0).UTC())}},
		{"zero timestamps mean unset", map[string]any{"status": 0, "gray_percentage": 0, "create_timestamp": 0},
			&wechat.GrayReleasePlan{Status: ptr[int64](0), GrayPercentage: ptr[int64](0)}},
		{"empty object", map[string]any{}, &wechat.GrayReleasePlan{}},
		{"no plan", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, url := startMock(t)
			m.SetPlan(appID, tt.plan)
			got, err := newClient(t, url).GetGrayReleasePlan(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !samePlan(got, tt.want) {
				t.Errorf("got %s, want %s", describe(got), describe(tt.want))
			}
		})
	}
}

func TestStatusName(t *testing.T) {
	for status, want := range map[int64]string{0: "initial", 1: "running", 2: "paused", 3: "finished", 4: "deleted", 5: "unknown", -1: "unknown"} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			if got := (&wechat.GrayReleasePlan{Status: &status}).StatusName(); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
	if got := (*wechat.GrayReleasePlan)(nil).StatusName(); got != "none" {
		t.Errorf("nil plan: got %q, want none", got)
	}
	if got := (&wechat.GrayReleasePlan{}).StatusName(); got != "unknown" {
		t.Errorf("plan without status: got %q, want unknown", got)
	}
}

// Terraform reads up to 10 data sources at once, and a workspace may read
// many more: they must share one token fetch.
func TestClient_concurrentReadsShareOneTokenFetch(t *testing.T) {
	m, url := startMock(t)
	m.SetLatency(20 * time.Millisecond) // keep the fetch in flight while others arrive
	c := newClient(t, url)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.GetGrayReleasePlan(context.Background())
			errs <- err
		}()
	}
	wechat.Within(t, "the 50 reads", wg.Wait)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := m.TokenCalls(); n != 1 {
		t.Errorf("50 concurrent reads made %d token calls, want 1", n)
	}
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 50 {
		t.Errorf("plan calls = %d, want 50", n)
	}
}

func TestClient_tokenAPIs(t *testing.T) {
	for _, tt := range []struct{ api, path string }{
		{"", wechatmock.PathStableToken},
		{wechat.TokenAPIStable, wechatmock.PathStableToken},
		{wechat.TokenAPIClassic, wechatmock.PathToken},
	} {
		t.Run(fmt.Sprintf("token_api %q", tt.api), func(t *testing.T) {
			m, url := startMock(t)
			c := newClient(t, url, func(cfg *wechat.Config) { cfg.TokenAPI = tt.api })
			tok, err := c.AccessToken(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(tok.Value, "MOCK_") || time.Until(tok.ExpiresAt) < time.Hour {
				t.Errorf("token %.8s… expiring %v, want a mock token good for 2h", tok.Value, tok.ExpiresAt)
			}
			if m.Calls(tt.path) != 1 || m.TokenCalls() != 1 {
				t.Errorf("want one call to %s, saw %d (of %d)", tt.path, m.Calls(tt.path), m.TokenCalls())
			}
		})
	}
}

func TestClient_staleToken(t *testing.T) {
	stale := wechatmock.Fault{ErrCode: 40001, ErrMsg: "invalid credential, access_token is invalid or not latest"}

	t.Run("refetched once", func(t *testing.T) {
		m, url := startMock(t)
		m.InjectFaults(wechatmock.PathGrayReleasePlan, stale)
		if _, err := newClient(t, url).GetGrayReleasePlan(context.Background()); err != nil {
			t.Fatal(err)
		}
		if m.TokenCalls() != 2 || m.Calls(wechatmock.PathGrayReleasePlan) != 2 {
			t.Errorf("want 2 token and 2 plan calls, saw %d and %d", m.TokenCalls(), m.Calls(wechatmock.PathGrayReleasePlan))
		}
	})
	t.Run("keeps failing", func(t *testing.T) {
		m, url := startMock(t)
		m.InjectFaults(wechatmock.PathGrayReleasePlan, stale, stale, stale)
		_, err := newClient(t, url).GetGrayReleasePlan(context.Background())
		var staleErr *wechat.StaleTokenError
		if !errors.As(err, &staleErr) || !staleErr.Refreshed {
			t.Fatalf("want a StaleTokenError after a refresh, got %v", err)
		}
		if m.Calls(wechatmock.PathGrayReleasePlan) != 2 {
			t.Errorf("want exactly one retry, saw %d plan calls", m.Calls(wechatmock.PathGrayReleasePlan))
		}
	})
	t.Run("ready-made token is not refreshed", func(t *testing.T) {
		m, url := startMock(t)
		c := newClient(t, url, func(cfg *wechat.Config) { cfg.Secret, cfg.AccessToken = "", "MOCK_EXPIRED" })
		_, err := c.GetGrayReleasePlan(context.Background())
		var staleErr *wechat.StaleTokenError
		if !errors.As(err, &staleErr) || staleErr.Refreshed {
			t.Fatalf("want a StaleTokenError without refresh, got %v", err)
		}
		if m.TokenCalls() != 0 || m.Calls(wechatmock.PathGrayReleasePlan) != 1 {
			t.Errorf("want no token call and one plan call, saw %d and %d", m.TokenCalls(), m.Calls(wechatmock.PathGrayReleasePlan))
		}
	})
	t.Run("token invalidated by another system", func(t *testing.T) {
		m, url := startMock(t)
		c := newClient(t, url)
		if _, err := c.GetGrayReleasePlan(context.Background()); err != nil {
			t.Fatal(err)
		}
		m.InvalidateTokens(appID)
		if _, err := c.GetGrayReleasePlan(context.Background()); err != nil {
			t.Fatalf("after invalidation: %v", err)
		}
		if m.TokenCalls() != 2 {
			t.Errorf("want 2 token calls, saw %d", m.TokenCalls())
		}
	})
}

func TestClient_faults(t *testing.T) {
	busy := wechatmock.Fault{ErrCode: -1, ErrMsg: "system error"}
	tests := []struct {
		name      string
		faults    []wechatmock.Fault
		wantCalls int // to the plan path
		wantErr   func(error) bool
	}{
		{"busy twice", []wechatmock.Fault{busy, busy}, 3, nil},
		{"HTTP 500, 502, 503", []wechatmock.Fault{{Status: 500}, {Status: 502}, {Status: 503}}, 4, nil},
		{"HTTP 429", []wechatmock.Fault{{Status: 429}}, 2, nil},
		{"hang-up", []wechatmock.Fault{{HangUp: true}}, 2, nil},
		{"truncated transfer", []wechatmock.Fault{{Truncate: true}}, 2, nil},
		{"slower than the timeout", []wechatmock.Fault{{Delay: 3 * time.Second}}, 2, nil},
		{"busy beyond max retries", []wechatmock.Fault{busy, busy, busy, busy}, 4, func(err error) bool {
			var r *wechat.RetriesExhaustedError
			apiErr, ok := wechat.AsAPIError(err)
			return errors.As(err, &r) && r.Attempts == 4 && ok && apiErr.Code == -1
		}},
		{"per-minute limit once", []wechatmock.Fault{{ErrCode: 45011}}, 2, nil},
		{"per-minute limit twice", []wechatmock.Fault{{ErrCode: 45011}, {ErrCode: 45011}}, 2, hasCode(45011)},
		{"daily quota", []wechatmock.Fault{{ErrCode: 45009, ErrMsg: "reach max api daily quota limit"}}, 1, hasCode(45009)},
		{"IP not whitelisted", []wechatmock.Fault{{ErrCode: 40164, ErrMsg: "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist"}}, 1, hasCode(40164)},
		{"not authorized", []wechatmock.Fault{{ErrCode: 48001, ErrMsg: "api unauthorized"}}, 1, hasCode(48001)},
		{"unknown code", []wechatmock.Fault{{ErrCode: 99999}}, 1, hasCode(99999)},
		{"HTTP 404", []wechatmock.Fault{{Status: 404}}, 1, func(err error) bool {
			var h *wechat.HTTPError
			return errors.As(err, &h) && h.StatusCode == 404
		}},
		{"HTML with 200", []wechatmock.Fault{{Body: "<html><body>gateway</body></html>"}}, 1, isBadResponse("not JSON")},
		{"truncated JSON", []wechatmock.Fault{{Body: `{"errcode":0,"gray_release_plan":{"sta`}}, 1, isBadResponse("does not parse")},
		{"empty body", []wechatmock.Fault{{Body: " "}}, 1, isBadResponse("empty")},
		{"over 1 MiB", []wechatmock.Fault{{Body: `{"errcode":0,"pad":"` + strings.Repeat("x", 1<<20) + `"}`}}, 1, isBadResponse("1 MiB")},
		{"percentage out of range", []wechatmock.Fault{{Body: `{"errcode":0,"gray_release_plan":{"status":1,"gray_percentage":150}}`}}, 1, isBadResponse("outside 0-100")},
		{"timestamp out of range", []wechatmock.Fault{{Body: `{"errcode":0,"gray_release_plan":{"create_timestamp":99999999999999}}`}}, 1, isBadResponse("Unix time")},
		{"plan not an object", []wechatmock.Fault{{Body: `{"errcode":0,"gray_release_plan":"none"}`}}, 1, isBadResponse(`field "gray_release_plan" holds a string`)},
		{"errcode as string, success", []wechatmock.Fault{{Body: `{"errcode":"0","errmsg":"ok","gray_release_plan":{"status":1}}`}}, 1, nil},
		{"errcode as string, failure", []wechatmock.Fault{{Body: `{"errcode":"48001","errmsg":"api unauthorized rid: 1-2-3"}`}}, 1, hasCode(48001)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, url := startMock(t)
			c := newClient(t, url)
			if _, err := c.AccessToken(context.Background()); err != nil { // keep token calls out of the count
				t.Fatal(err)
			}
			m.InjectFaults(wechatmock.PathGrayReleasePlan, tt.faults...)
			_, err := c.GetGrayReleasePlan(context.Background())
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("want success, got %v", err)
			case tt.wantErr != nil && (err == nil || !tt.wantErr(err)):
				t.Fatalf("unexpected error: %v", err)
			}
			if n := m.Calls(wechatmock.PathGrayReleasePlan); n != tt.wantCalls {
				t.Errorf("plan calls = %d, want %d", n, tt.wantCalls)
			}
			if err != nil && (strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "MOCK_")) {
				t.Errorf("error text holds a credential: %v", err)
			}
		})
	}
}

// A token answer that does not parse may still carry a token: the error
// must not show it.
func TestClient_brokenTokenAnswerIsNotShown(t *testing.T) {
	m, url := startMock(t)
	m.InjectFaults(wechatmock.PathStableToken, wechatmock.Fault{Body: `{"access_token":"FRESH_TOKEN_VALUE","expires_in":{"oops":1}}`})
	_, err := newClient(t, url, func(cfg *wechat.Config) { cfg.MaxRetries = 0 }).GetGrayReleasePlan(context.Background())
	var bad *wechat.BadResponseError
	if !errors.As(err, &bad) {
		t.Fatalf("want a BadResponseError, got %v", err)
	}
	if strings.Contains(err.Error(), "FRESH_TOKEN_VALUE") {
		t.Errorf("the error shows the token: %v", err)
	}
}

func TestClient_tokenEndpointErrors(t *testing.T) {
	for _, tt := range []struct {
		name     string
		edit     func(*wechat.Config)
		wantCode int64
	}{
		{"wrong secret, stable", func(c *wechat.Config) { c.Secret = "wrong" }, 40125},
		{"wrong secret, classic", func(c *wechat.Config) { c.Secret, c.TokenAPI = "wrong", wechat.TokenAPIClassic }, 40125},
		{"unknown appid", func(c *wechat.Config) { c.AppID = "wx0000000000000000" }, 40013},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, url := startMock(t)
			_, err := newClient(t, url, tt.edit).GetGrayReleasePlan(context.Background())
			apiErr, ok := wechat.AsAPIError(err)
			if !ok || apiErr.Code != tt.wantCode || !apiErr.TokenCall || apiErr.RID == "" {
				t.Fatalf("want token-call errcode %d with a rid, got %#v", tt.wantCode, err)
			}
			if m.TokenCalls() != 1 || m.Calls(wechatmock.PathGrayReleasePlan) != 0 {
				t.Errorf("want one token call and no plan call, saw %d and %d", m.TokenCalls(), m.Calls(wechatmock.PathGrayReleasePlan))
			}
		})
	}
}

// The classic token API puts the secret in the URL, and *url.Error prints
// the URL: a refused connection must not leak it.
func TestClient_transportErrorsHoldNoSecret(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close() // nothing listens here now
	c := newClient(t, url, func(cfg *wechat.Config) { cfg.TokenAPI = wechat.TokenAPIClassic })
	_, err = c.GetGrayReleasePlan(context.Background())
	var transport *wechat.TransportError
	if !errors.As(err, &transport) {
		t.Fatalf("want a TransportError, got %v", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "secret=") {
		t.Errorf("error text holds the secret: %v", err)
	}
}

func TestClient_cancelStopsRetryWait(t *testing.T) {
	m, url := startMock(t)
	c := newClientWith(t, url, []wechat.Option{wechat.WithBackoff(func(int) time.Duration { return time.Hour })})
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: -1})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.GetGrayReleasePlan(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("cancel took %v to stop the retry wait", d)
	}
}

func TestClient_waitsThatMissTheDeadlineAreSkipped(t *testing.T) {
	m, url := startMock(t)
	c := newClientWith(t, url, []wechat.Option{wechat.WithRateLimitWait(wechat.RateLimitWait)})
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: 45011})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.GetGrayReleasePlan(ctx)
	if apiErr, ok := wechat.AsAPIError(err); !ok || apiErr.Code != 45011 {
		t.Fatalf("want errcode 45011 at once, got %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("waited %v though the minute could not fit the deadline", d)
	}
}

func TestClient_sendsUserAgent(t *testing.T) {
	var gotUA string
	_, url := startMock(t)
	c := newClient(t, url, func(cfg *wechat.Config) {
		cfg.UserAgent = "terraform-provider-wechat/test"
		cfg.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			gotUA = r.Header.Get("User-Agent")
			return http.DefaultTransport.RoundTrip(r)
		})}
	})
	if _, err := c.GetGrayReleasePlan(context.Background()); err != nil {
		t.Fatal(err)
	}
	if gotUA != "terraform-provider-wechat/test" {
		t.Errorf("User-Agent = %q", gotUA)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestNew_rejectsBadConfig(t *testing.T) {
	for _, tt := range []struct {
		name string
		cfg  wechat.Config
		want string
	}{
		{"http to a remote host", wechat.Config{BaseURL: "http://api.weixin.qq.com", AppID: appID, Secret: secret}, "not loopback"},
		{"ftp", wechat.Config{BaseURL: "ftp://127.0.0.1", AppID: appID, Secret: secret}, "https://"},
		{"no credentials", wechat.Config{AppID: appID}, "exactly one"},
		{"two credentials", wechat.Config{AppID: appID, Secret: secret, AccessToken: "t"}, "exactly one"},
		{"bad appid", wechat.Config{AppID: "wx123", Secret: secret}, "appid"},
		{"bad token API", wechat.Config{AppID: appID, Secret: secret, TokenAPI: "fast"}, "token API"},
		{"token in the URL", wechat.Config{BaseURL: "https://api.weixin.qq.com/?access_token=" + secret, AppID: appID, Secret: secret}, "credentials belong in secret or access_token"},
		{"user info in the URL", wechat.Config{BaseURL: "https://me:" + secret + "@api.weixin.qq.com", AppID: appID, Secret: secret}, "without user info"},
		{"negative retries", wechat.Config{AppID: appID, Secret: secret, MaxRetries: -1}, "negative"},
		{"a path", wechat.Config{BaseURL: "https://gw.example.com/wechat", AppID: appID, Secret: secret}, "without a path"},
		{"an API's path", wechat.Config{BaseURL: "https://api.weixin.qq.com/cgi-bin/", AppID: appID, Secret: secret}, "without a path"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wechat.New(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("want an error about %q, got %v", tt.want, err)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error holds the secret: %v", err)
			}
		})
	}
	for _, ok := range []string{"https://api.weixin.qq.com", "https://api2.weixin.qq.com/", "http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9"} {
		t.Run("accepts "+ok, func(t *testing.T) {
			if _, err := wechat.ParseBaseURL(ok); err != nil {
				t.Error(err)
			}
		})
	}
}

func hasCode(code int64) func(error) bool {
	return func(err error) bool {
		apiErr, ok := wechat.AsAPIError(err)
		return ok && apiErr.Code == code
	}
}

func isBadResponse(problem string) func(error) bool {
	return func(err error) bool {
		var bad *wechat.BadResponseError
		return errors.As(err, &bad) && strings.Contains(bad.Problem, problem)
	}
}
