package wechatmock

// Seeding helpers for release states, for tests and scenarios. They write
// through SetVersionInfo, SetLatestAudit and SetPlan, so a state seeded
// with those directly behaves the same.

// AuditApproved, AuditRejected, AuditInReview, AuditWithdrawn and
// AuditDelayed are WeChat's audit status numbers.
const (
	AuditApproved  = 0
	AuditRejected  = 1
	AuditInReview  = 2
	AuditWithdrawn = 3
	AuditDelayed   = 4
)

// seedAuditID numbers seeded audits, as WeChat's ids look.
const seedAuditID = 428000000

// SeedAudit sets appID's latest audit: version with status (AuditApproved,
// …) and, for a rejection or a delay, reason.
func (s *Server) SeedAudit(appID, version string, status int, reason string) {
	audit := map[string]any{"auditid": seedAuditID + len(version), "status": status, "user_version": version,
		"user_desc": "version " + version, "submit_audit_time": s.clock().Unix() - 86400}
	if reason != "" {
		audit["reason"] = reason
	}
	s.SetLatestAudit(appID, audit)
}

// SeedLive sets appID's live version, released a month ago.
func (s *Server) SeedLive(appID, version string) {
	s.SetVersionInfo(appID, map[string]any{"release_info": map[string]any{
		"release_version": version, "release_desc": "version " + version, "release_time": s.clock().Unix() - 30*86400}})
}

// SeedReleaseWaiting gives appID a live version and an approved version
// waiting to be released, with no staged release.
func (s *Server) SeedReleaseWaiting(appID, live, approved string) {
	s.SeedLive(appID, live)
	s.SeedAudit(appID, approved, AuditApproved, "")
	s.SetPlan(appID, nil)
}

// SeedStagedRelease gives appID a live version and a staged release of
// the approved version staged, running (or paused) at percentage.
func (s *Server) SeedStagedRelease(appID, live, staged string, percentage int, paused bool) {
	s.SeedLive(appID, live)
	s.SeedAudit(appID, staged, AuditApproved, "")
	status := 1
	if paused {
		status = 2
	}
	s.SetPlan(appID, map[string]any{"status": status, "gray_percentage": percentage, "create_timestamp": s.clock().Unix() - 3600,
		"support_debuger_first": false, "support_experiencer_first": false})
	s.mu.Lock()
	s.rel().staged[appID] = staged
	s.mu.Unlock()
}

// ReleaseSnapshot is an app's release state as the mock holds it.
type ReleaseSnapshot struct {
	Live string // "" when none
	// PlanStatus is the plan's status, -1 without a plan.
	PlanStatus, Percentage int64
	Approved               string // "" unless the latest audit is approved
}

// ReleaseState returns appID's release state.
func (s *Server) ReleaseState(appID string) ReleaseSnapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := ReleaseSnapshot{Live: s.liveVersion(appID), PlanStatus: -1}
	if a, ok := s.apps[appID]; ok && a.plan != nil {
		snap.PlanStatus, _ = numberOf(a.plan["status"])
		snap.Percentage, _ = numberOf(a.plan["gray_percentage"])
	}
	if approved, ok := s.approvedVersion(appID); ok {
		snap.Approved = approved
	}
	return snap
}
