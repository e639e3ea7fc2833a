package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// API paths of the token endpoints.
const (
	PathStableToken = "/cgi-bin/stable_token"
	PathToken       = "/cgi-bin/token"
)

// FailedFetchMemory is how long a token fetch that failed for good (an
// errcode that retrying cannot fix, or retries spent) is remembered: reads
// in that while fail at once with its error instead of each waiting out a
// dead endpoint again. A read after it tries afresh.
const FailedFetchMemory = 30 * time.Second

// Token is an access token and when it stops working. ExpiresAt is zero
// when the token was handed to the client ready-made.
type Token struct {
	Value     string
	ExpiresAt time.Time
}

// tokenSource hands out the token for business calls.
type tokenSource interface {
	token(ctx context.Context) (Token, error)
	// invalidate reports that WeChat rejected value as stale with code. It
	// returns false when the source cannot get a different token.
	invalidate(value string, code int64) bool
	// param is the query parameter the token travels in.
	param() string
}

func (c *Client) newTokenSource(cfg Config) (tokenSource, error) {
	n := len(cfg.Credentials())
	if cfg.TokenCommand != nil {
		n++
	}
	if n != 1 {
		return nil, errors.New("exactly one of secret, access token, CloudBase access token and token command must be set")
	}
	switch {
	case cfg.TokenCommand != nil:
		return c.commandTokens(cfg)
	case cfg.AccessToken != "":
		// A ready-made token may be the app's own or an authorizer token.
		c.kind = ""
		return staticSource{tok: cfg.AccessToken, name: "access_token"}, nil
	case cfg.CloudBaseAccessToken != "":
		return staticSource{tok: cfg.CloudBaseAccessToken, name: "cloudbase_access_token"}, nil
	}
	if err := CheckAppID(cfg.AppID); err != nil {
		return nil, fmt.Errorf("appid: %w", err)
	}
	var fetch func(context.Context) (Token, error)
	switch cfg.TokenAPI {
	case TokenAPIStable, "":
		fetch = func(ctx context.Context) (Token, error) { return c.fetchStableToken(ctx, cfg.Secret) }
	case TokenAPIClassic:
		fetch = func(ctx context.Context) (Token, error) { return c.fetchClassicToken(ctx, cfg.Secret) }
	default:
		return nil, fmt.Errorf("token API %q is neither %q nor %q", cfg.TokenAPI, TokenAPIStable, TokenAPIClassic)
	}
	return &cachingSource{fetch: fetch, now: func() time.Time { return c.now() }}, nil
}

// staticSource is a token the user supplied; it cannot be refreshed.
type staticSource struct {
	tok  string
	name string
}

func (s staticSource) token(context.Context) (Token, error) { return Token{Value: s.tok}, nil }
func (s staticSource) invalidate(string, int64) bool        { return false }
func (s staticSource) param() string                        { return s.name }

// cachingSource keeps a fetched token until shortly before it expires.
// Concurrent callers share one fetch: Terraform reads many data sources at
// once, and each fetch costs quota (and, for the classic API, breaks the
// token other systems hold).
type cachingSource struct {
	fetch func(context.Context) (Token, error)
	now   func() time.Time

	mu       sync.Mutex
	cur      Token
	refresh  time.Time // when cur should be replaced
	inflight *tokenFetch
	// failed is the last fetch's error, answered until failedUntil.
	failed      error
	failedUntil time.Time
	// joined, if set, is told when a caller starts waiting for another's
	// fetch; tests use it instead of sleeping.
	joined func()
}

// tokenFetch is one fetch (or token command run) that callers for the
// same token wait on.
type tokenFetch struct {
	done chan struct{}
	tok  Token
	err  error
}

// wait waits for a fetch another caller leads. again is true when the
// leader was canceled: its cancellation says nothing about this caller,
// who should try again, as leader if need be.
func (f *tokenFetch) wait(ctx context.Context) (tok Token, err error, again bool) {
	select {
	case <-ctx.Done():
		return Token{}, ctx.Err(), false
	case <-f.done:
	}
	if f.err != nil && isCancellation(f.err) {
		return Token{}, nil, true
	}
	return f.tok, f.err, false
}

func (s *cachingSource) param() string { return "access_token" }

func (s *cachingSource) token(ctx context.Context) (Token, error) {
	for {
		s.mu.Lock()
		if s.cur.Value != "" && s.now().Before(s.refresh) {
			tok := s.cur
			s.mu.Unlock()
			return tok, nil
		}
		if s.failed != nil && s.now().Before(s.failedUntil) { // guarded by TestCachingSource_failedFetchIsRemembered
			err := s.failed
			s.mu.Unlock()
			return Token{}, err
		}
		f := s.inflight
		leader := f == nil
		if leader {
			f = &tokenFetch{done: make(chan struct{})}
			s.inflight = f
		}
		s.mu.Unlock()

		if leader {
			s.lead(ctx, f)
			return f.tok, f.err
		}
		if s.joined != nil {
			s.joined()
		}

		if tok, err, again := f.wait(ctx); !again {
			return tok, err
		}
	}
}

// lead runs fetch f and publishes its result: the token, or an error that
// later reads get at once for FailedFetchMemory. Cancellation is the
// leader's own affair and is not remembered.
func (s *cachingSource) lead(ctx context.Context, f *tokenFetch) {
	f.tok, f.err = s.fetch(ctx)
	s.mu.Lock()
	defer close(f.done)
	defer s.mu.Unlock()
	s.inflight = nil
	switch {
	case f.err == nil:
		s.cur, s.failed = f.tok, nil
		s.refresh = refreshTime(s.now(), f.tok.ExpiresAt)
	case !isCancellation(f.err): // guarded by TestCachingSource_cancellationIsNotRemembered
		s.failed, s.failedUntil = f.err, s.now().Add(FailedFetchMemory)
	}
}

func isCancellation(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// refreshTime is when a token fetched at now should be replaced: a margin
// before expiry (at most 5 minutes, at most half its life), so that a call
// never starts with a token about to die.
func refreshTime(now, expiresAt time.Time) time.Time {
	life := expiresAt.Sub(now)
	margin := min(5*time.Minute, life/2)
	return expiresAt.Add(-margin)
}

func (s *cachingSource) invalidate(value string, _ int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Only drop the token if it is still the cached one: when many reads
	// see the same stale token, the first drop triggers one fetch and the
	// others pick its result up.
	if s.cur.Value == value {
		s.cur = Token{}
	}
	return true
}

// fetchStableToken never sets force_refresh: forcing invalidates the token
// every other system of the app holds, and is limited to 20 a day.
func (c *Client) fetchStableToken(ctx context.Context, secret string) (Token, error) {
	body, err := json.Marshal(map[string]any{
		"grant_type":    "client_credential",
		"appid":         c.appID,
		"secret":        secret,
		"force_refresh": false, // guarded by TestClient_stableTokenIsNeverForced
	})
	if err != nil {
		return Token{}, err
	}
	return c.fetchToken(ctx, request{method: http.MethodPost, path: PathStableToken, body: body, tokenCall: true})
}

func (c *Client) fetchClassicToken(ctx context.Context, secret string) (Token, error) {
	q := url.Values{"grant_type": {"client_credential"}, "appid": {c.appID}, "secret": {secret}}
	return c.fetchToken(ctx, request{method: http.MethodGet, path: PathToken, query: q, tokenCall: true})
}

// defaultTokenLife is assumed when WeChat omits expires_in.
const defaultTokenLife = 5 * time.Minute

// tokenAnswer is what both token endpoints return.
type tokenAnswer struct {
	envelope
	AccessToken string  `json:"access_token"`
	ExpiresIn   flexInt `json:"expires_in"`
}

// hasPayload: stable_token leaves errcode out of success, so the token
// itself is what marks WeChat's answer.
func (a *tokenAnswer) hasPayload() bool { return a.AccessToken != "" } // guarded by TestClient_tokenAnswerWithoutErrcodeOrTokenIsNotWeChat

func (c *Client) fetchToken(ctx context.Context, r request) (Token, error) {
	resp, err := send[tokenAnswer](ctx, c, r)
	if err != nil {
		return Token{}, err
	}
	if resp.AccessToken == "" {
		return Token{}, &BadResponseError{Path: r.path, Problem: "the answer carries no access_token"}
	}
	life := defaultTokenLife
	if resp.ExpiresIn.Set && resp.ExpiresIn.Value > 0 && resp.ExpiresIn.Value <= 7*24*3600 {
		life = time.Duration(resp.ExpiresIn.Value) * time.Second
	}
	return Token{Value: resp.AccessToken, ExpiresAt: c.now().Add(life)}, nil
}

// AccessToken returns the token the client would use for its next call,
// fetching one if it holds none that is fresh.
func (c *Client) AccessToken(ctx context.Context) (Token, error) {
	return c.tokens.token(ctx)
}
