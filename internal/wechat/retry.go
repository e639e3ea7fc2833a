package wechat

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
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

func isRateLimited(err error) bool {
	apiErr, ok := AsAPIError(err)
	return ok && apiErr.Code == CodeMinuteLimit
}

// fitsDeadline reports whether waiting d still leaves ctx time for a request.
func fitsDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) > d
}

// MaxRetryAfter caps the wait a 429 or 503 answer asks for in Retry-After:
// a longer wait is cut to this (and to the call's deadline).
const MaxRetryAfter = 30 * time.Second
