package provider

import (
	"sync"
)

// releaseClaims order, within one provider process (one plan or apply),
// the creates and destroys of wechat_release instances of one mini
// program. A replace with create_before_destroy, a moved address or a
// for_each key that changes creates the new instance, which adopts the
// rollout WeChat shows, and then destroys the old one: with
// revert_on_destroy, that destroy would cancel the rollout the new
// instance now holds. The destroy sends nothing instead when a create of
// the same app succeeded in this process. The lock makes the two take
// turns, so that each reads WeChat after the other acted.
type releaseClaims struct {
	mu   sync.Mutex
	apps map[string]*releaseClaim
}

// releaseClaim is one app's turn; the holder unlocks it.
type releaseClaim struct {
	sync.Mutex
	created bool // a create of the app succeeded in this process
}

// lock waits for appID's turn and returns its claim, locked.
func (c *releaseClaims) lock(appID string) *releaseClaim {
	c.mu.Lock()
	if c.apps == nil {
		c.apps = map[string]*releaseClaim{}
	}
	claim, ok := c.apps[appID]
	if !ok {
		claim = &releaseClaim{}
		c.apps[appID] = claim
	}
	c.mu.Unlock()
	claim.Lock()
	return claim
}

// claim locks appID's turn in the provider block's claims; before the
// provider is configured (r.call then reports it) a claim of its own.
func (r *releaseResource) claim(appID string) *releaseClaim {
	if r.data == nil {
		claim := &releaseClaim{}
		claim.Lock()
		return claim
	}
	return r.data.releases.lock(appID)
}
