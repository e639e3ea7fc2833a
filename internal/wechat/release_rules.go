package wechat

// The rules of a declarative release, as pure functions of a ReleaseState:
// what the release looks like (View), whether a target can be reached and
// with which write (PlanRelease), and what a write whose answer was lost
// did (judge). No I/O here; release_apply.go does the calls.

// ReleaseTarget is what the configuration asks for: a version, out to a
// percentage of users (100: everyone).
type ReleaseTarget struct {
	Version    string
	Percentage int64
}

// ReleaseView is the release as WeChat shows it. A staged release (running
// or paused) belongs to the latest approved audit's version, at the plan's
// percentage; otherwise the live version is out to 100 %.
type ReleaseView struct {
	// Version is nil when WeChat does not say: a staged release while the
	// latest audit is not approved, or no live version in getversioninfo.
	Version *string
	// Percentage is nil when a staged release's answer left it out.
	Percentage *int64
	Live       *string
	StatusName string
	// FullyReleased: as wechat_gray_release_plan's for a staged release
	// (at 100 %), and true when none runs and a live version is shown.
	FullyReleased bool
	Staged        bool
}

// View applies the read rule.
func (s *ReleaseState) View() ReleaseView {
	v := ReleaseView{Live: s.Live, StatusName: s.Plan.StatusName(), Staged: s.Staged()}
	if v.Staged {
		if ver, ok := s.Approved(); ok {
			v.Version = &ver
		}
		if pct, ok := s.StagedPercentage(); ok {
			v.Percentage = &pct
		}
		v.FullyReleased = s.Plan.FullyReleased()
		return v
	}
	everyone := int64(100)
	v.Percentage = &everyone
	if live, ok := s.LiveVersion(); ok {
		v.Version, v.FullyReleased = &live, true
	}
	return v
}

// ViewKnowing is View with what WeChat leaves out taken from known: what
// the state holds (nil on a create or an import). That is the read rule
// as refresh applies it, so plan and apply judge a target against the
// same view refresh stored: a staged release while a newer audit is not
// approved keeps the state's version, a plan without its percentage the
// state's figure, a getversioninfo without release_info the state's
// version.
func (s *ReleaseState) ViewKnowing(known *ReleaseTarget) ReleaseView {
	v := s.View()
	if known == nil {
		return v
	}
	if v.Version == nil && known.Version != "" {
		version := known.Version
		v.Version = &version
	}
	if v.Percentage == nil && known.Percentage > 0 {
		pct := known.Percentage
		v.Percentage = &pct
	}
	return v
}

// Matches reports whether the view is the target.
func (v ReleaseView) Matches(t ReleaseTarget) bool {
	return v.Version != nil && *v.Version == t.Version && v.Percentage != nil && *v.Percentage == t.Percentage
}

// ReleaseAction is the write that moves WeChat to a target.
type ReleaseAction int

const (
	// ActionNone: WeChat already shows the target.
	ActionNone ReleaseAction = iota
	// ActionGrayRelease: POST /wxa/grayrelease at the target's percentage.
	ActionGrayRelease
	// ActionRelease: POST /wxa/release, the approved version to everyone.
	ActionRelease
)

func (a ReleaseAction) String() string {
	return [...]string{"none", "grayrelease", "release"}[a]
}

// PlanRelease decides the write that moves WeChat from s to t, or returns
// a *ReleaseConflict saying why no write can: the version is neither the
// latest approved one nor the live one, or the percentage would go down.
// known is what the state holds (nil on a create or an import); see
// ViewKnowing.
func (s *ReleaseState) PlanRelease(t ReleaseTarget, known *ReleaseTarget) (ReleaseAction, error) {
	view := s.ViewKnowing(known) // guarded by TestReleaseState_planReleaseKnowingTheState
	if view.Matches(t) {
		return ActionNone, nil
	}
	if s.Staged() {
		return s.planStaged(t, view)
	}
	return s.planUnstaged(t, view)
}

// planStaged decides while a staged release runs or is paused: a raise of
// it, or a conflict. Its version is the approved one, or the state's while
// the latest audit is not approved (a newer version in review).
func (s *ReleaseState) planStaged(t ReleaseTarget, view ReleaseView) (ReleaseAction, error) {
	if view.Version == nil || *view.Version != t.Version {
		if live, ok := s.LiveVersion(); ok && live == t.Version {
			return ActionNone, s.conflict(ConflictStagedOther, t, view)
		}
		return ActionNone, s.conflict(s.versionConflict(t.Version), t, view)
	}
	approved, _ := s.Approved()
	switch {
	case t.Percentage == 100 && approved == t.Version:
		// Everyone, whatever the figure WeChat serves (or leaves out).
		return ActionRelease, nil // guarded by TestReleaseState_planRelease/running_without_percentage,_to_everyone
	case t.Percentage == 100:
		// /wxa/release would publish the latest audit's version, not
		// the staged one: raise the staged release to 100 instead.
		return ActionGrayRelease, nil // guarded by TestReleaseState_planReleaseKnowingTheState/newer_audit_pending,_figure_left_out,_to_everyone
	case view.Percentage == nil:
		return ActionNone, s.conflict(ConflictPercentageUnknown, t, view)
	case t.Percentage < *view.Percentage:
		return ActionNone, s.conflict(ConflictLowerPercentage, t, view)
	}
	return ActionGrayRelease, nil
}

// planUnstaged decides while no staged release runs: the version out to
// everyone is the live one (or the state's, when WeChat does not say).
func (s *ReleaseState) planUnstaged(t ReleaseTarget, view ReleaseView) (ReleaseAction, error) {
	approved, isApproved := s.Approved()
	switch {
	case view.Version != nil && *view.Version == t.Version:
		// Already out to everyone (Matches failed, so below 100).
		return ActionNone, s.conflict(ConflictLiveBelowFull, t, view)
	case isApproved && approved == t.Version && t.Percentage == 100:
		return ActionRelease, nil
	case isApproved && approved == t.Version:
		return ActionGrayRelease, nil
	}
	return ActionNone, s.conflict(s.versionConflict(t.Version), t, view)
}

// versionConflict names what the latest audit says of a version that is
// neither approved nor live.
func (s *ReleaseState) versionConflict(version string) ConflictKind {
	a := s.Audit
	switch {
	case a == nil:
		return ConflictNoAudit
	case a.UserVersion == nil || *a.UserVersion != version || a.Status == nil:
		return ConflictOtherVersion
	}
	switch *a.Status {
	case AuditInReview:
		return ConflictInReview
	case AuditRejected:
		return ConflictRejected
	case AuditWithdrawn:
		return ConflictWithdrawn
	case AuditDelayed:
		return ConflictDelayed
	}
	return ConflictOtherVersion
}

func (s *ReleaseState) conflict(kind ConflictKind, t ReleaseTarget, view ReleaseView) *ReleaseConflict {
	c := &ReleaseConflict{Kind: kind, Target: t, Live: s.Live, Audit: s.Audit, PlanStatus: s.Plan.StatusName()}
	if pct, ok := s.StagedPercentage(); ok {
		c.Current = &pct
	} else if s.Staged() && view.Percentage != nil {
		c.Current, c.CurrentFromState = view.Percentage, true
	}
	if v, ok := s.Approved(); ok {
		c.Approved = &v
	} else if s.Staged() && view.Version != nil {
		c.Staged = view.Version
	}
	return c
}
