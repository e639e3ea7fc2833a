package wechatmock

import (
	"encoding/json"
	"net/http"
	"slices"
)

// maxListCount is the largest page api_get_authorizer_list serves.
const maxListCount = 500

// handleAuthorizerList pages through the accounts that authorized the
// platform whose component token is given.
func (s *Server) handleAuthorizerList(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.writeError(w, codeRequirePOST, "require POST method")
		return
	}
	var req struct {
		ComponentAppID string `json:"component_appid"`
		Offset         int    `json:"offset"`
		Count          int    `json:"count"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		s.writeCode(w, r, codeEmptyPostData)
		return
	}
	s.mu.Lock()
	p, code := s.checkComponentCall(r, req.ComponentAppID)
	// 40170 is documented for a count over 500; the mock gives it for a
	// count below 1 and a negative offset too, where WeChat documents none.
	if code == 0 && (req.Count < 1 || req.Count > maxListCount || req.Offset < 0) {
		code = codeCountOverLimit
	}
	var resp map[string]any
	if code == 0 {
		resp = map[string]any{"errcode": 0, "errmsg": "ok",
			"total_count": len(p.accounts), "list": s.listPage(p, req.Offset, req.Count)}
	}
	s.mu.Unlock()
	if code != 0 {
		s.writeCode(w, r, code)
		return
	}
	writeJSON(w, resp)
}

// checkComponentCall checks the component token of a call to a platform
// API; s.mu must be held.
func (s *Server) checkComponentCall(r *http.Request, componentAppID string) (*platform, int) {
	q := r.URL.Query()
	tok := q.Get("component_access_token")
	if tok == "" && s.tp().opts.ComponentAcceptsAccessToken {
		tok = q.Get("access_token")
	}
	if tok == "" {
		return nil, codeMissingToken
	}
	g, known := s.tokenGrantOf(tok, false)
	switch {
	case !known:
		return nil, codeInvalidCredential
	case g.kind != kindComponent:
		return nil, codeNeedComponentToken // unconfirmed: 40001 may come instead
	case g.retired:
		return nil, codeInvalidCredential
	case componentAppID != g.appID:
		return nil, codeWrongComponent
	}
	p := s.tp().platforms[g.appID]
	if p.whitelist != nil && !slices.Contains(p.whitelist, callerIP(r)) {
		return nil, codeIPNotRegistered
	}
	return p, 0
}

// listPage is one page of the list; s.mu must be held.
func (s *Server) listPage(p *platform, offset, count int) []map[string]any {
	opts := s.tp().opts
	accounts := p.accounts
	if n := opts.ListRotatesBy; n > 0 && offset > 0 && n < len(accounts) {
		accounts = append(slices.Clone(accounts[len(accounts)-n:]), accounts[:len(accounts)-n]...)
	}
	if opts.ListIgnoresOffset {
		offset = 0
	}
	from, to := min(offset, len(accounts)), min(offset+count, len(accounts))
	if opts.ListRepeatsAcrossPages && from > 0 && from < len(accounts) {
		from--
	}
	page := []map[string]any{}
	if stop := opts.ListEmptyFrom; stop > 0 && offset >= stop {
		return page
	}
	for _, id := range accounts[from:to] {
		a := s.tp().authorizers[id]
		item := map[string]any{"authorizer_appid": id, "auth_time": a.authTime}
		if !a.omitRefresh {
			item["refresh_token"] = a.refreshToken
		}
		page = append(page, item)
	}
	return page
}
