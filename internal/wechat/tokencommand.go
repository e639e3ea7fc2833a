package wechat

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// TokenKind is the kind of token a token command is asked for.
type TokenKind string

const (
	// TokenKindAuthorizer is a mini program's token: for a third-party
	// platform, the authorizer_access_token it holds for that mini program.
	TokenKindAuthorizer TokenKind = "authorizer"
	// TokenKindComponent is a third-party platform's own
	// component_access_token, for the platform's APIs.
	TokenKindComponent TokenKind = "component"
)

// TokenCommandVersion is the version of the token command contract the
// client speaks; it is sent in every request and checked in every answer.
const TokenCommandVersion = 1

// DefaultTokenCommandTimeout bounds one run when the configuration leaves it
// zero, as the AWS SDK bounds credential_process.
const DefaultTokenCommandTimeout = 60 * time.Second

// DefaultTokenCommandRuns caps runs in flight at once, so that a fleet's
// first reads do not flood the platform's central token server.
const DefaultTokenCommandRuns = 4

// TokenCommandFailureMemory is how long a failed run answers later reads of
// the same token without running the command again, as a failed token
// fetch does. Terraform reads ten data sources at a time: without it, a
// command that times out would be waited out once per batch.
const TokenCommandFailureMemory = FailedFetchMemory

// tokenCommandMargin is how long before its expiry a token is replaced:
// WeChat's overlap between an old and a new token, so that a call never
// starts with a token about to die.
const tokenCommandMargin = 5 * time.Minute

// TokenCommandConfig configures a program that hands out tokens. See the
// provider's documentation for the contract (version 1).
type TokenCommandConfig struct {
	// Command is a path or a name looked up in PATH. It is run directly,
	// without a shell.
	Command string
	Args    []string
	// Env is merged over the environment of the calling process.
	Env map[string]string
	// Timeout bounds one run; zero means DefaultTokenCommandTimeout.
	Timeout time.Duration
	// ComponentAppID is the third-party platform's appid, sent in every
	// request and the appid of component tokens.
	ComponentAppID string
	// MaxConcurrentRuns caps runs in flight; zero means DefaultTokenCommandRuns.
	MaxConcurrentRuns int
	// Secrets are further values kept out of error texts. Env values are
	// always kept out.
	Secrets []string
	// OnRun, if set, is told about every run (for logging).
	OnRun func(context.Context, TokenRun)
}

// TokenRun describes one run of the token command. It carries nothing the
// program printed, so it is safe to log.
type TokenRun struct {
	Command  string
	Kind     TokenKind
	AppID    string
	Reason   string
	Duration time.Duration
	// ExitCode is -1 when the program was killed or never started.
	ExitCode int
	Err      error
}

// TokenCommand runs a token program and caches what it hands out, per kind
// and appid. It is safe for concurrent use; one serves a whole provider.
type TokenCommand struct {
	cfg   TokenCommandConfig
	now   func() time.Time
	slots chan struct{}

	mu      sync.Mutex
	entries map[tokenKey]*commandEntry
	seen    []string // tokens handed out, kept out of any stderr shown
}

type tokenKey struct {
	kind  TokenKind
	appID string
}

// commandEntry is the cache of one (kind, appid).
type commandEntry struct {
	cur      Token
	refresh  time.Time // when cur must be replaced; zero: kept for the run
	rejected int64     // errcode WeChat gave cur, for the next run's request
	failed   error     // the last run's failure, answered until failedUntil
	failedAt time.Time
	inflight *tokenFetch
}

// NewTokenCommand checks cfg. It runs nothing.
func NewTokenCommand(cfg TokenCommandConfig) (*TokenCommand, error) {
	if cfg.Command == "" {
		return nil, errors.New("token command: command must not be empty")
	}
	if cfg.Timeout < 0 {
		return nil, errors.New("token command: timeout must not be negative")
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTokenCommandTimeout
	}
	if cfg.MaxConcurrentRuns <= 0 {
		cfg.MaxConcurrentRuns = DefaultTokenCommandRuns
	}
	if cfg.ComponentAppID != "" {
		if err := CheckAppID(cfg.ComponentAppID); err != nil {
			return nil, fmt.Errorf("component appid: %w", err)
		}
	}
	return &TokenCommand{
		cfg:     cfg,
		now:     time.Now,
		slots:   make(chan struct{}, cfg.MaxConcurrentRuns),
		entries: map[tokenKey]*commandEntry{},
	}, nil
}

// Secrets are the configured values a caller should keep out of its own
// output (logs, say): the configured secrets and the env values, each as
// given, trimmed and line by line, where long enough to be one (see
// minRedactedValue).
func (tc *TokenCommand) Secrets() []string {
	var out []string
	for _, v := range tc.cfg.Secrets {
		out = appendValueForms(out, v)
	}
	for _, v := range tc.cfg.Env {
		out = appendValueForms(out, v)
	}
	return out
}

// ComponentAppID is the platform's appid, "" when none is configured.
func (tc *TokenCommand) ComponentAppID() string { return tc.cfg.ComponentAppID }

// Token returns the cached token of kind for appID, or runs the command for
// one. Concurrent callers for the same kind and appid share one run. For
// TokenKindComponent, appID is the platform's appid.
func (tc *TokenCommand) Token(ctx context.Context, kind TokenKind, appID string) (Token, error) {
	if err := tc.checkKey(kind, appID); err != nil {
		return Token{}, err
	}
	key := tokenKey{kind, appID}
	for {
		tc.mu.Lock()
		e := tc.entry(key)
		if tok, err, ok := e.cached(tc.now()); ok {
			tc.mu.Unlock()
			return tok, err
		}
		f := e.inflight
		leader := f == nil
		var req tokenRequest
		if leader {
			f = &tokenFetch{done: make(chan struct{})}
			e.inflight = f
			req = tc.request(key, e.rejected)
		}
		tc.mu.Unlock()

		if leader {
			f.tok, f.err = tc.run(ctx, req)
			tc.store(e, f)
			close(f.done)
			return f.tok, f.err
		}
		if tok, err, again := f.wait(ctx); !again {
			return tok, err
		}
	}
}

func (tc *TokenCommand) checkKey(kind TokenKind, appID string) error {
	switch kind {
	case TokenKindAuthorizer:
	case TokenKindComponent:
		if tc.cfg.ComponentAppID == "" {
			return errors.New("a component token was asked for, but no component appid is configured")
		}
		if appID != tc.cfg.ComponentAppID {
			return errors.New("a component token can only be had for the configured component appid")
		}
	default:
		return fmt.Errorf("token kind %q is neither %q nor %q", kind, TokenKindAuthorizer, TokenKindComponent)
	}
	return CheckAppID(appID)
}

// entry returns the cache of key; tc.mu must be held.
func (tc *TokenCommand) entry(key tokenKey) *commandEntry {
	e, ok := tc.entries[key]
	if !ok {
		e = &commandEntry{}
		tc.entries[key] = e
	}
	return e
}

// cached answers from the cache when it can: a token still fresh, or a
// failure still remembered.
func (e *commandEntry) cached(now time.Time) (Token, error, bool) {
	if e.cur.Value != "" && (e.refresh.IsZero() || now.Before(e.refresh)) {
		return e.cur, nil, true
	}
	if e.failed != nil && now.Before(e.failedAt.Add(TokenCommandFailureMemory)) {
		return Token{}, e.failed, true
	}
	return Token{}, nil, false
}

// store records the result of the run f.
func (tc *TokenCommand) store(e *commandEntry, f *tokenFetch) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	e.inflight = nil
	switch {
	case f.err == nil:
		e.cur, e.rejected, e.failed = f.tok, 0, nil
		e.refresh = time.Time{}
		if !f.tok.ExpiresAt.IsZero() {
			// A token with less than the margin left is kept only so that
			// a rejection of it can still be matched; the next call runs
			// the command again.
			e.refresh = f.tok.ExpiresAt.Add(-tokenCommandMargin)
		}
		tc.seen = append(tc.seen, f.tok.Value) // guarded by TestTokenCommand_earlierTokenRedactedFromStderr
	case !isCancellation(f.err):
		e.failed, e.failedAt = f.err, tc.now()
	}
}

// Reject reports that WeChat refused value, a token of kind for appID, with
// code. It returns true when the caller should get a token again and repeat
// its call once: for a stale-token code, either the command runs again with
// reason "rejected" (when value is still the cached token) or a newer token
// is already cached or on its way. Permission and other errors return false:
// a fresh token would only hide them.
func (tc *TokenCommand) Reject(kind TokenKind, appID, value string, code int64) bool {
	if !IsStaleTokenCode(code) {
		return false
	}
	tc.mu.Lock()
	defer tc.mu.Unlock()
	e := tc.entry(tokenKey{kind, appID})
	if e.cur.Value == value {
		e.cur, e.refresh, e.rejected = Token{}, time.Time{}, code
	}
	return true
}

// IsStaleTokenCode reports the errcodes with which WeChat says a token is
// invalid, superseded or expired: the only ones a new token can cure.
func IsStaleTokenCode(code int64) bool {
	switch code {
	case CodeInvalidToken, CodeTokenNotLatest, CodeTokenExpired:
		return true
	}
	return false
}
