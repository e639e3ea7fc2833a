package wechat

import (
	"net/http"
	"time"
)

// Lengths of server text kept in error messages, after redaction.
const (
	maxSnippet = 120
	maxErrMsg  = 300
	maxProblem = 200
)

// exchange is what one HTTP attempt brought back, decoded as far as it
// would go.
type exchange struct {
	path      string
	tokenCall bool
	status    int
	// retryAfter is the wait a 429 or 503 asked for; zero if none.
	retryAfter time.Duration
	body       []byte
	// env holds errcode and errmsg; nil when not even they decoded.
	env       *envelope
	decodeErr *BadResponseError
	// payload is false when the answer lacks everything its type expects.
	payload bool
	// secrets are removed from any text quoted.
	secrets []string
}

// classify says what an exchange means, nil for success. WeChat's errcode
// wins over the HTTP status (WeChat sends errors with 200, but a gateway in
// front of it may not), the status over a decoding error, and a decoding
// error over an answer without errcode or payload, which is not WeChat's.
func classify(x exchange) error {
	if x.env != nil && x.env.ErrCode.Value != 0 {
		msg := Redact(x.env.ErrMsg, x.secrets...) // guarded by TestClient_errmsgIsCleanedAndCapped
		return newAPIError(x.path, x.tokenCall, x.env.ErrCode.Value, msg)
	}
	if x.status != http.StatusOK {
		e := &HTTPError{Path: x.path, StatusCode: x.status, Snippet: x.snippet()}
		if x.status == http.StatusTooManyRequests || x.status == http.StatusServiceUnavailable {
			e.RetryAfter = x.retryAfter
		}
		return e
	}
	if x.decodeErr != nil {
		e := *x.decodeErr
		e.Problem = truncate(Redact(e.Problem, x.secrets...), maxProblem) // guarded by TestClassify/problem_quoting_a_secret
		e.Snippet = x.snippet()
		return &e
	}
	if (x.env == nil || !x.env.ErrCode.Set) && !x.payload {
		return &BadResponseError{Path: x.path, NotWeChat: true, Snippet: x.snippet(),
			Problem: "the answer has neither errcode nor the expected data, so it is not WeChat's; check base_url and any proxy between here and WeChat"}
	}
	return nil
}

// snippet is the redacted start of the body, or nothing for a token call:
// a token endpoint's answer may hold a new token, and its error page may
// echo the request with the secret.
func (x exchange) snippet() string {
	if x.tokenCall { // guarded by TestClient_failedTokenCallShowsNoBody
		return ""
	}
	// Redact before cutting, so no credential is cut out of reach.
	return truncate(Redact(string(x.body), x.secrets...), maxSnippet) // guarded by TestClient_proxyPageQuotingTheTokenIsRedacted
}

// payloadChecker is implemented by answer types that can tell whether
// WeChat's data is there. WeChat's operations APIs leave errcode out of
// successful answers, so only an answer that has neither errcode nor its
// data is foreign.
type payloadChecker interface {
	hasPayload() bool
}
