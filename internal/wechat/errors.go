package wechat

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Error codes the client itself acts on. The provider maps the rest to advice.
const (
	CodeSystemBusy      = -1
	CodeInvalidToken    = 40001 // on a business call: stale token; on a token call: wrong secret
	CodeInvalidAppID    = 40013
	CodeTokenNotLatest  = 40014
	CodeTokenExpired    = 42001
	CodeInvalidSecret   = 40125
	CodeSecretFrozen    = 40243
	CodeIPNotWhitelist  = 40164
	CodeDailyQuota      = 45009
	CodeMinuteLimit     = 45011
	CodeUnauthorized    = 48001
	CodeThirdPartyAppID = 61024
)

// APIError is a non-zero errcode from WeChat.
type APIError struct {
	// Path is the API path that answered, without the query (which holds credentials).
	Path string
	// TokenCall is true when the error came from a token endpoint, where
	// 40001 means a wrong secret rather than a stale token.
	TokenCall bool
	Code      int64
	Message   string
	// RID is the request id WeChat appends to errmsg; support asks for it.
	RID string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("WeChat %s returned errcode %d: %s", e.Path, e.Code, e.Message)
}

// IsStaleToken reports whether a business call rejected its access token
// as invalid, superseded or expired.
func (e *APIError) IsStaleToken() bool {
	if e.TokenCall {
		return false
	}
	switch e.Code {
	case CodeInvalidToken, CodeTokenNotLatest, CodeTokenExpired:
		return true
	}
	return false
}

var ridPattern = regexp.MustCompile(`rid:\s*([0-9A-Za-z-]+)`)

func newAPIError(path string, tokenCall bool, code int64, msg string) *APIError {
	rid := ""
	if m := ridPattern.FindStringSubmatch(msg); m != nil {
		rid = m[1]
	}
	return &APIError{Path: path, TokenCall: tokenCall, Code: code, Message: strings.TrimSpace(msg), RID: rid}
}

// StaleTokenError means WeChat kept rejecting the access token after the
// client fetched a fresh one, or the token was handed in ready-made and
// cannot be refreshed by this client.
type StaleTokenError struct {
	// Refreshed is true when a fresh token was fetched and also rejected.
	Refreshed bool
	Err       *APIError
}

func (e *StaleTokenError) Error() string {
	if e.Refreshed {
		return "WeChat rejected a freshly fetched access token: " + e.Err.Error()
	}
	return "WeChat rejected the configured access token: " + e.Err.Error()
}

func (e *StaleTokenError) Unwrap() error { return e.Err }

// HTTPError is a non-200 answer that carried no WeChat error body.
type HTTPError struct {
	Path       string
	StatusCode int
	// Snippet is the start of the body, with credentials removed.
	Snippet string
}

func (e *HTTPError) Error() string {
	if e.Snippet == "" {
		return fmt.Sprintf("WeChat %s answered HTTP %d", e.Path, e.StatusCode)
	}
	return fmt.Sprintf("WeChat %s answered HTTP %d: %s", e.Path, e.StatusCode, e.Snippet)
}

// BadResponseError is an answer the client could not understand: not JSON,
// truncated, too large, or with values out of range.
type BadResponseError struct {
	Path    string
	Problem string
	Snippet string
}

func (e *BadResponseError) Error() string {
	if e.Snippet == "" {
		return fmt.Sprintf("WeChat %s sent an unusable answer: %s", e.Path, e.Problem)
	}
	return fmt.Sprintf("WeChat %s sent an unusable answer: %s (body starts %q)", e.Path, e.Problem, e.Snippet)
}

// TransportError is a failure to get any answer: refused or reset
// connections, timeouts, TLS problems. It never carries the request URL,
// because the URL's query holds the access token (and, for the classic
// token API, the secret).
type TransportError struct {
	Method string
	Path   string
	// Timeout is true when the request ran out of its request_timeout.
	Timeout bool
	Err     error
}

func (e *TransportError) Error() string {
	if e.Timeout {
		return fmt.Sprintf("%s %s: no answer within the request timeout", e.Method, e.Path)
	}
	return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// RetriesExhaustedError wraps the last transient failure once the retry
// budget is spent, so callers can tell "flaky" from "broken".
type RetriesExhaustedError struct {
	Attempts int
	Err      error
}

func (e *RetriesExhaustedError) Error() string {
	return fmt.Sprintf("gave up after %d attempts: %v", e.Attempts, e.Err)
}

func (e *RetriesExhaustedError) Unwrap() error { return e.Err }

// AsAPIError finds the WeChat errcode behind err, if there is one.
func AsAPIError(err error) (*APIError, bool) {
	var apiErr *APIError
	ok := errors.As(err, &apiErr)
	return apiErr, ok
}
