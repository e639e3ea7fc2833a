package wechatmock

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
)

// WeChat's error codes the mock answers with.
const (
	codeInvalidCredential = 40001
	codeInvalidGrantType  = 40002
	codeInvalidAppID      = 40013
	codeInvalidSecret     = 40125
	codeMissingToken      = 41001
	codeMissingAppID      = 41002
	codeMissingSecret     = 41004
	codeRequireGET        = 43001
	codeRequirePOST       = 43002
	codeTokenExpired      = 42001
)

// handleStableToken: while a token is valid every caller gets it back with
// its remaining life; force_refresh replaces it.
func (s *Server) handleStableToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.writeError(w, codeRequirePOST, "require POST method")
		return
	}
	var req struct {
		GrantType    string `json:"grant_type"`
		AppID        string `json:"appid"`
		Secret       string `json:"secret"`
		ForceRefresh bool   `json:"force_refresh"`
	}
	// WeChat wants a JSON body; a form body reads as missing fields.
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		s.writeError(w, codeMissingAppID, "appid missing")
		return
	}
	a, ok := s.checkCredentials(w, req.GrantType, req.AppID, req.Secret)
	if !ok {
		return
	}
	s.mu.Lock()
	now := s.now()
	if req.ForceRefresh || !a.stable.validAt(now) {
		a.stable = issuedToken{value: newToken(), expires: now.Add(s.tokenTTL)}
	}
	tok := a.stable
	s.mu.Unlock()
	writeToken(w, tok, now)
}

// handleClassicToken: every call issues a new token and the app's earlier
// classic token stops working (WeChat allows 5 minutes' grace; the mock none,
// which is the harsher case for clients).
func (s *Server) handleClassicToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		s.writeError(w, codeRequireGET, "require GET method")
		return
	}
	q := r.URL.Query()
	a, ok := s.checkCredentials(w, q.Get("grant_type"), q.Get("appid"), q.Get("secret"))
	if !ok {
		return
	}
	s.mu.Lock()
	now := s.now()
	a.classic = issuedToken{value: newToken(), expires: now.Add(s.tokenTTL)}
	tok := a.classic
	s.mu.Unlock()
	writeToken(w, tok, now)
}

func (s *Server) checkCredentials(w http.ResponseWriter, grantType, appID, secret string) (*app, bool) {
	switch {
	case appID == "":
		s.writeError(w, codeMissingAppID, "appid missing")
		return nil, false
	case secret == "":
		s.writeError(w, codeMissingSecret, "appsecret missing")
		return nil, false
	case grantType != "client_credential":
		s.writeError(w, codeInvalidGrantType, "invalid grant_type")
		return nil, false
	}
	s.mu.Lock()
	a, ok := s.apps[appID]
	s.mu.Unlock()
	switch {
	case !ok:
		s.writeError(w, codeInvalidAppID, "invalid appid")
		return nil, false
	case a.secret != secret:
		s.writeError(w, codeInvalidSecret, "invalid appsecret")
		return nil, false
	}
	return a, true
}

func writeToken(w http.ResponseWriter, tok issuedToken, now interface{ Unix() int64 }) {
	writeJSON(w, map[string]any{
		"access_token": tok.value,
		"expires_in":   tok.expires.Unix() - now.Unix(),
	})
}

// newToken looks like WeChat's: long, opaque, URL-safe.
func newToken() string {
	b := make([]byte, 48)
	_, _ = rand.Read(b)
	return "MOCK_" + strings.ToUpper(hex.EncodeToString(b))
}
