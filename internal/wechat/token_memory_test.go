package wechat

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// failingSource returns a cache whose fetches fail with errs in turn, and
// then succeed.
func failingSource(clock *fakeClock, fetches *atomic.Int32, errs ...error) *cachingSource {
	return &cachingSource{
		now: clock.Now,
		fetch: func(ctx context.Context) (Token, error) {
			n := int(fetches.Add(1))
			if n <= len(errs) {
				return Token{}, errs[n-1]
			}
			return Token{Value: "good", ExpiresAt: clock.Now().Add(time.Hour)}, nil
		},
	}
}

func TestCachingSource_failedFetchIsRemembered(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"wrong secret", &APIError{Path: PathStableToken, TokenCall: true, Code: CodeInvalidSecret}},
		{"retries spent", &RetriesExhaustedError{Attempts: 4, Err: &TransportError{Path: PathStableToken, Timeout: true}}},
		{"not WeChat", &BadResponseError{Path: PathStableToken, NotWeChat: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
			var fetches atomic.Int32
			s := failingSource(clock, &fetches, tt.err)
			ctx := context.Background()
			for i := range 100 {
				if _, err := s.token(ctx); !errors.Is(err, tt.err) {
					t.Fatalf("read %d: %v, want the first fetch's error", i, err)
				}
			}
			clock.Advance(FailedFetchMemory - time.Second)
			if _, err := s.token(ctx); !errors.Is(err, tt.err) || fetches.Load() != 1 {
				t.Fatalf("just before the memory ends: %v after %d fetches, want the remembered error after 1", err, fetches.Load())
			}
			clock.Advance(time.Second)
			if tok, err := s.token(ctx); err != nil || tok.Value != "good" || fetches.Load() != 2 {
				t.Fatalf("after the memory ends: %q, %v after %d fetches, want a new fetch's token", tok.Value, err, fetches.Load())
			}
		})
	}
}

func TestCachingSource_cancellationIsNotRemembered(t *testing.T) {
	for _, cause := range []error{context.Canceled, context.DeadlineExceeded} {
		t.Run(cause.Error(), func(t *testing.T) {
			clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
			var fetches atomic.Int32
			s := failingSource(clock, &fetches, cause)
			if _, err := s.token(context.Background()); !errors.Is(err, cause) {
				t.Fatalf("first read: %v, want %v", err, cause)
			}
			if tok, err := s.token(context.Background()); err != nil || tok.Value != "good" {
				t.Fatalf("second read: %q, %v; want a fetch of its own", tok.Value, err)
			}
		})
	}
}
