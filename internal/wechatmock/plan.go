package wechatmock

import (
	"maps"
	"net/http"
)

// handleGrayReleasePlan answers with the app's plan, once the token checks out.
func (s *Server) handleGrayReleasePlan(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		s.writeError(w, codeRequireGET, "require GET method")
		return
	}
	q := r.URL.Query()
	tok, cloud := q.Get("access_token"), false
	if tok == "" {
		tok, cloud = q.Get("cloudbase_access_token"), true
	}
	if tok == "" {
		s.writeError(w, codeMissingToken, "access_token missing")
		return
	}

	s.mu.Lock()
	var plan map[string]any
	owner, code, thirdParty := s.grayPlanOwner(r, tok, cloud)
	if thirdParty && code == 0 {
		plan = maps.Clone(s.apps[owner].plan)
	} else if !thirdParty {
		plan, code = s.lookupPlan(tok, cloud)
	}
	s.mu.Unlock()
	switch code {
	case codeTokenExpired:
		s.writeError(w, code, "access_token expired")
	case codeInvalidCredential:
		s.writeError(w, code, "invalid credential, access_token is invalid or not latest")
	case 0:
		resp := map[string]any{"errcode": 0, "errmsg": "ok"}
		if plan != nil {
			resp["gray_release_plan"] = plan
		}
		writeJSON(w, resp)
	default:
		s.writeCode(w, r, code)
	}
}

// lookupPlan finds the plan of the app a token belongs to; s.mu must be held.
func (s *Server) lookupPlan(tok string, cloud bool) (map[string]any, int) {
	id, code := s.tokenOwner(tok, cloud)
	if code != 0 {
		return nil, code
	}
	return maps.Clone(s.apps[id].plan), 0
}
