package wechat

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, header string
		want         time.Duration
	}{
		{"none", "", 0},
		{"seconds", "5", 5 * time.Second},
		{"seconds with spaces", " 7 ", 7 * time.Second},
		{"zero", "0", 0},
		{"negative", "-3", 0},
		{"garbage", "soon", 0},
		{"HTTP date ahead", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"HTTP date passed", now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"absurdly many seconds", "99999999999999999", 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseRetryAfter(tt.header, now); got != tt.want {
				t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestTransientWait(t *testing.T) {
	c := &Client{backoff: func(int) time.Duration { return 42 * time.Millisecond }}
	tests := []struct {
		name string
		err  error
		want time.Duration
	}{
		{"errcode -1 backs off", &APIError{Code: CodeSystemBusy}, 42 * time.Millisecond},
		{"HTTP 502 backs off", &HTTPError{StatusCode: 502}, 42 * time.Millisecond},
		{"HTTP 429 without Retry-After backs off", &HTTPError{StatusCode: 429}, 42 * time.Millisecond},
		{"Retry-After is obeyed", &HTTPError{StatusCode: 503, RetryAfter: 3 * time.Second}, 3 * time.Second},
		{"Retry-After is capped", &HTTPError{StatusCode: 429, RetryAfter: time.Hour}, MaxRetryAfter},
		{"wrapped", errors.Join(errors.New("x"), &HTTPError{StatusCode: 429, RetryAfter: time.Second}), time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.transientWait(tt.err, 1); got != tt.want {
				t.Errorf("wait %v, want %v", got, tt.want)
			}
		})
	}
}
