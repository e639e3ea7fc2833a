package wechat

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"
)

// DefaultShareWindow is how long the provider lets a successful answer
// serve identical calls: long enough to cover the reads of one run, which
// Terraform starts within moments of each other, short enough that a
// later run, or a read long after, asks again.
const DefaultShareWindow = 5 * time.Second

// callWithToken sends r with an access token and decodes the answer.
// Identical calls share one exchange while it is in flight, and a
// successful answer serves identical calls for the client's share window:
// Terraform reads the same data from many modules at once, and each call
// costs time and WeChat's daily quota. Each caller decodes its own copy of
// the answer's bytes, so no caller sees another's changes. Without a
// window, nothing is shared.
func callWithToken[A any, PA answerPtr[A]](ctx context.Context, c *Client, r request) (PA, error) {
	if c.share == nil || wantsFresh(ctx) {
		return callWithFreshToken[A, PA](ctx, c, r)
	}
	key := shareKeyOf(c.appID, r) // guarded by TestForApp_clientsDoNotShareAnswersAcrossAppIDs
	for {
		body, f, leader := c.share.join(key, c.appID)
		switch {
		case body != nil:
			return decodeShared[A, PA](r.path, body)
		case leader:
			return leadCall[A, PA](ctx, c, r, key, f)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-f.done:
		}
		if f.abandoned {
			// The leader's own cancellation says nothing about this caller:
			// try again, as leader if need be.
			continue
		}
		// The wait held this caller up as much as the leader.
		reportRateLimitWait(ctx, f.limitWait)
		if f.err != nil {
			return nil, f.err
		}
		return decodeShared[A, PA](r.path, f.body)
	}
}

// leadCall makes the exchange that the callers waiting on f share.
func leadCall[A any, PA answerPtr[A]](ctx context.Context, c *Client, r request, key shareKey, f *flight) (out PA, err error) {
	// Until the call returns, a panic or a cancellation leaves nothing to share.
	f.abandoned = true
	defer c.share.finish(key, f)

	lctx, rep := WithReport(ctx) // the waiters need the leader's 45011 wait
	out, err = callWithFreshToken[A, PA](lctx, c, r)
	f.limitWait = rep.RateLimitWait()
	reportRateLimitWait(ctx, f.limitWait)
	f.abandoned = err != nil && ctx.Err() != nil
	f.err = err
	if err == nil {
		f.body = out.result().raw
	}
	return out, err
}

// decodeShared decodes an answer that sendOnce already decoded and checked
// once, so only a broken invariant could make it fail.
func decodeShared[A any, PA answerPtr[A]](path string, body []byte) (PA, error) {
	out := PA(new(A))
	if err := decodeAnswer(path, body, out); err != nil {
		return nil, err
	}
	return out, nil
}

// shareKey identifies a call by a hash, so that the table of calls holds
// nothing of a request in clear, should a future API carry a secret in its
// query or body. The token is added later and is never part of it.
type shareKey [sha256.Size]byte

// shareKeyOf hashes the app, method, path, query and body, each with its
// length so that no two different requests run together into one string.
// url.Values.Encode sorts the parameters, so their order does not matter.
func shareKeyOf(appID string, r request) shareKey {
	h := sha256.New()
	var n [8]byte
	for _, part := range [][]byte{[]byte(appID), []byte(r.method), []byte(r.path), []byte(r.query.Encode()), r.body} {
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write(part)
	}
	var k shareKey
	h.Sum(k[:0])
	return k
}

// sharer holds the calls in flight and the answers still fresh enough to
// serve. Failed calls are forgotten as soon as their waiters have them.
type sharer struct {
	window time.Duration
	now    func() time.Time

	mu       sync.Mutex
	inflight map[shareKey]*flight
	kept     map[shareKey]keptAnswer
	// epochs counts the writes to each app (forget): an answer from an
	// exchange that began before a write is neither kept nor joined.
	epochs map[string]uint64
	// joined, if set, is told when a caller starts waiting for another's
	// exchange: tests wait on it instead of sleeping.
	joined func()
}

func newSharer(window time.Duration, now func() time.Time) *sharer {
	return &sharer{window: window, now: now, inflight: map[shareKey]*flight{}, kept: map[shareKey]keptAnswer{},
		epochs: map[string]uint64{}}
}

// flight is one exchange in progress. Its fields are written by the leader
// before done is closed and only read after.
type flight struct {
	done      chan struct{}
	body      []byte // the successful answer, read-only
	err       error
	limitWait time.Duration
	// abandoned: the leader's context ended before an answer came.
	abandoned bool
	app       string
	epoch     uint64 // the app's epoch when the exchange began
}

type keptAnswer struct {
	body []byte // read-only
	at   time.Time
	app  string
}

// join returns a fresh kept answer, or the flight to wait on, or a new
// flight the caller must lead.
func (s *sharer) join(key shareKey, app string) (body []byte, f *flight, leader bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.kept[key]; ok {
		if s.fresh(k, s.now()) {
			return k.body, nil, false
		}
		delete(s.kept, key)
	}
	epoch := s.epochs[app]
	if f := s.inflight[key]; f != nil && f.epoch == epoch {
		if s.joined != nil {
			s.joined()
		}
		return nil, f, false
	}
	f = &flight{done: make(chan struct{}), app: app, epoch: epoch}
	s.inflight[key] = f
	return nil, f, true
}

// fresh: a clock set back (a test's, or a corrected wall clock) must not
// stretch the window.
func (s *sharer) fresh(k keptAnswer, now time.Time) bool {
	age := now.Sub(k.at)
	return age >= 0 && age < s.window // guarded by TestShare_clockSetBackAsksAgain
}

// finish ends f, keeps a successful answer for the window, and releases
// the waiters.
func (s *sharer) finish(key shareKey, f *flight) {
	s.mu.Lock()
	if s.inflight[key] == f {
		delete(s.inflight, key)
	}
	if f.err == nil && !f.abandoned && f.body != nil && f.epoch == s.epochs[f.app] {
		now := s.now()
		for k, old := range s.kept {
			if !s.fresh(old, now) {
				delete(s.kept, k)
			}
		}
		s.kept[key] = keptAnswer{body: f.body, at: now, app: f.app}
	}
	s.mu.Unlock()
	close(f.done)
}

// forget drops every kept answer of app and stops exchanges already under
// way from being kept or joined: after a write, an answer from before it
// would show the app as it was. Guarded by TestShare_writeDropsTheAppsAnswers.
func (s *sharer) forget(app string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.epochs[app]++
	for k, kept := range s.kept {
		if kept.app == app {
			delete(s.kept, k)
		}
	}
}

type freshKey struct{}

// WithFreshAnswers returns a context whose calls neither use nor wait for
// a shared answer: a decision to write must rest on what WeChat says now,
// not on an answer up to a share window old.
func WithFreshAnswers(ctx context.Context) context.Context {
	return context.WithValue(ctx, freshKey{}, true)
}

func wantsFresh(ctx context.Context) bool {
	fresh, _ := ctx.Value(freshKey{}).(bool)
	return fresh
}
