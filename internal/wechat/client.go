// Package wechat is a small client for the WeChat Mini Program server API.
//
// It knows nothing of Terraform: it gets and caches access tokens, retries
// what is worth retrying, and turns every failure into a typed error whose
// text never contains a secret or an access token.
package wechat

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultBaseURL is WeChat's main API host.
const DefaultBaseURL = "https://api.weixin.qq.com"

// DefaultRequestTimeout bounds one HTTP attempt when Config leaves it zero.
const DefaultRequestTimeout = 15 * time.Second

// DefaultMaxRetries is how often a transient failure is retried by default.
const DefaultMaxRetries = 3

// Token APIs the client can fetch tokens from.
const (
	// TokenAPIStable is POST /cgi-bin/stable_token: every caller shares one
	// token, so fetching it never breaks other systems of the same app.
	TokenAPIStable = "stable"
	// TokenAPIClassic is GET /cgi-bin/token: each fetch invalidates the token
	// other systems of the same app hold.
	TokenAPIClassic = "classic"
)

// Config says how to reach WeChat and authenticate. Exactly one of Secret,
// AccessToken and CloudBaseAccessToken must be set.
type Config struct {
	BaseURL string
	AppID   string
	// Secret is the AppSecret; tokens are fetched with it from TokenAPI.
	Secret   string
	TokenAPI string
	// AccessToken is a ready token, e.g. from a central token server or a
	// third-party platform's authorizer token. The client cannot refresh it.
	AccessToken string
	// CloudBaseAccessToken is sent as the cloudbase_access_token parameter.
	CloudBaseAccessToken string

	// MaxRetries is how often a transient failure (errcode -1, HTTP 429 or
	// 5xx, a reset connection, a timeout) is retried; 0 disables retries.
	MaxRetries int
	// RequestTimeout bounds each HTTP attempt; zero means DefaultRequestTimeout.
	RequestTimeout time.Duration
	UserAgent      string
	// HTTPClient is used for every call; nil means one built by NewHTTPClient.
	HTTPClient *http.Client
	// OnAttempt, if set, is told about every HTTP attempt (for logging).
	OnAttempt func(context.Context, Attempt)
	// TokenCommand, instead of the credentials above, gets tokens from a
	// program for any appid (ForApp), and the platform's component token.
	TokenCommand *TokenCommand
	// ShareWindow is how long a successful answer serves identical calls,
	// which also share an exchange in flight (see callWithToken). 0 turns
	// sharing off: every call is its own exchange. The provider sets
	// DefaultShareWindow.
	ShareWindow time.Duration
}

// Credentials lists the configured secret and tokens, for callers that
// must keep them out of their own output (logs, say).
func (cfg Config) Credentials() []string {
	var creds []string
	for _, s := range []string{cfg.Secret, cfg.AccessToken, cfg.CloudBaseAccessToken} {
		if s != "" {
			creds = append(creds, s)
		}
	}
	return creds
}

// Attempt describes one HTTP exchange. It carries no query string, headers
// or body, so it is safe to log.
type Attempt struct {
	Method     string
	Path       string
	Number     int
	Duration   time.Duration
	StatusCode int   // 0 when no answer came
	ErrCode    int64 // WeChat's errcode, 0 on success
	Err        error
}

// Client calls the WeChat API. It is safe for concurrent use; create one
// per app and reuse it, so that tokens and connections are shared.
type Client struct {
	baseURL    string // scheme and host, without a trailing slash
	appID      string
	http       *http.Client
	tokens     tokenSource
	maxRetries int
	timeout    time.Duration
	userAgent  []string // the header's value, built once
	onAttempt  func(context.Context, Attempt)
	backoff    func(int) time.Duration
	limitWait  time.Duration
	pageGap    time.Duration // see WithPagePace
	jsErrPace  *pacer
	secrets    []string // configured credentials, scrubbed from every error text
	now        func() time.Time
	// kind is the kind of token the client sends: own for a secret or a
	// CloudBase token, authorizer or component from a token command, ""
	// for a ready-made access_token, which may be either.
	kind    TokenKind
	command *TokenCommand // nil unless configured
	share   *sharer
}

// New checks cfg and builds a client. It makes no network call.
func New(cfg Config, opts ...Option) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.MaxRetries < 0 {
		return nil, errors.New("max retries must not be negative")
	}
	if cfg.RequestTimeout < 0 {
		return nil, errors.New("request timeout must not be negative")
	}
	if cfg.ShareWindow < 0 {
		return nil, errors.New("share window must not be negative")
	}
	c := &Client{
		baseURL:    base.String(),
		appID:      cfg.AppID,
		http:       cfg.HTTPClient,
		maxRetries: cfg.MaxRetries,
		timeout:    cfg.RequestTimeout,
		onAttempt:  cfg.OnAttempt,
		backoff:    jitteredBackoff,
		limitWait:  RateLimitWait,
		pageGap:    JSErrPagePace,
		now:        time.Now,
		kind:       TokenKindOwn,
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.http == nil {
		c.http = NewHTTPClient()
	}
	if cfg.ShareWindow > 0 {
		c.share = newSharer(cfg.ShareWindow, c.now)
	}
	c.jsErrPace = newPacer(c.pageGap)
	if cfg.UserAgent != "" {
		c.userAgent = []string{cfg.UserAgent}
	}
	if c.timeout == 0 {
		c.timeout = DefaultRequestTimeout
	}
	c.secrets = cfg.Credentials()
	if c.tokens, err = c.newTokenSource(cfg); err != nil {
		return nil, err
	}
	return c, nil
}

// NewHTTPClient returns the HTTP client New uses by default: proxies from
// the environment, keep-alive sized for Terraform's parallel reads, and no
// redirects (a redirect would carry the token in its URL to another host).
func NewHTTPClient() *http.Client {
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok { // replaced by some program; start from Go's defaults
		base = &http.Transport{}
	}
	t := base.Clone()
	t.Proxy = http.ProxyFromEnvironment
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = 32
	return &http.Client{
		Transport: t,
		CheckRedirect: func(*http.Request, []*http.Request) error { // guarded by TestClient_redirectsAreNotFollowed
			return http.ErrUseLastResponse
		},
	}
}

// ParseBaseURL accepts an https URL, or http to a loopback host (a local
// mock), so that credentials never cross a network in clear text. It
// takes a bare host (and port): no path, user info, query or fragment.
func ParseBaseURL(raw string) (*url.URL, error) {
	// The value is quoted in errors only when it cannot hold a credential
	// (user info or a query such as ?access_token=).
	shown := fmt.Sprintf("%q", raw)
	if strings.ContainsAny(raw, "@?#") {
		shown = "the URL"
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%s is not an absolute URL such as %s", shown, DefaultBaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("%s must be a bare host such as %s, without user info, query or fragment: credentials belong in secret or access_token", shown, DefaultBaseURL)
	}
	// A path would come before every API's path, and WeChat answers such
	// URLs only with "api not found" (guarded by TestNew_rejectsBadConfig).
	if strings.Trim(u.Path, "/") != "" {
		return nil, fmt.Errorf("%s must be a bare host such as %s, without a path: the provider adds each API's path (/cgi-bin/…, /wxa/…) itself", shown, DefaultBaseURL)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("%s uses http:// to a host that is not loopback; use https:// so the secret and tokens are encrypted", shown)
		}
	default:
		return nil, fmt.Errorf("%s must start with https://", shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// request is one API call before the token is added.
type request struct {
	method    string
	path      string
	query     url.Values
	body      []byte // JSON, for POST
	tokenCall bool
	// token and tokenParam, when set, are added to the query.
	token, tokenParam string
	// needs is the kind of token the API takes; "" when WeChat takes any.
	// A refusal that points at the kind then becomes a TokenKindError.
	needs TokenKind
	// write marks a call that changes the mini program: it is sent once,
	// and an answer that is lost becomes an OutcomeUnknownError (see send).
	write bool
}

// answerPtr is a pointer to a fresh answer struct that embeds envelope; each
// attempt decodes into a new one, so nothing of a failed attempt lingers.
type answerPtr[A any] interface {
	*A
	result() *envelope
}

// callWithFreshToken sends r with an access token and decodes the answer. When
// WeChat calls the token stale, it drops it, gets another and tries once more.
func callWithFreshToken[A any, PA answerPtr[A]](ctx context.Context, c *Client, r request) (PA, error) {
	refreshed := false
	for {
		tok, err := c.tokens.token(ctx)
		if err != nil {
			return nil, err
		}
		r.token, r.tokenParam = tok.Value, c.tokens.param()

		out, err := send[A, PA](ctx, c, r)
		apiErr, ok := AsAPIError(err)
		if !ok || !apiErr.IsStaleToken() {
			return out, c.kindError(r, err)
		}
		// Only stale-token codes get a fresh token: a permission error
		// would merely be hidden by one.
		if !c.tokens.invalidate(tok.Value, apiErr.Code) {
			return nil, c.kindError(r, &StaleTokenError{Err: apiErr})
		}
		if refreshed {
			return nil, c.kindError(r, &StaleTokenError{Refreshed: true, FromCommand: c.command != nil, Err: apiErr})
		}
		refreshed = true
	}
}

// send performs r, retrying transient failures, and returns the decoded
// answer of a successful (errcode 0) call. A wait for errcode 45011 is
// recorded in ctx's Report, so the caller can say the call was slow on
// purpose.
func send[A any, PA answerPtr[A]](ctx context.Context, c *Client, r request) (PA, error) {
	if r.write {
		// Another attempt could act twice; the caller reads WeChat back
		// instead. Guarded by TestWrite_lostAnswersAreNotRetried.
		out, err := sendOnce[A, PA](ctx, c, r, 1)
		return out, lostAnswer(r, err)
	}
	waitedForLimit := false
	retries := 0
	for attempt := 1; ; attempt++ {
		out, err := sendOnce[A, PA](ctx, c, r, attempt)
		if err == nil {
			return out, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var wait time.Duration
		switch {
		case isRateLimited(err):
			if waitedForLimit {
				return nil, err
			}
			waitedForLimit = true
			wait = c.limitWait
			if !fitsDeadline(ctx, wait) {
				return nil, err
			}
		case isTransient(err):
			if retries >= c.maxRetries {
				if retries == 0 {
					return nil, err
				}
				return nil, &RetriesExhaustedError{Attempts: attempt, Err: err}
			}
			retries++
			wait = c.transientWait(err, retries)
			if !fitsDeadline(ctx, wait) {
				return nil, &RetriesExhaustedError{Attempts: attempt, Err: err}
			}
		default:
			return nil, err
		}
		if sleepErr := sleep(ctx, wait); sleepErr != nil {
			return nil, sleepErr
		}
		if isRateLimited(err) {
			reportRateLimitWait(ctx, wait) // guarded by TestReport_rateLimitWait
		}
	}
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// sendOnce is one HTTP exchange, bounded by the request timeout.
func sendOnce[A any, PA answerPtr[A]](ctx context.Context, c *Client, r request, n int) (out PA, err error) {
	start := time.Now()
	status := 0
	var errCode int64
	if c.onAttempt != nil {
		defer func() {
			c.onAttempt(ctx, Attempt{Method: r.method, Path: r.path, Number: n,
				Duration: time.Since(start), StatusCode: status, ErrCode: errCode, Err: err})
		}()
	}

	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	req, err := c.newHTTPRequest(actx, r)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, c.transportError(actx, r, err)
	}
	defer resp.Body.Close()
	status = resp.StatusCode

	limited := io.LimitedReader{R: resp.Body, N: maxBodyBytes + 1}
	body, err := io.ReadAll(&limited)
	if err != nil {
		return nil, c.transportError(actx, r, err)
	}
	if len(body) > maxBodyBytes {
		return nil, &BadResponseError{Path: r.path, Problem: "the body is larger than 1 MiB"}
	}

	x := exchange{path: r.path, tokenCall: r.tokenCall, status: status, body: body,
		retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), c.now()),
		secrets:    append(c.secrets[:len(c.secrets):len(c.secrets)], r.token)}
	out, x = decodeExchange[A, PA](x)
	if x.env != nil {
		errCode = x.env.ErrCode.Value
	}
	if err := classify(x); err != nil {
		return nil, err
	}
	out.result().raw = body // for callers that share this answer
	return out, nil
}

func (c *Client) newHTTPRequest(ctx context.Context, r request) (*http.Request, error) {
	// Built as a string: this runs on every call, and url.URL round trips
	// cost more than the rest of the client's work.
	u := c.baseURL + r.path
	query := r.query.Encode()
	if r.tokenParam != "" {
		if query != "" {
			query += "&"
		}
		query += r.tokenParam + "=" + url.QueryEscape(r.token)
	}
	if query != "" {
		u += "?" + query
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, &TransportError{Method: r.method, Path: r.path, Err: errors.New("could not build the request")}
	}
	if err := refuseRollback(req.URL); err != nil {
		return nil, err // guarded by TestClient_refusesRollbackURL
	}
	if r.body != nil {
		req.Header["Content-Type"] = jsonContentType
	}
	if r.write && r.body == nil {
		// net/http replays a GET (an "idempotent" method) when a reused
		// connection closes before the answer; a body it cannot rewind
		// stops that, and an empty one is sent as no body at all.
		// Guarded by TestRevertStagedRelease.
		req.Body = io.NopCloser(strings.NewReader(""))
	}
	if c.userAgent != nil {
		req.Header["User-Agent"] = c.userAgent
	}
	return req, nil
}

// jsonContentType is shared, read-only, by every request with a body.
var jsonContentType = []string{"application/json"}

// transportError drops the *url.Error wrapper: its text holds the full URL,
// and with it the access token or secret in the query.
func (c *Client) transportError(actx context.Context, r request, err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	timeout := errors.Is(actx.Err(), context.DeadlineExceeded)
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		timeout = true
	}
	// A proxy's answer to CONNECT may be quoted here.
	msg := Redact(err.Error(), append(c.secrets[:len(c.secrets):len(c.secrets)], r.token)...) // guarded by TestClient_transportErrorTextIsRedacted
	return &TransportError{Method: r.method, Path: r.path, Timeout: timeout, Err: errors.New(truncate(msg, maxProblem))}
}
