package wechatmock

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"slices"
)

// Third-party platforms: a platform (component appid) holds component
// tokens and the authorizations of the mini programs that authorized it;
// each authorization holds authorizer tokens, the permission sets granted
// and a refresh token. The mock never mints tokens: tests seed them, as a
// platform's central token server would hold them.

// RefreshTokenMark starts every refresh token the mock hands out, so tests
// can search state, plans and logs for a leak.
const RefreshTokenMark = "REFRESH_SECRET_"

// PermissionSetCodeManagement is permission set 18 (小程序开发与数据分析),
// which the version, audit and ops reads need.
const PermissionSetCodeManagement = 18

// ThirdPartyOptions switch the third-party endpoints between the answers
// WeChat has been seen, or documented, to give.
type ThirdPartyOptions struct {
	// OwnTokenOnVersionInfo86000 answers an own token on getversioninfo
	// with 86000 instead of 40014.
	OwnTokenOnVersionInfo86000 bool
	// VersionInfoNoObjects answers getversioninfo with only errcode and
	// errmsg, as live answers have been seen to.
	VersionInfoNoObjects bool
	// VersionInfoEmptyVersions answers release_version and release_desc as
	// "" (release_time stays).
	VersionInfoEmptyVersions bool
	// AuditLowercaseScreenshot spells the key "screenshot" (the new table)
	// instead of "ScreenShot" (the examples).
	AuditLowercaseScreenshot bool
	// AuditIDAsString sends auditid as a numeric string.
	AuditIDAsString bool
	// NoAuditCode answers get_latest_auditstatus for an app without an
	// audit: 86001 (the default) or 85058.
	NoAuditCode int
	// GrayPlanRejectsOwnTokens answers own tokens on getgrayreleaseplan
	// with 48001, as the current page says third parties only.
	GrayPlanRejectsOwnTokens bool
	// ComponentAcceptsAccessToken lets component APIs take the token as
	// access_token= too (the new pages' spelling; unconfirmed live).
	ComponentAcceptsAccessToken bool
	// ListRepeatsAcrossPages repeats the last account of each page at the
	// start of the next (a page then holds count+1 accounts), since order
	// and stability across pages are not documented.
	ListRepeatsAcrossPages bool
	// ListEmptyFrom, when above zero, answers every page that starts at or
	// past this offset with an empty list, while total_count still counts
	// every account: a list that stops short.
	ListEmptyFrom int
	// ListIgnoresOffset answers every page from the start of the list, as
	// a server that ignores offset would.
	ListIgnoresOffset bool
	// ListRotatesBy, when above zero, cuts every page after the first from
	// the list with its last ListRotatesBy accounts moved to the front, as
	// if they authorized again between two page reads of a list ordered
	// by time: that many accounts are listed twice and as many never.
	ListRotatesBy int
}

// thirdParty is the mock's platform state, guarded by Server.mu.
type thirdParty struct {
	opts        ThirdPartyOptions
	platforms   map[string]*platform      // by component appid
	authorizers map[string]*authorization // by authorizer appid
	tokens      map[string]tokenGrant     // authorizer and component tokens
	versions    map[string]map[string]any // getversioninfo answers by appid
	audits      map[string]map[string]any // latest audits by appid
	release     *releaseData              // the release state and write log; see release.go
	mints       int
}

type platform struct {
	appID     string
	accounts  []string // authorizer appids, in the order they authorized
	whitelist []string // nil: every caller IP is allowed
}

type authorization struct {
	component    string
	appID        string
	sets         []int
	refreshToken string // "" or absent in the list when omitRefresh
	omitRefresh  bool
	authTime     int64
	revoked      bool
}

// tokenGrant is what one authorizer or component token stands for.
type tokenGrant struct {
	kind    tokenKind
	appID   string // the authorizer's or the platform's
	retired bool
}

type tokenKind int

const (
	kindUnknown tokenKind = iota
	kindOwn               // the mini program's own token (or its cloudbase token)
	kindAuthorizer
	kindComponent
)

func (k tokenKind) String() string {
	return [...]string{"unknown", "own", "authorizer", "component"}[k]
}

// tp returns the platform state, creating it on first use; s.mu must be held.
func (s *Server) tp() *thirdParty {
	if s.third == nil {
		s.third = &thirdParty{platforms: map[string]*platform{}, authorizers: map[string]*authorization{},
			tokens: map[string]tokenGrant{}, versions: map[string]map[string]any{}, audits: map[string]map[string]any{}}
	}
	return s.third
}

// SetThirdPartyOptions replaces the third-party switches.
func (s *Server) SetThirdPartyOptions(o ThirdPartyOptions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tp().opts = o
}

// AddComponentToken makes token a valid component_access_token of the
// platform componentAppID, creating the platform if need be.
func (s *Server) AddComponentToken(componentAppID, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.platform(componentAppID)
	s.tp().tokens[token] = tokenGrant{kind: kindComponent, appID: componentAppID}
}

// AddAuthorizer records that appID authorized the platform componentAppID
// with permissionSets, and makes token a valid authorizer_access_token for
// it. Calling it again for the same appid adds a token and replaces the
// permission sets. The app is created (without a secret) if need be, so
// that its plan can be seeded.
func (s *Server) AddAuthorizer(componentAppID, appID, token string, permissionSets ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.platform(componentAppID)
	t := s.tp()
	a, ok := t.authorizers[appID]
	if !ok || a.component != componentAppID {
		a = &authorization{component: componentAppID, appID: appID, refreshToken: newRefreshToken(appID),
			authTime: s.now().Unix() - int64(len(p.accounts))*86400}
		t.authorizers[appID] = a
		p.accounts = append(p.accounts, appID)
	}
	a.sets = slices.Clone(permissionSets)
	if token != "" {
		t.tokens[token] = tokenGrant{kind: kindAuthorizer, appID: appID}
	}
	if _, ok := s.apps[appID]; !ok {
		s.apps[appID] = &app{extraTokens: map[string]bool{}, cloudTokens: map[string]bool{}}
	}
}

// SetAuthTime sets when appID authorized its platform (Unix seconds).
func (s *Server) SetAuthTime(appID string, unix int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustAuthorizer(appID).authTime = unix
}

// SetRefreshToken sets appID's refresh token as the list answers it: ""
// answers an empty one, and omit leaves the field out.
func (s *Server) SetRefreshToken(appID, refreshToken string, omit bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustAuthorizer(appID)
	a.refreshToken, a.omitRefresh = refreshToken, omit
}

// RevokeAuthorization makes appID's authorizer tokens answer 61003, as
// when the mini program withdrew its authorization.
func (s *Server) RevokeAuthorization(appID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustAuthorizer(appID).revoked = true
}

// RetireToken makes an authorizer or component token answer 40001, as
// WeChat does once a newer one was minted over it.
func (s *Server) RetireToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.tp().tokens[token]
	if !ok {
		panic(fmt.Sprintf("wechatmock: token %q was not added", token))
	}
	g.retired = true
	s.tp().tokens[token] = g
}

// SetPlatformWhitelist limits the caller IPs the platform's tokens work
// from; others get 61004 naming their IP. No IPs: nobody is allowed.
func (s *Server) SetPlatformWhitelist(componentAppID string, ips ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.platform(componentAppID).whitelist = append([]string{}, ips...)
}

// SetVersionInfo sets appID's getversioninfo answer as raw JSON fields
// (exp_info, release_info), so tests can leave fields out or send odd
// values.
func (s *Server) SetVersionInfo(appID string, info map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tp().versions[appID] = info
}

// SetLatestAudit sets appID's latest audit as raw JSON fields, spelled as
// the examples spell them (auditid, status, reason, ScreenShot, …). Nil
// means the platform submitted no code: NoAuditCode answers.
func (s *Server) SetLatestAudit(appID string, audit map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tp().audits[appID] = audit
}

// Writes counts requests to code-management write APIs (release,
// grayrelease, revertcoderelease without action=get_history_version, …)
// that arrived, whatever their answer. Only wechat_release's apply and
// destroy may send one: every other test asserts 0.
func (s *Server) Writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.rel().log)
}

// Mints counts requests to the endpoints that mint component or
// authorizer tokens. The provider must never send one: tests assert 0.
func (s *Server) Mints() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tp().mints
}

// platform returns the platform, creating it; s.mu must be held.
func (s *Server) platform(componentAppID string) *platform {
	t := s.tp()
	p, ok := t.platforms[componentAppID]
	if !ok {
		p = &platform{appID: componentAppID}
		t.platforms[componentAppID] = p
	}
	return p
}

func (s *Server) mustAuthorizer(appID string) *authorization {
	a, ok := s.tp().authorizers[appID]
	if !ok {
		panic(fmt.Sprintf("wechatmock: authorizer %q was not added", appID))
	}
	return a
}

// newRefreshToken is marked, so that a leak is easy to find.
func newRefreshToken(appID string) string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return RefreshTokenMark + appID + "_" + hex.EncodeToString(b)
}

// callerIP is the IP WeChat would see and name in 61004.
func callerIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
