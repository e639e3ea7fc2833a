package wechat

import (
	"context"
	"errors"
	"fmt"
)

// TokenKindOwn is a mini program's own access_token, from its AppSecret.
const TokenKindOwn TokenKind = "own"

// ErrNoAppID is returned by calls of a client that has a token command but
// no appid: the caller must pick one with ForApp.
var ErrNoAppID = errors.New("no appid: give the mini program's appid (a token command serves any appid, but needs to be told which)")

// AppID is the appid the client calls for; "" for a token-command client
// that was given none.
func (c *Client) AppID() string { return c.appID }

// TokenKind is the kind of token the client sends; "" for a ready-made
// access_token, which may be the app's own or an authorizer token.
func (c *Client) TokenKind() TokenKind { return c.kind }

// HasTokenCommand reports whether the client gets its tokens from a token
// command, and so can call for any appid.
func (c *Client) HasTokenCommand() bool { return c.command != nil }

// ForApp returns a client for appID that shares this one's connections,
// settings and token cache. With a token command any appid will do; with
// a secret or a ready-made token only the client's own appid, since those
// credentials belong to one mini program.
func (c *Client) ForApp(appID string) (*Client, error) {
	if appID == c.appID && c.appID != "" {
		return c, nil
	}
	if c.command == nil {
		return nil, &OtherAppError{Configured: c.appID, Asked: appID}
	}
	if err := CheckAppID(appID); err != nil {
		return nil, fmt.Errorf("appid: %w", err)
	}
	cc := *c
	cc.appID = appID
	cc.tokens = commandSource{tc: c.command, kind: TokenKindAuthorizer, appID: appID}
	return &cc, nil
}

// OtherAppError is a call for an appid that the client's credentials do not
// belong to.
type OtherAppError struct {
	Configured, Asked string
}

func (e *OtherAppError) Error() string {
	return fmt.Sprintf("the credentials are those of %s and cannot read %s: only a token command serves other appids", e.Configured, e.Asked)
}

// componentClient is a client that sends the platform's component token,
// for the platform's own APIs.
func (c *Client) componentClient() (*Client, error) {
	if c.command == nil || c.command.ComponentAppID() == "" {
		return nil, ErrNoComponent
	}
	cc := *c
	cc.appID = c.command.ComponentAppID()
	cc.kind = TokenKindComponent
	cc.tokens = commandSource{tc: c.command, kind: TokenKindComponent, appID: cc.appID}
	return &cc, nil
}

// ErrNoComponent is returned by the platform's APIs when the client has no
// token command with a component appid to get a component token from.
var ErrNoComponent = errors.New("this API takes a third-party platform's component token: configure a token command and the platform's component appid")

// commandTokens sets the client up for a token command; cfg.AppID may be
// empty when every call names its appid through ForApp.
func (c *Client) commandTokens(cfg Config) (tokenSource, error) {
	c.command, c.kind = cfg.TokenCommand, TokenKindAuthorizer
	if cfg.AppID == "" {
		return noAppSource{}, nil
	}
	if err := CheckAppID(cfg.AppID); err != nil {
		return nil, fmt.Errorf("appid: %w", err)
	}
	return commandSource{tc: cfg.TokenCommand, kind: TokenKindAuthorizer, appID: cfg.AppID}, nil
}

// commandSource is the token command's tokens of one kind and appid.
type commandSource struct {
	tc    *TokenCommand
	kind  TokenKind
	appID string
}

func (s commandSource) token(ctx context.Context) (Token, error) {
	return s.tc.Token(ctx, s.kind, s.appID)
}

func (s commandSource) invalidate(value string, code int64) bool {
	return s.tc.Reject(s.kind, s.appID, value, code)
}

// param: component APIs take their token as component_access_token, as
// the legacy pages and every major SDK send it; the new pages' access_token
// is unconfirmed there.
func (s commandSource) param() string {
	if s.kind == TokenKindComponent {
		return "component_access_token"
	}
	return "access_token"
}

// noAppSource serves a token-command client that was given no appid.
type noAppSource struct{}

func (noAppSource) token(context.Context) (Token, error) { return Token{}, ErrNoAppID }
func (noAppSource) invalidate(string, int64) bool        { return false }
func (noAppSource) param() string                        { return "access_token" }

// ComponentAppID is the third-party platform's appid the client's token
// command serves, "" without one.
func (c *Client) ComponentAppID() string {
	if c.command == nil {
		return ""
	}
	return c.command.ComponentAppID()
}
