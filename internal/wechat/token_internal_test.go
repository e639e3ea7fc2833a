package wechat

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock is a settable clock for the token cache.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// countingSource returns a cache whose fetches hand out tok-1, tok-2, …
// living for life.
func countingSource(clock *fakeClock, life time.Duration, fetches *atomic.Int32) *cachingSource {
	return &cachingSource{
		now: clock.Now,
		fetch: func(ctx context.Context) (Token, error) {
			n := fetches.Add(1)
			return Token{Value: fmt.Sprintf("tok-%d", n), ExpiresAt: clock.Now().Add(life)}, nil
		},
	}
}

func TestCachingSource_refreshesBeforeExpiry(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	var fetches atomic.Int32
	s := countingSource(clock, 7200*time.Second, &fetches)
	ctx := context.Background()

	steps := []struct {
		advance time.Duration
		want    string
	}{
		{0, "tok-1"},
		{100 * time.Minute, "tok-1"}, // 20 minutes left: still good
		{14 * time.Minute, "tok-1"},  // 6 minutes left
		{90 * time.Second, "tok-2"},  // 4.5 minutes left: inside the 5-minute margin
		{time.Second, "tok-2"},       // cached again
	}
	for i, st := range steps {
		clock.Advance(st.advance)
		tok, err := s.token(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if tok.Value != st.want {
			t.Errorf("step %d: got %s, want %s", i, tok.Value, st.want)
		}
	}
}

func TestCachingSource_shortLivedTokenKeptForHalfItsLife(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	var fetches atomic.Int32
	s := countingSource(clock, 200*time.Second, &fetches)
	ctx := context.Background()
	_, _ = s.token(ctx)
	clock.Advance(99 * time.Second)
	_, _ = s.token(ctx)
	if fetches.Load() != 1 {
		t.Fatalf("fetched %d times within half the token's life, want 1", fetches.Load())
	}
	clock.Advance(2 * time.Second)
	_, _ = s.token(ctx)
	if fetches.Load() != 2 {
		t.Fatalf("fetched %d times past half the token's life, want 2", fetches.Load())
	}
}

func TestCachingSource_invalidateOnlyDropsTheStaleToken(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	var fetches atomic.Int32
	s := countingSource(clock, time.Hour, &fetches)
	ctx := context.Background()
	first, _ := s.token(ctx)
	s.invalidate(first.Value, CodeInvalidToken)
	second, _ := s.token(ctx)
	// A late report about the first token must not drop the second.
	s.invalidate(first.Value, CodeInvalidToken)
	third, _ := s.token(ctx)
	if second.Value == first.Value || third.Value != second.Value || fetches.Load() != 2 {
		t.Errorf("tokens %s, %s, %s after %d fetches; want a new one once", first.Value, second.Value, third.Value, fetches.Load())
	}
}

func TestCachingSource_manyGoroutinesOneFetch(t *testing.T) {
	release := make(chan struct{})
	releaseAll := sync.OnceFunc(func() { close(release) })
	t.Cleanup(releaseAll) // should the test fail before it lets the fetch go
	var fetches atomic.Int32
	var joined sync.WaitGroup
	joined.Add(99)
	s := &cachingSource{now: time.Now, joined: joined.Done, fetch: func(ctx context.Context) (Token, error) {
		fetches.Add(1)
		<-release
		return Token{Value: "shared", ExpiresAt: time.Now().Add(time.Hour)}, nil
	}}
	var wg sync.WaitGroup
	var bad atomic.Int32
	for range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if tok, err := s.token(context.Background()); err != nil || tok.Value != "shared" {
				bad.Add(1)
			}
		}()
	}
	Within(t, "99 goroutines joining the fetch", joined.Wait) // one leads the fetch, 99 wait for it
	releaseAll()
	Within(t, "the 100 reads", wg.Wait)
	if fetches.Load() != 1 || bad.Load() != 0 {
		t.Errorf("%d fetches and %d bad results for 100 goroutines; want 1 and 0", fetches.Load(), bad.Load())
	}
}

// A waiter must not inherit the leader's cancellation.
func TestCachingSource_leaderCanceledWaiterSucceeds(t *testing.T) {
	var fetches atomic.Int32
	started := make(chan struct{})
	joined := make(chan struct{})
	s := &cachingSource{now: time.Now, joined: func() { close(joined) }, fetch: func(ctx context.Context) (Token, error) {
		if fetches.Add(1) == 1 {
			close(started)
			<-ctx.Done()
			return Token{}, ctx.Err()
		}
		return Token{Value: "second", ExpiresAt: time.Now().Add(time.Hour)}, nil
	}}
	leaderCtx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	leaderErr := make(chan error, 1)
	go func() {
		_, err := s.token(leaderCtx)
		leaderErr <- err
	}()
	Recv(t, started, "the leader's fetch")
	waiter := make(chan Token, 1)
	go func() {
		tok, _ := s.token(context.Background())
		waiter <- tok
	}()
	Recv(t, joined, "the waiter's join") // the waiter waits for the leader's fetch
	cancel()
	if err := Recv(t, leaderErr, "the leader's answer"); !errors.Is(err, context.Canceled) {
		t.Errorf("leader: %v, want context.Canceled", err)
	}
	if tok := Recv(t, waiter, "the waiter's token"); tok.Value != "second" {
		t.Errorf("waiter got %q, want a token of its own fetch", tok.Value)
	}
}
