package wechatmock

import (
	"net/http"
	"slices"
)

// Error codes of the third-party APIs. Those marked invented are the
// mock's choice where WeChat documents none.
const (
	codeTokenInvalid       = 40014
	codeEmptyPostData      = 44002
	codeAPIUnauthorized    = 48001
	codeNotAuthorized      = 61003
	codeIPNotRegistered    = 61004
	codeTicketInvalid      = 61006
	codeSetNotGranted      = 61007
	codeNeedComponentToken = 61014 // seen only in SDK error tables
	codeThirdPartyOnly     = 86000
	codeNoCodeSubmitted    = 86001
	codeNoValidAudit       = 85058
	codeCountOverLimit     = 40170 // api_get_authorizer_list: count over 500
)

var thirdPartyMessages = map[int]string{
	codeMissingToken:       "access_token missing",
	codeInvalidCredential:  "invalid credential, access_token is invalid or not latest",
	codeTokenInvalid:       "invalid access_token",
	codeTokenExpired:       "access_token expired",
	codeEmptyPostData:      "empty post data",
	codeAPIUnauthorized:    "api unauthorized",
	codeNotAuthorized:      "component is not authorized by this account",
	codeIPNotRegistered:    "access clientip is not registered requestIP: ",
	codeTicketInvalid:      "component ticket is invalid",
	codeSetNotGranted:      "api is unauthorized to component",
	codeNeedComponentToken: "must use component token for component api",
	codeThirdPartyOnly:     "should be called only from third party",
	codeNoCodeSubmitted:    "no code submitted by this third party", // wording guessed
	codeNoValidAudit:       "no valid audit_id exist",
	codeCountOverLimit:     "args count exceed count limit",
	codeWrongComponent:     "component_appid is not the token's platform (mock: invented code)",
}

// writeCode answers code with WeChat's errmsg for it; 61004 names the IP.
func (s *Server) writeCode(w http.ResponseWriter, r *http.Request, code int) {
	msg := thirdPartyMessages[code]
	if code == codeIPNotRegistered {
		msg += callerIP(r)
	}
	s.writeError(w, code, msg)
}

// tokenGrantOf finds whose token tok is, and whether it still works; s.mu
// must be held. A cloudbase token counts as the app's own.
func (s *Server) tokenGrantOf(tok string, cloud bool) (g tokenGrant, known bool) {
	if g, ok := s.tp().tokens[tok]; ok && !cloud {
		return g, true
	}
	now := s.now()
	for id, a := range s.apps {
		own := tokenGrant{kind: kindOwn, appID: id}
		switch {
		case cloud && a.cloudTokens[tok], !cloud && a.extraTokens[tok]:
			return own, true
		case cloud:
			continue
		}
		for _, it := range []issuedToken{a.stable, a.classic} {
			if it.value == tok {
				own.retired = !it.validAt(now)
				return own, true
			}
		}
	}
	return tokenGrant{}, false
}

// staleCode is the errcode for a token that no longer works: an expired
// own token, a retired third-party token.
func staleCode(g tokenGrant) int {
	if g.kind == kindOwn {
		return codeTokenExpired
	}
	return codeInvalidCredential
}

// checkAuthorizerCall checks an authorizer token on an API for a mini
// program: still valid, the authorization not revoked, the caller IP on
// the platform's whitelist, permission set 18 granted. It returns the
// appid the call acts for, or the errcode to answer; s.mu must be held.
func (s *Server) checkAuthorizerCall(r *http.Request, g tokenGrant) (string, int) {
	if g.retired {
		return "", codeInvalidCredential
	}
	a := s.tp().authorizers[g.appID]
	if a.revoked {
		return "", codeNotAuthorized
	}
	if p := s.tp().platforms[a.component]; p.whitelist != nil && !slices.Contains(p.whitelist, callerIP(r)) {
		return "", codeIPNotRegistered
	}
	if !slices.Contains(a.sets, PermissionSetCodeManagement) {
		return "", codeSetNotGranted
	}
	return a.appID, 0
}

// thirdPartyOnly checks the token of an API only a platform acting for a
// mini program may call. ownCode is what an own token gets there.
func (s *Server) thirdPartyOnly(r *http.Request, tok string, ownCode int) (string, int) {
	g, known := s.tokenGrantOf(tok, false)
	switch {
	case tok == "":
		return "", codeMissingToken
	case !known:
		return "", codeInvalidCredential
	case g.kind == kindAuthorizer:
		return s.checkAuthorizerCall(r, g)
	case g.retired:
		return "", staleCode(g)
	case g.kind == kindComponent:
		return "", codeThirdPartyOnly // unconfirmed: 48001 or 40001 may come instead
	}
	return "", ownCode
}

// grayPlanOwner is the appid whose plan an authorizer or component token
// on getgrayreleaseplan reads, or the errcode to answer; ok is false for
// own tokens, which the plan handler checks itself. s.mu must be held.
func (s *Server) grayPlanOwner(r *http.Request, tok string, cloud bool) (appID string, code int, ok bool) {
	g, found := s.tp().tokens[tok]
	if !found || cloud {
		if own, known := s.tokenGrantOf(tok, cloud); known && !own.retired && s.tp().opts.GrayPlanRejectsOwnTokens {
			return "", codeAPIUnauthorized, true
		}
		return "", 0, false
	}
	if g.kind == kindComponent {
		if g.retired {
			return "", codeInvalidCredential, true
		}
		return "", codeAPIUnauthorized, true // a guess: the platform's own token on a mini program's API
	}
	appID, code = s.checkAuthorizerCall(r, g)
	return appID, code, true
}

// opsTokenOwner is tokenOwner for the APIs that take an own or an
// authorizer token (the operations centre's): an authorizer token acts for
// its mini program once the platform's checks pass. s.mu must be held.
func (s *Server) opsTokenOwner(r *http.Request, tok string, cloud bool) (string, int) {
	if g, ok := s.tp().tokens[tok]; ok && !cloud {
		if g.kind == kindComponent {
			return "", codeAPIUnauthorized // a guess: the platform's own token on a mini program's API
		}
		return s.checkAuthorizerCall(r, g)
	}
	return s.tokenOwner(tok, cloud)
}
