package wechat

import (
	"errors"
	"fmt"
)

// CodeNeedComponentToken is the errcode SDK tables give for a platform API
// called without a component token; WeChat's pages do not list it.
const CodeNeedComponentToken = 61014

// TokenKindError means an API refused the kind of token it was called
// with: an own token on an API only a third-party platform may call for a
// mini program, say. It wraps WeChat's error, so AsAPIError still finds
// the errcode and rid.
type TokenKindError struct {
	Path  string
	AppID string // the mini program the call was for; "" if unknown
	// Used is the kind the client sent; "" for a ready-made access_token,
	// whose kind the client cannot know.
	Used TokenKind
	// Needed is the kind the API takes.
	Needed TokenKind
	// Likely is true when WeChat's answer only suggests the kind is wrong:
	// 48001, or a stale-token code that a fresh token did not cure.
	Likely bool
	// Err is the *APIError or the *StaleTokenError behind it.
	Err error
}

func (e *TokenKindError) Error() string {
	used := "a ready-made access_token of unknown kind"
	if e.Used != "" {
		used = "an " + string(e.Used) + " token"
	}
	verb := "takes only"
	if e.Likely {
		verb = "probably needs"
	}
	return fmt.Sprintf("WeChat %s %s %s token and was called with %s: %v", e.Path, verb, article(e.Needed), used, e.Err)
}

func (e *TokenKindError) Unwrap() error { return e.Err }

func article(k TokenKind) string {
	if k == TokenKindAuthorizer || k == TokenKindOwn {
		return "an " + string(k)
	}
	return "a " + string(k)
}

// kindError turns a refusal by an API that takes one kind of token into a
// TokenKindError when WeChat's errcode points at the token's kind; any
// other error is returned as it is.
func (c *Client) kindError(r request, err error) error {
	if r.needs == "" || err == nil {
		return err
	}
	var stale *StaleTokenError
	if errors.As(err, &stale) {
		// A stale-token code that outlived a fresh token (or that a
		// ready-made token cannot escape) is, on these APIs, the sign of
		// an own token: getversioninfo answers it 40014.
		return &TokenKindError{Path: r.path, AppID: c.appID, Used: c.kind, Needed: r.needs, Likely: true, Err: err}
	}
	apiErr, ok := AsAPIError(err)
	if !ok {
		return err
	}
	switch apiErr.Code {
	case CodeNotThirdPartyCall, CodeNeedComponentToken:
		return &TokenKindError{Path: r.path, AppID: c.appID, Used: c.kind, Needed: r.needs, Err: err}
	case CodeUnauthorized:
		if c.kind != r.needs {
			return &TokenKindError{Path: r.path, AppID: c.appID, Used: c.kind, Needed: r.needs, Likely: true, Err: err}
		}
	}
	return err
}
