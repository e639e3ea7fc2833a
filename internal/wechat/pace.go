package wechat

import (
	"context"
	"sync"
	"time"
)

// pacer spaces the starts of one API's calls per app by at least gap: an
// API with an undocumented rate limit is called no faster than a rate it
// is known to take. One pacer serves a client and its ForApp copies, so
// that parallel reads of one app share its pace. It counts real time, not
// the client's clock: it makes calls wait.
type pacer struct {
	gap time.Duration

	mu   sync.Mutex
	next map[string]time.Time // by appid: the earliest start of its next call
}

func newPacer(gap time.Duration) *pacer {
	return &pacer{gap: gap, next: map[string]time.Time{}}
}

// wait reserves the next start for appID and waits for it, or until ctx ends.
func (p *pacer) wait(ctx context.Context, appID string) error {
	if p == nil || p.gap <= 0 {
		return nil
	}
	p.mu.Lock()
	now := time.Now()
	at := p.next[appID]
	if at.Before(now) {
		at = now
	}
	p.next[appID] = at.Add(p.gap)
	p.mu.Unlock()
	if d := at.Sub(now); d > 0 {
		return sleep(ctx, d)
	}
	return nil
}
