package wechat

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	backoffBase = 250 * time.Millisecond
	backoffCap  = 8 * time.Second
)

// jitteredBackoff doubles the wait per retry up to a cap, and picks a point
// in its upper half at random so that parallel reads do not retry in step.
func jitteredBackoff(retry int) time.Duration {
	d := backoffBase << min(retry-1, 10)
	if d > backoffCap {
		d = backoffCap
	}
	return d/2 + rand.N(d/2+1)
}

// isTransient reports failures that another attempt may well not see.
func isTransient(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code == CodeSystemBusy
	}
	var httpErr *HTTPError
	if errors.As(err, &httpErr) {
		return httpErr.StatusCode == http.StatusTooManyRequests || httpErr.StatusCode >= 500
	}
	var transportErr *TransportError
	return errors.As(err, &transportErr)
}

// transientWait is the wait before retry n of a transient failure: what a
// 429 or 503 asked for in Retry-After, up to MaxRetryAfter, or else the
// backoff.
func (c *Client) transientWait(err error, retry int) time.Duration {
	var httpErr *HTTPError
	if errors.As(err, &httpErr) && httpErr.RetryAfter > 0 {
		return min(httpErr.RetryAfter, MaxRetryAfter)
	}
	return c.backoff(retry)
}

func isRateLimited(err error) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.IsRateLimit()
}

// fitsDeadline reports whether waiting d still leaves ctx time for a request.
func fitsDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

// MaxRetryAfter caps the wait a 429 or 503 answer asks for in Retry-After:
// a longer wait is cut to this (and to the call's deadline).
const MaxRetryAfter = 30 * time.Second

// parseRetryAfter reads a Retry-After header, in seconds or as an HTTP
// date, as a wait from now; zero when there is none or it has passed.
func parseRetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second
	}
	at, err := http.ParseTime(h)
	if err != nil || !at.After(now) {
		return 0
	}
	return at.Sub(now)
}
