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

// decodeExchange decodes x.body into a fresh answer and records in x how
// far it went, for classify.
func decodeExchange[A any, PA answerPtr[A]](x exchange) (PA, exchange) {
	out := PA(new(A))
	x.payload = true
	x.decodeErr = decodeAnswer(x.path, x.body, out)
	x.env = out.result()
	if x.decodeErr != nil {
		// The answer did not fit its type; its errcode may still be readable.
		x.env = nil
		var e envelope
		if decodeAnswer(x.path, x.body, &e) == nil { // guarded by TestClient_errcodeOfAnAnswerThatDoesNotFit
			x.env = &e
		}
	} else if p, ok := any(out).(payloadChecker); ok {
		x.payload = p.hasPayload()
	}
	return out, x
}

// classify says what an exchange means, nil for success. WeChat's errcode
// wins over the HTTP status (WeChat sends errors with 200, but a gateway in
// front of it may not), the status over a decoding error, and a decoding
// error over an answer without errcode or payload, which is not WeChat's.
func classify(x exchange) error {
	if x.env != nil && x.env.ErrCode.Value != 0 {
		return newAPIError(x.path, x.tokenCall, x.env.ErrCode.Value, x.env.ErrMsg, x.secrets)
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
	return redactedStart(string(x.body), x.secrets, maxSnippet)
}

// redactedStart is the first n bytes of Redact(s). It redacts before it
// cuts, so no credential is cut out of reach of redaction, but only as much
// of s as the cut needs: redacting a 1 MiB page whole takes seconds.
func redactedStart(s string, secrets []string, n int) string {
	for window := 4096; ; window *= 4 {
		if window >= len(s) {
			return truncate(Redact(s, secrets...), n) // guarded by TestClient_proxyPageQuotingTheTokenIsRedacted
		}
		// A credential cut by the window's end lies far beyond the first n
		// bytes, unless cleaning shrank the window (a page of spaces, say).
		if r := Redact(s[:window], secrets...); len(r) >= n+window/2 {
			return truncate(r, n)
		}
	}
}

// payloadChecker is implemented by answer types that can tell whether
// WeChat's data is there. WeChat's operations APIs leave errcode out of
// successful answers, so only an answer that has neither errcode nor its
// data is foreign.
type payloadChecker interface {
	hasPayload() bool
}
