package wechat

import (
	"context"
	"sync/atomic"
	"time"
)

// RateLimitWait is how long the client waits, once per call, before it
// retries a call WeChat refused for its rate limit (errcode 45011, the
// per-minute limit, or an API's own code: see APIError.IsRateLimit): a
// minute, since the limits are counted per minute.
const RateLimitWait = time.Minute

// Report collects what the client did quietly during the calls made with
// one context, so a caller can tell its user. It is safe for concurrent use.
type Report struct {
	rateLimitWait atomic.Int64 // nanoseconds
}

type reportKey struct{}

// WithReport returns a context whose calls record into the returned Report.
func WithReport(ctx context.Context) (context.Context, *Report) {
	r := &Report{}
	return context.WithValue(ctx, reportKey{}, r), r
}

// RateLimitWait is the total time calls made with the report's context
// waited after errcode 45011 before they were retried.
func (r *Report) RateLimitWait() time.Duration {
	return time.Duration(r.rateLimitWait.Load())
}

// reportRateLimitWait adds d to ctx's report, if it has one.
func reportRateLimitWait(ctx context.Context, d time.Duration) {
	if r, ok := ctx.Value(reportKey{}).(*Report); ok {
		r.rateLimitWait.Add(int64(d))
	}
}
