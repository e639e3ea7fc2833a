package wechat_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// retryAfterServer answers the first plan call with status and a
// Retry-After header, and every later one with the seed plan.
func retryAfterServer(t *testing.T, status int, retryAfter string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", retryAfter)
			w.WriteHeader(status)
			return
		}
		_, _ = io.WriteString(w, `{"errcode":0,"gray_release_plan":{"status":1}}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &calls
}

// The backoff is an hour, so only Retry-After can bring the retry within
// the deadline.
var hourBackoff = []wechat.Option{wechat.WithBackoff(func(int) time.Duration { return time.Hour })}

func TestClient_retryAfter(t *testing.T) {
	clockNow := time.Now().Truncate(time.Second)
	tests := []struct {
		name       string
		status     int
		retryAfter string
	}{
		{"429 in seconds", 429, "1"},
		{"503 as an HTTP date", 503, clockNow.Add(time.Second).UTC().Format(http.TimeFormat)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, calls := retryAfterServer(t, tt.status, tt.retryAfter)
			opts := append(slices.Clone(hourBackoff), wechat.WithClock(func() time.Time { return clockNow }))
			c := newClientWith(t, srv.URL, opts, func(cfg *wechat.Config) { cfg.Secret, cfg.AccessToken = "", "TOKEN" })
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			start := time.Now()
			if _, err := c.GetGrayReleasePlan(ctx); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d < 900*time.Millisecond || d > 5*time.Second {
				t.Errorf("retried after %v, want about the second Retry-After asked for", d)
			}
			if calls.Load() != 2 {
				t.Errorf("%d calls, want 2", calls.Load())
			}
		})
	}
}

// A wait the deadline cannot hold ends the call at once.
func TestClient_retryAfterBeyondTheDeadline(t *testing.T) {
	srv, calls := retryAfterServer(t, 503, "3600")
	c := newClientWith(t, srv.URL, nil, func(cfg *wechat.Config) { cfg.Secret, cfg.AccessToken = "", "TOKEN" })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.GetGrayReleasePlan(ctx)
	var exhausted *wechat.RetriesExhaustedError
	if !errors.As(err, &exhausted) {
		t.Fatalf("want RetriesExhaustedError, got %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v to give up", d)
	}
	if calls.Load() != 1 {
		t.Errorf("%d calls, want 1", calls.Load())
	}
}
