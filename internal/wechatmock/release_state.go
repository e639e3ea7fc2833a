package wechatmock

import (
	"net/http"
)

// The rules of the three writes. The order of the checks is the mock's:
// WeChat documents the codes, not which comes first.

// handleGrayRelease starts or raises a staged release of the approved
// version: 85081 for a percentage outside 0-100 (0 is documented: project
// members only), 85019 without an audit, 85080 for one not approved, 85079
// without a live version, 85082 unless it goes above the running or
// paused percentage, 85052 (a guess) when the approved version is live.
func (s *Server) handleGrayRelease(w http.ResponseWriter, r *http.Request) {
	appID, body, ok := s.releaseCall(w, r, http.MethodPost)
	if !ok {
		return
	}
	pct, ok := numberOf(body["gray_percentage"])
	if !ok || pct < 0 || pct > 100 {
		s.writeReleaseCode(w, codeInvalidPercentage)
		return
	}
	s.mu.Lock()
	code := s.grayRelease(appID, pct, body)
	s.mu.Unlock()
	if code != 0 {
		s.writeReleaseCode(w, code)
		return
	}
	s.finishWrite(w, r)
}

// grayRelease applies a staged release or returns the errcode refusing it;
// s.mu must be held.
func (s *Server) grayRelease(appID string, pct int64, body map[string]any) int {
	audit := s.tp().audits[appID]
	approved, isApproved := s.approvedVersion(appID)
	live := s.liveVersion(appID)
	current, staged := s.stagedPercentage(appID)
	if stagedVersion, ok := s.rel().staged[appID]; ok && staged && !isApproved && s.rel().opts.RaiseWhileNewerAudit {
		approved, isApproved = stagedVersion, true
	}
	switch {
	case audit == nil:
		return codeNoApprovedVersion
	case !isApproved:
		return codeAuditNotPassed
	case live == "":
		return codeNoOnlineVersion
	case staged && pct <= current:
		return codePercentageNotHigher
	case !staged && approved == live:
		return codeAlreadyReleased
	}
	a := s.apps[appID]
	plan := map[string]any{"status": 1, "gray_percentage": pct, "create_timestamp": s.now().Unix(),
		"support_debuger_first": false, "support_experiencer_first": false}
	if staged {
		// A raise keeps the plan's start and, unless sent, its options.
		for _, k := range []string{"create_timestamp", "support_debuger_first", "support_experiencer_first"} {
			if v, ok := a.plan[k]; ok {
				plan[k] = v
			}
		}
	}
	for _, k := range []string{"support_debuger_first", "support_experiencer_first"} {
		if v, ok := body[k].(bool); ok {
			plan[k] = v
		}
	}
	a.plan = plan
	s.rel().staged[appID] = approved
	if pct == 100 && s.rel().opts.GrayFullFinishes {
		s.publish(appID, approved)
	}
	return 0
}

// handleRelease publishes the approved version: 85019 without one, 85052
// when it is live already, 85020 during a staged release when switched.
func (s *Server) handleRelease(w http.ResponseWriter, r *http.Request) {
	appID, _, ok := s.releaseCall(w, r, http.MethodPost)
	if !ok {
		return
	}
	s.mu.Lock()
	approved, isApproved := s.approvedVersion(appID)
	_, staged := s.stagedPercentage(appID)
	code := 0
	switch {
	case !isApproved:
		code = codeNoApprovedVersion
	case approved == s.liveVersion(appID):
		code = codeAlreadyReleased
	case staged && s.rel().opts.ReleaseRefusedWhileStaged:
		code = codeReleaseNotAllowed
	default:
		s.publish(appID, approved)
	}
	s.mu.Unlock()
	if code != 0 {
		s.writeReleaseCode(w, code)
		return
	}
	s.finishWrite(w, r)
}

// handleRevertGrayRelease deletes a running or paused staged release; with
// none, it answers ok and changes nothing (a guess: not documented).
func (s *Server) handleRevertGrayRelease(w http.ResponseWriter, r *http.Request) {
	appID, _, ok := s.releaseCall(w, r, http.MethodGet)
	if !ok {
		return
	}
	s.mu.Lock()
	if _, staged := s.stagedPercentage(appID); staged {
		s.apps[appID].plan["status"] = 4
		delete(s.rel().staged, appID)
	}
	s.mu.Unlock()
	s.finishWrite(w, r)
}

// publish makes version live for everyone and finishes a staged release;
// s.mu must be held.
func (s *Server) publish(appID, version string) {
	info := cloneDeep(s.tp().versions[appID])
	if info == nil {
		info = map[string]any{}
	}
	desc := ""
	if d, ok := s.tp().audits[appID]["user_desc"].(string); ok {
		desc = d
	}
	info["release_info"] = map[string]any{"release_version": version, "release_desc": desc, "release_time": s.now().Unix()}
	s.tp().versions[appID] = info
	a := s.apps[appID]
	if _, staged := s.stagedPercentage(appID); staged {
		a.plan["status"], a.plan["gray_percentage"] = 3, 100
	}
	delete(s.rel().staged, appID)
}

// approvedVersion is the latest audit's user_version when it is approved
// (status 0); s.mu must be held.
func (s *Server) approvedVersion(appID string) (string, bool) {
	audit := s.tp().audits[appID]
	status, ok := numberOf(audit["status"])
	version, _ := audit["user_version"].(string)
	return version, ok && status == 0 && version != ""
}

// liveVersion is release_info.release_version, "" when there is none;
// s.mu must be held.
func (s *Server) liveVersion(appID string) string {
	rel, _ := s.tp().versions[appID]["release_info"].(map[string]any)
	v, _ := rel["release_version"].(string)
	return v
}

// stagedPercentage is the percentage of a running or paused plan; s.mu
// must be held.
func (s *Server) stagedPercentage(appID string) (int64, bool) {
	a, ok := s.apps[appID]
	if !ok || a.plan == nil {
		return 0, false
	}
	status, _ := numberOf(a.plan["status"])
	if _, has := a.plan["status"]; !has || (status != 1 && status != 2) {
		return 0, false
	}
	pct, _ := numberOf(a.plan["gray_percentage"])
	return pct, true
}

// showStaged puts the staged version in a getversioninfo answer when
// VersionInfoShowsStaged is on; s.mu must be held.
func (s *Server) showStaged(appID string, resp map[string]any) {
	if !s.rel().opts.VersionInfoShowsStaged {
		return
	}
	if _, staged := s.stagedPercentage(appID); !staged {
		return
	}
	version, ok := s.rel().staged[appID]
	if !ok {
		version, ok = s.approvedVersion(appID)
	}
	if rel, isMap := resp["release_info"].(map[string]any); isMap && ok {
		rel["release_version"] = version
	}
}
