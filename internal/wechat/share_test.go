package wechat

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const (
	shareAppID    = "wx1234567890abcdef"
	shareSecret   = "s3cr3t-7f1e2d3c4b5a69788796a5b4"
	otherAppID    = "wxfedcba0987654321"
	otherSecret   = "0th3r-s3cr3t-a1b2c3d4e5f60718"
	planPercent   = 8
	otherPercent  = 50
	shareLatency  = 30 * time.Millisecond
	shareReadsMax = 50
)

// shareMock is the mock with two apps whose plans differ, answering after
// shareLatency so that concurrent reads overlap.
func shareMock(t *testing.T) (*wechatmock.Server, string) {
	t.Helper()
	m := wechatmock.New()
	m.AddApp(shareAppID, shareSecret)
	m.SetPlan(shareAppID, map[string]any{"status": 1, "gray_percentage": planPercent})
	m.AddApp(otherAppID, otherSecret)
	m.SetPlan(otherAppID, map[string]any{"status": 1, "gray_percentage": otherPercent})
	m.SetLatency(shareLatency)
	url := m.Start()
	t.Cleanup(m.Close)
	return m, url
}

func shareClient(t *testing.T, url, appID, secret string, window time.Duration, opts ...Option) *Client {
	t.Helper()
	c, err := New(Config{BaseURL: url, AppID: appID, Secret: secret, ShareWindow: window, RequestTimeout: 2 * time.Second}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// readsAtOnce runs n reads of c's plan together and returns their plans.
func readsAtOnce(t *testing.T, c *Client, n int) []*GrayReleasePlan {
	t.Helper()
	plans := make([]*GrayReleasePlan, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { plans[i], errs[i] = c.GetGrayReleasePlan(context.Background()) })
	}
	Within(t, "the reads", wg.Wait)
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return plans
}

func TestShare_concurrentIdenticalReadsMakeOneCall(t *testing.T) {
	m, url := shareMock(t)
	c := shareClient(t, url, shareAppID, shareSecret, DefaultShareWindow)
	plans := readsAtOnce(t, c, shareReadsMax)
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 1 {
		t.Errorf("%d concurrent identical reads made %d plan calls, want 1", shareReadsMax, n)
	}
	if n := m.TokenCalls(); n != 1 {
		t.Errorf("token calls = %d, want 1", n)
	}
	// Each caller owns its answer: changing one changes no other.
	*plans[0].GrayPercentage = 99
	for i, p := range plans[1:] {
		if p.GrayPercentage == nil || *p.GrayPercentage != planPercent {
			t.Fatalf("read %d sees gray_percentage %v after read 0 changed its own", i+1, p.GrayPercentage)
		}
	}
}

func TestShare_windowServesLaterReadsUntilItEnds(t *testing.T) {
	m, url := shareMock(t)
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	c := shareClient(t, url, shareAppID, shareSecret, 5*time.Second, WithClock(clock.Now))
	ctx := context.Background()
	steps := []struct {
		advance time.Duration
		calls   int
	}{
		{0, 1},
		{0, 1},
		{4999 * time.Millisecond, 1}, // still inside the window
		{time.Millisecond, 2},        // the window has ended: ask again
		{time.Second, 2},             // the new answer opened a new window
	}
	var first *GrayReleasePlan
	for i, st := range steps {
		clock.Advance(st.advance)
		p, err := c.GetGrayReleasePlan(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = p
			*first.GrayPercentage = 99 // must not leak into the kept answer
		} else if *p.GrayPercentage != planPercent {
			t.Errorf("step %d: gray_percentage %d, want %d: a caller's change reached the kept answer", i, *p.GrayPercentage, planPercent)
		}
		if n := m.Calls(wechatmock.PathGrayReleasePlan); n != st.calls {
			t.Errorf("step %d: %d plan calls, want %d", i, n, st.calls)
		}
	}
}

func TestShare_windowZeroSharesNothing(t *testing.T) {
	m, url := shareMock(t)
	c := shareClient(t, url, shareAppID, shareSecret, 0)
	for range 3 {
		if _, err := c.GetGrayReleasePlan(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 3 {
		t.Errorf("3 reads one after another with window 0 made %d plan calls, want 3", n)
	}
	readsAtOnce(t, c, 10)
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 13 {
		t.Errorf("10 concurrent reads with window 0 made %d plan calls, want 10", n-3)
	}
}

func TestShare_appsDoNotShare(t *testing.T) {
	m, url := shareMock(t)
	a := shareClient(t, url, shareAppID, shareSecret, DefaultShareWindow)
	b := shareClient(t, url, otherAppID, otherSecret, DefaultShareWindow)
	var wg sync.WaitGroup
	var plansA, plansB []*GrayReleasePlan
	wg.Go(func() { plansA = readsAtOnce(t, a, 10) })
	wg.Go(func() { plansB = readsAtOnce(t, b, 10) })
	Within(t, "both apps' reads", wg.Wait)
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 2 {
		t.Errorf("two apps made %d plan calls, want 2", n)
	}
	if n := m.TokenCalls(); n != 2 {
		t.Errorf("two apps made %d token calls, want 2", n)
	}
	if got := *plansA[0].GrayPercentage; got != planPercent {
		t.Errorf("app A sees %d %%, want its own %d", got, planPercent)
	}
	if got := *plansB[0].GrayPercentage; got != otherPercent {
		t.Errorf("app B sees %d %%, want its own %d", got, otherPercent)
	}
}

// countingServer answers every request with a plan after a while and
// counts the requests.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		_, _ = io.Copy(io.Discard, r.Body)
		time.Sleep(shareLatency)
		_, _ = io.WriteString(w, `{"errcode":0,"errmsg":"ok","gray_release_plan":{"status":1}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestShare_differentArgumentsDoNotShare(t *testing.T) {
	get := request{method: http.MethodGet, path: PathGrayReleasePlan}
	withQuery := func(q url.Values) request { r := get; r.query = q; return r }
	post := func(body string) request {
		return request{method: http.MethodPost, path: PathGrayReleasePlan, body: []byte(body)}
	}
	tests := []struct {
		name  string
		a, b  request
		calls int32
	}{
		{"same call", get, get, 1},
		{"same query in another order", withQuery(url.Values{"a": {"1"}, "b": {"2"}}), withQuery(url.Values{"b": {"2"}, "a": {"1"}}), 1},
		{"different query", withQuery(url.Values{"a": {"1"}}), withQuery(url.Values{"a": {"2"}}), 2},
		{"query and none", get, withQuery(url.Values{"a": {""}}), 2},
		{"different body", post(`{"a":1}`), post(`{"a":2}`), 2},
		{"different method", get, post(""), 2},
		{"different path", get, request{method: http.MethodGet, path: "/wxa/other"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := countingServer(t)
			c, err := New(Config{BaseURL: srv.URL, AccessToken: "TOKEN", ShareWindow: DefaultShareWindow})
			if err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			for _, r := range []request{tt.a, tt.b, tt.a, tt.b} {
				wg.Go(func() {
					if _, err := callWithToken[planAnswer](context.Background(), c, r); err != nil {
						t.Error(err)
					}
				})
			}
			Within(t, "the calls", wg.Wait)
			if got := n.Load(); got != tt.calls {
				t.Errorf("%d calls, want %d", got, tt.calls)
			}
		})
	}
}

// The token is added after the key is taken: a refreshed token must not
// split callers of one question, and the key must not depend on a secret.
func TestShare_keyIgnoresTheToken(t *testing.T) {
	r := request{method: http.MethodGet, path: PathGrayReleasePlan}
	withToken := r
	withToken.token, withToken.tokenParam = "TOKEN", "access_token"
	if shareKeyOf(shareAppID, r) != shareKeyOf(shareAppID, withToken) {
		t.Error("the key depends on the token")
	}
	if shareKeyOf(shareAppID, r) == shareKeyOf(otherAppID, r) {
		t.Error("two apps have the same key")
	}
}

func TestShare_failedCallIsNotServedLater(t *testing.T) {
	m, base := shareMock(t)
	c := shareClient(t, base, shareAppID, shareSecret, DefaultShareWindow)
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: 45009, ErrMsg: "reach max api daily quota limit"})
	if _, err := c.GetGrayReleasePlan(context.Background()); err == nil {
		t.Fatal("no error from the failed call")
	}
	if _, err := c.GetGrayReleasePlan(context.Background()); err != nil {
		t.Fatalf("read after the failure: %v", err)
	}
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 2 {
		t.Errorf("%d plan calls, want 2: the failure must not be kept", n)
	}
}

// startLeader starts a read and returns once its plan call is in flight.
func startLeader(t *testing.T, m *wechatmock.Server, c *Client, ctx context.Context) <-chan error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := c.GetGrayReleasePlan(ctx)
		done <- err
	}()
	deadline := time.Now().Add(WaitLimit)
	for m.Calls(wechatmock.PathGrayReleasePlan) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the leader's plan call did not start within %s", WaitLimit)
		}
		time.Sleep(time.Millisecond)
	}
	return done
}

// Readers that joined a call while it was in flight get its error, and
// only they do.
func TestShare_waitersShareAFailureInFlight(t *testing.T) {
	m, base := shareMock(t)
	c := shareClient(t, base, shareAppID, shareSecret, DefaultShareWindow)
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Delay: 300 * time.Millisecond, ErrCode: 45009})
	leader := startLeader(t, m, c, context.Background())
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if _, err := c.GetGrayReleasePlan(context.Background()); !isErrCode(err, CodeDailyQuota) {
				t.Errorf("waiter: %v, want the leader's 45009", err)
			}
		})
	}
	Within(t, "the waiters", wg.Wait)
	if err := Recv(t, leader, "the leader's answer"); !isErrCode(err, CodeDailyQuota) {
		t.Errorf("leader: %v, want 45009", err)
	}
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 1 {
		t.Errorf("%d plan calls, want 1", n)
	}
}

// A waiter must not inherit the leader's cancellation: it asks again.
func TestShare_leaderCanceledWaiterSucceeds(t *testing.T) {
	m, base := shareMock(t)
	c := shareClient(t, base, shareAppID, shareSecret, DefaultShareWindow)
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Delay: time.Second})
	joined := make(chan struct{})
	c.share.joined = sync.OnceFunc(func() { close(joined) })
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	leader := startLeader(t, m, c, ctx)
	waiter := make(chan error, 1)
	go func() {
		_, err := c.GetGrayReleasePlan(context.Background())
		waiter <- err
	}()
	Recv(t, joined, "the waiter's join") // the waiter waits on the leader's exchange
	cancel()
	if err := Recv(t, leader, "the leader's answer"); !errors.Is(err, context.Canceled) {
		t.Errorf("leader: %v, want context.Canceled", err)
	}
	if err := Recv(t, waiter, "the waiter's answer"); err != nil {
		t.Errorf("waiter: %v, want the answer of a call of its own", err)
	}
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 2 {
		t.Errorf("%d plan calls, want 2", n)
	}
}

// A waiter whose own context ends stops waiting; the leader goes on.
func TestShare_waiterCanceledStopsWaiting(t *testing.T) {
	m, base := shareMock(t)
	c := shareClient(t, base, shareAppID, shareSecret, DefaultShareWindow)
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Delay: 300 * time.Millisecond})
	leader := startLeader(t, m, c, context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := c.GetGrayReleasePlan(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiter: %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("the waiter returned after %s, not when its context ended", d)
	}
	if err := Recv(t, leader, "the leader's answer"); err != nil {
		t.Errorf("leader: %v", err)
	}
}

// A waiter held up by the leader's 45011 wait is told so, like the leader.
func TestShare_waitersLearnOfTheRateLimitWait(t *testing.T) {
	m, base := shareMock(t)
	const wait = 50 * time.Millisecond
	c := shareClient(t, base, shareAppID, shareSecret, DefaultShareWindow, WithRateLimitWait(wait))
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Delay: 100 * time.Millisecond, ErrCode: 45011})
	leaderCtx, leaderReport := WithReport(context.Background())
	leader := startLeader(t, m, c, leaderCtx)
	ctx, report := WithReport(context.Background())
	if _, err := c.GetGrayReleasePlan(ctx); err != nil {
		t.Fatal(err)
	}
	if err := Recv(t, leader, "the leader's answer"); err != nil {
		t.Fatal(err)
	}
	if got := report.RateLimitWait(); got != wait {
		t.Errorf("waiter's report: %s, want %s", got, wait)
	}
	if got := leaderReport.RateLimitWait(); got != wait {
		t.Errorf("leader's report: %s, want %s", got, wait)
	}
}

// Different questions still share the token fetch, and run side by side.
func TestShare_differentCallsShareOneTokenFetch(t *testing.T) {
	m, _ := shareMock(t)
	var inFlight, maxInFlight atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == PathGrayReleasePlan {
			raiseTo(&maxInFlight, inFlight.Add(1))
			defer inFlight.Add(-1)
		}
		m.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c := shareClient(t, srv.URL, shareAppID, shareSecret, DefaultShareWindow)
	var wg sync.WaitGroup
	for i := range 20 {
		r := request{method: http.MethodGet, path: PathGrayReleasePlan, query: url.Values{"n": {string(rune('a' + i))}}}
		wg.Go(func() {
			if _, err := callWithToken[planAnswer](context.Background(), c, r); err != nil {
				t.Error(err)
			}
		})
	}
	Within(t, "the 20 calls", wg.Wait)
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 20 {
		t.Errorf("20 different calls made %d plan calls, want 20", n)
	}
	if n := m.TokenCalls(); n != 1 {
		t.Errorf("token calls = %d, want 1", n)
	}
	// The mock holds each answer back shareLatency, so calls running side
	// by side are in flight together; calls made one by one never are.
	if n := maxInFlight.Load(); n < 2 {
		t.Errorf("at most %d plan call in flight at once: the 20 different calls did not run side by side", n)
	}
}

// raiseTo sets m to n if n is larger.
func raiseTo(m *atomic.Int32, n int32) {
	for {
		old := m.Load()
		if n <= old || m.CompareAndSwap(old, n) {
			return
		}
	}
}

func isErrCode(err error, code int64) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.Code == code
}
