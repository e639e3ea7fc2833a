package wechat

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"time"
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

// Error codes of the IP confirmation WeChat may ask an admin for.
const (
	CodeIPAwaitingConfirm = 89501 // the admin has been asked and not yet answered
	CodeIPConfirmRequired = 89503 // calls from this IP need an admin's confirmation
	CodeIPRefusedTwice    = 89506 // refused twice within 24 hours: blocked for 24 hours
	CodeIPRefusedOnce     = 89507 // refused within the hour: blocked for an hour
)

// Error codes of malformed requests: a bug on the caller's side.
const (
	CodeMissingToken     = 41001
	CodeMissingAppID     = 41002
	CodeMissingSecret    = 41004
	CodeInvalidGrantType = 40002
	CodeRequireGET       = 43001
	CodeRequirePOST      = 43002
)

// Error codes of third-party platforms and the operations APIs.
const (
	CodeNotThirdPartyCall       = 86000 // a third-party-only API called with another kind of token
	CodeNotAuthorizedToPlatform = 61003 // the appid is not (or no longer) authorized to the platform
	CodePlatformIPNotListed     = 61004 // caller IP not on the platform's whitelist; errmsg names it as requestIP
	CodeSetNotGranted           = 61007 // the mini program has not granted the permission set
	CodeRefreshTokenInvalid     = 61023
	CodeCgiPathNotFound         = 76021
	CodeTokenNotPathOwner       = 76022 // the token does not belong to the account owning cgi_path
	CodeBadPathOrRid            = 76003 // getApiQuota: malformed cgi_path; getRidInfo: another account's rid
	CodeDateRange               = 61501
	CodeEmptyPostData           = 44002
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
	case CodeInvalidToken, CodeTokenNotLatest, CodeTokenExpired: // guarded by TestClient_everyStaleTokenCodeIsRefetched
		return true
	}
	return false
}

// WrongSecret reports whether a token endpoint refused the AppSecret:
// 40001 there means a wrong secret, not a stale token as on business calls.
func (e *APIError) WrongSecret() bool {
	return e.TokenCall && (e.Code == CodeInvalidToken || e.Code == CodeInvalidSecret)
}

// callerIPPattern finds the address WeChat saw the call come from: 40164
// says "invalid ip 203.0.113.7 ipv6 ...", 61004 "requestIP: 203.0.113.7".
var callerIPPattern = regexp.MustCompile(`(?:invalid ip|requestIP:)\s*([0-9A-Fa-f:.]+)`)

// CallerIP is the address WeChat saw the call come from, for the errcodes
// that name it (40164 and 61004), or "" when WeChat did not say.
func (e *APIError) CallerIP() string {
	if e.Code != CodeIPNotWhitelist && e.Code != CodePlatformIPNotListed {
		return ""
	}
	m := callerIPPattern.FindStringSubmatch(e.Message)
	if m == nil {
		return ""
	}
	// Only a real address is passed on: the text came from a server.
	ip := strings.TrimRight(m[1], ".:")
	if net.ParseIP(ip) == nil {
		return ""
	}
	return ip
}

var ridPattern = regexp.MustCompile(`rid:\s*([0-9A-Za-z-]+)`)

// ridTail is the rid as WeChat appends it to errmsg, with its separator.
var ridTail = regexp.MustCompile(`[\s,;]*rid:\s*[0-9A-Za-z-]+\s*$`)

// MessageWithoutRID is errmsg without the rid WeChat appends to it, for
// callers that show RID on its own line.
func (e *APIError) MessageWithoutRID() string {
	return ridTail.ReplaceAllString(e.Message, "")
}

// newAPIError builds the error of errcode code from errmsg msg, which
// came from a server and is redacted here.
func newAPIError(path string, tokenCall bool, code int64, msg string, secrets []string) *APIError {
	rid := ""
	// The rid is read from the whole text, before the cut: WeChat appends it.
	if m := ridPattern.FindStringSubmatch(msg); m != nil && Redact(m[1], secrets...) == m[1] { // guarded by TestClassify_kinds
		rid = m[1]
	}
	return &APIError{Path: path, TokenCall: tokenCall, Code: code, Message: redactedStart(msg, secrets, maxErrMsg), RID: rid}
}

// StaleTokenError means WeChat kept rejecting the access token after the
// client fetched a fresh one, or the token was handed in ready-made and
// cannot be refreshed by this client.
type StaleTokenError struct {
	// Refreshed is true when a fresh token was fetched and also rejected.
	Refreshed bool
	// FromCommand is true when the tokens came from a token command, which
	// was run again with reason "rejected" when Refreshed.
	FromCommand bool
	Err         *APIError
}

func (e *StaleTokenError) Error() string {
	if e.FromCommand {
		return "WeChat rejected the token command's token, and the one it handed out when asked again: " + e.Err.Error()
	}
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
	// Snippet is the start of the body, with credentials removed; empty
	// for a token endpoint, whose body is never shown.
	Snippet string
	// RetryAfter is the wait a 429 or 503 asked for in Retry-After; zero
	// when it asked for none.
	RetryAfter time.Duration
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
	// NotWeChat is true when the answer cannot have come from WeChat (a
	// gateway's or proxy's page, say): base_url or a proxy is the likely cause.
	NotWeChat bool
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
