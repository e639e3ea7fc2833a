package wechat

import "time"

// Option changes how a client waits and tells time. The released provider
// uses none; tests use them to make waits short and clocks settable.
type Option func(*Client)

// WithBackoff replaces the wait before retry n (1-based) of a transient
// failure; the default doubles from 250 ms with jitter.
func WithBackoff(backoff func(retry int) time.Duration) Option {
	return func(c *Client) { c.backoff = backoff }
}

// WithRateLimitWait replaces RateLimitWait, the wait before the one retry
// after errcode 45011.
func WithRateLimitWait(d time.Duration) Option {
	return func(c *Client) { c.limitWait = d }
}

// WithClock replaces time.Now for token lifetimes, the memory of a failed
// token fetch and Retry-After dates.
func WithClock(now func() time.Time) Option {
	return func(c *Client) { c.now = now }
}

// WithPagePace replaces JSErrPagePace, the least time between the starts of
// two jserr_list calls for one app; zero turns pacing off.
func WithPagePace(d time.Duration) Option {
	return func(c *Client) { c.pageGap = d }
}
