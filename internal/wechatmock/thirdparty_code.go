package wechatmock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
)

// Third-party API paths served.
const (
	PathVersionInfo       = "/wxa/getversioninfo"
	PathLatestAuditStatus = "/wxa/get_latest_auditstatus"
	PathAuthorizerList    = "/cgi-bin/component/api_get_authorizer_list"
	PathRevertCodeRelease = "/wxa/revertcoderelease"
)

// WritePaths are the code-management APIs that change a mini program. The
// mock counts every request to them (revertcoderelease only without
// action=get_history_version) and answers as if it had done the change.
var WritePaths = []string{
	"/wxa/release", "/wxa/grayrelease", "/wxa/revertgrayrelease", "/wxa/commit",
	"/wxa/submit_audit", "/wxa/undocodeaudit", "/wxa/change_visitstatus", "/wxa/speedupaudit",
}

// MintPaths are the endpoints that mint platform tokens or restart ticket
// pushes. The mock has no pushed ticket, so it counts them and answers
// 61006.
var MintPaths = []string{
	"/cgi-bin/component/api_component_token", "/cgi-bin/component/api_authorizer_token",
	"/cgi-bin/component/api_query_auth", "/cgi-bin/component/api_start_push_ticket",
}

func (s *Server) registerThirdParty() {
	s.mux.HandleFunc(PathVersionInfo, s.handleVersionInfo)
	s.mux.HandleFunc(PathLatestAuditStatus, s.handleLatestAudit)
	s.mux.HandleFunc(PathAuthorizerList, s.handleAuthorizerList)
	s.mux.HandleFunc(PathRevertCodeRelease, s.handleRevertCodeRelease)
	for _, p := range WritePaths {
		s.mux.HandleFunc(p, s.writeHandler(p))
	}
	for _, p := range MintPaths {
		s.mux.HandleFunc(p, s.handleMint)
	}
}

// handleVersionInfo needs a body: the literal {} at least ("不传会报错").
func (s *Server) handleVersionInfo(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		s.writeError(w, codeRequirePOST, "require POST method")
		return
	}
	body, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<16))
	var obj map[string]any
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		s.writeCode(w, r, codeEmptyPostData)
		return
	case json.Unmarshal(body, &obj) != nil:
		s.writeError(w, codeDataFormat, "data format error")
		return
	}
	s.mu.Lock()
	own := codeTokenInvalid
	if s.tp().opts.OwnTokenOnVersionInfo86000 {
		own = codeThirdPartyOnly
	}
	appID, code := s.thirdPartyOnly(r, r.URL.Query().Get("access_token"), own)
	resp := map[string]any{"errcode": 0, "errmsg": "ok"}
	maps.Copy(resp, cloneDeep(s.tp().versions[appID]))
	s.showStaged(appID, resp)
	opts := s.tp().opts
	s.mu.Unlock()
	if code != 0 {
		s.writeCode(w, r, code)
		return
	}
	if opts.VersionInfoNoObjects {
		delete(resp, "exp_info")
		delete(resp, "release_info")
	}
	if rel, ok := resp["release_info"].(map[string]any); ok && opts.VersionInfoEmptyVersions {
		rel["release_version"], rel["release_desc"] = "", ""
	}
	writeJSON(w, resp)
}

func (s *Server) handleLatestAudit(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		s.writeError(w, codeRequireGET, "require GET method")
		return
	}
	s.mu.Lock()
	appID, code := s.thirdPartyOnly(r, r.URL.Query().Get("access_token"), codeThirdPartyOnly)
	audit := maps.Clone(s.tp().audits[appID])
	opts := s.tp().opts
	s.mu.Unlock()
	switch {
	case code != 0:
		s.writeCode(w, r, code)
		return
	case audit == nil && opts.NoAuditCode != 0:
		s.writeCode(w, r, opts.NoAuditCode)
		return
	case audit == nil:
		s.writeCode(w, r, codeNoCodeSubmitted)
		return
	}
	if v, ok := audit["ScreenShot"]; ok && opts.AuditLowercaseScreenshot {
		delete(audit, "ScreenShot")
		audit["screenshot"] = v
	}
	if v, ok := audit["auditid"]; ok && opts.AuditIDAsString {
		audit["auditid"] = fmt.Sprint(v)
	}
	audit["errcode"], audit["errmsg"] = 0, "ok"
	writeJSON(w, audit)
}

// handleRevertCodeRelease is a read with action=get_history_version and a
// rollback of the live version without it.
func (s *Server) handleRevertCodeRelease(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("action") != "get_history_version" {
		s.handleWrite(w, r)
		return
	}
	s.mu.Lock()
	_, code := s.thirdPartyOnly(r, r.URL.Query().Get("access_token"), codeThirdPartyOnly)
	s.mu.Unlock()
	if code != 0 {
		s.writeCode(w, r, code)
		return
	}
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "version_list": []any{}})
}

// handleWrite answers the writes no client may send as if done; Handler
// has logged them.
func (s *Server) handleWrite(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
}

func (s *Server) handleMint(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.tp().mints++
	s.mu.Unlock()
	s.writeCode(w, r, codeTicketInvalid)
}

// cloneDeep copies seeded JSON fields, so that switches can edit the copy.
func cloneDeep(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}
