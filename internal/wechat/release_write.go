package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// The three code-management writes the client can send, and the only ones:
// the wechat_release resource starts or raises a staged release, releases
// to everyone, and cancels a staged release on destroy when asked. Every
// other write (rollbacks, commits, audits) has no function here.
const (
	PathGrayRelease       = "/wxa/grayrelease"
	PathRelease           = "/wxa/release"
	PathRevertGrayRelease = "/wxa/revertgrayrelease"
)

// Errcodes of the writes, from the code-management pages (85052 from the
// community). The provider words each one.
const (
	CodeNoApprovedVersion   = 85019 // release: no approved version to publish
	CodeReleaseNotAllowed   = 85020 // release: the version's status does not allow it
	CodeAlreadyReleased     = 85052 // release: the approved version is live already
	CodeNoOnlineVersion     = 85079 // grayrelease: a staged release needs a live version
	CodeAuditNotPassed      = 85080 // grayrelease: the version did not pass its audit
	CodeInvalidPercentage   = 85081 // grayrelease: gray_percentage is out of range
	CodePercentageNotHigher = 85082 // grayrelease: a staged release only goes up
	CodeNotInitialised      = 86002 // the mini program has not finished its initial setup
)

// OutcomeUnknownError is a write whose answer was lost: a timeout, a reset
// connection, a truncated or foreign body, HTTP 429 or 5xx, or errcode -1
// (which WeChat also sends when its back end timed out). WeChat may or may
// not have acted, so the write is not sent again until WeChat is read.
type OutcomeUnknownError struct {
	Method, Path string
	Err          error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%s %s: the answer was lost, so whether WeChat acted is unknown: %v", e.Method, e.Path, e.Err)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// lostAnswer turns every failure of a write but a clear refusal (a WeChat
// errcode other than -1) into an OutcomeUnknownError.
func lostAnswer(r request, err error) error {
	if err == nil {
		return nil
	}
	if apiErr, ok := AsAPIError(err); ok && apiErr.Code != CodeSystemBusy {
		return err
	}
	return &OutcomeUnknownError{Method: r.method, Path: r.path, Err: err}
}

// writeAnswer is a write's answer: errcode and errmsg only. One without
// errcode is not WeChat's (a gateway's {"message":"Forbidden"}, say), and
// so an answer lost.
type writeAnswer struct{ envelope }

func (*writeAnswer) hasPayload() bool { return false }

// GrayRelease starts a staged release of the approved version to
// percentage % of users, or raises the one running. The flags go to WeChat
// only when set. It takes an authorizer token.
func (c *Client) GrayRelease(ctx context.Context, percentage int64, debugerFirst, experiencerFirst *bool) error {
	body := map[string]any{"gray_percentage": percentage}
	if debugerFirst != nil {
		body["support_debuger_first"] = *debugerFirst
	}
	if experiencerFirst != nil {
		body["support_experiencer_first"] = *experiencerFirst
	}
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return c.write(ctx, request{method: http.MethodPost, path: PathGrayRelease, body: b})
}

// Release publishes the approved version to every user. It takes an
// authorizer token.
func (c *Client) Release(ctx context.Context) error {
	// WeChat wants the empty object: no body at all gets 44002.
	return c.write(ctx, request{method: http.MethodPost, path: PathRelease, body: []byte("{}")})
}

// RevertGrayRelease cancels the staged release; users who had the new
// version go back to the live one. A GET, and a write all the same. It
// takes an authorizer token.
func (c *Client) RevertGrayRelease(ctx context.Context) error {
	return c.write(ctx, request{method: http.MethodGet, path: PathRevertGrayRelease})
}

// write sends r once (a stale token is the one refusal that gets a fresh
// token and another try: WeChat refused before acting). Whatever came
// back, the app's shared answers are dropped, since WeChat may have acted.
func (c *Client) write(ctx context.Context, r request) error {
	r.write, r.needs = true, TokenKindAuthorizer
	defer c.forgetShared()
	_, err := callWithFreshToken[writeAnswer](ctx, c, r)
	return err
}

// forgetShared drops the app's shared answers; clients made with ForApp
// share one sharer, so a write through any of them is seen by all.
func (c *Client) forgetShared() {
	if c.share != nil {
		c.share.forget(c.appID)
	}
}

// IsOutcomeUnknown reports whether err is a write whose answer was lost.
func IsOutcomeUnknown(err error) bool {
	var lost *OutcomeUnknownError
	return errors.As(err, &lost)
}
