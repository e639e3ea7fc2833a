package wechat

import (
	"fmt"
)

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
func (s *ReleaseState) PlanRelease(t ReleaseTarget) (ReleaseAction, error) {
	if s.View().Matches(t) {
		return ActionNone, nil
	}
	approved, isApproved := s.Approved()
	live, isLive := s.LiveVersion()
	conflict := func(kind ConflictKind) error { return s.conflict(kind, t) }
	switch {
	case s.Staged() && isApproved && approved == t.Version:
		current, ok := s.StagedPercentage()
		switch {
		case !ok:
			return ActionNone, conflict(ConflictPercentageUnknown)
		case t.Percentage < current:
			return ActionNone, conflict(ConflictLowerPercentage)
		case t.Percentage == current:
			return ActionNone, nil
		case t.Percentage == 100:
			return ActionRelease, nil
		}
		return ActionGrayRelease, nil
	case s.Staged() && isLive && live == t.Version:
		return ActionNone, conflict(ConflictStagedOther)
	case isApproved && approved == t.Version && (!isLive || live != t.Version):
		if t.Percentage == 100 {
			return ActionRelease, nil
		}
		return ActionGrayRelease, nil
	case isLive && live == t.Version:
		if t.Percentage < 100 {
			return ActionNone, conflict(ConflictLiveBelowFull)
		}
		return ActionNone, nil
	}
	return ActionNone, conflict(s.versionConflict(t.Version))
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

func (s *ReleaseState) conflict(kind ConflictKind, t ReleaseTarget) *ReleaseConflict {
	c := &ReleaseConflict{Kind: kind, Target: t, Live: s.Live, Audit: s.Audit, PlanStatus: s.Plan.StatusName()}
	if pct, ok := s.StagedPercentage(); ok {
		c.Current = &pct
	}
	if v, ok := s.Approved(); ok {
		c.Approved = &v
	}
	return c
}

// writeEffect is what a write whose answer was lost did, judged by
// reading WeChat before and after.
type writeEffect int

const (
	effectDone  writeEffect = iota // WeChat shows what the write asked for
	effectNone                     // WeChat shows what it showed before: not done
	effectOther                    // WeChat shows something else: someone else acted
)

// judge compares the states before and after a write of action (or a
// revert, when revert is true) toward t.
func judge(action ReleaseAction, revert bool, t ReleaseTarget, before, after *ReleaseState) writeEffect {
	live, isLive := after.LiveVersion()
	pct, staged := after.StagedPercentage()
	var done bool
	switch {
	case revert:
		done = !after.Staged()
	case action == ActionGrayRelease:
		done = (staged && pct >= t.Percentage) || (isLive && live == t.Version)
	case action == ActionRelease:
		done = (isLive && live == t.Version && !after.Staged()) ||
			(before.Staged() && after.Plan.StatusName() == "finished")
	}
	switch {
	case done:
		return effectDone
	case after.fingerprint() == before.fingerprint():
		return effectNone
	}
	return effectOther
}

// ConflictKind says why a target cannot be reached.
type ConflictKind int

// The reasons PlanRelease refuses a target.
const (
	ConflictInReview          ConflictKind = iota // the version is in review
	ConflictRejected                              // the version was rejected
	ConflictWithdrawn                             // the version was withdrawn from review
	ConflictDelayed                               // the version's review is delayed
	ConflictOtherVersion                          // the version is not the latest audit's
	ConflictNoAudit                               // no audit at all, and the version is not live
	ConflictLowerPercentage                       // below the staged release's percentage
	ConflictLiveBelowFull                         // a staged release of the version everyone has
	ConflictStagedOther                           // the live version for everyone while another is staged
	ConflictPercentageUnknown                     // a staged release without its percentage
)

// ReleaseConflict is a target WeChat cannot be moved to. Its text names
// what WeChat has; the provider adds what to do.
type ReleaseConflict struct {
	Kind       ConflictKind
	Target     ReleaseTarget
	Current    *int64 // the staged release's percentage
	Approved   *string
	Live       *string
	Audit      *AuditStatus
	PlanStatus string
}

func (e *ReleaseConflict) Error() string {
	v := e.Target.Version
	switch e.Kind {
	case ConflictInReview:
		return v + " is in review" + e.liveTail()
	case ConflictRejected:
		return v + " was rejected: " + e.reason("WeChat gave no reason") + e.liveTail()
	case ConflictWithdrawn:
		return v + " was withdrawn from review" + e.liveTail()
	case ConflictDelayed:
		return v + "'s review is delayed: " + e.reason("WeChat gave no reason") + e.liveTail()
	case ConflictOtherVersion, ConflictNoAudit:
		return v + " is neither the latest approved version nor the live one: " + e.auditFacts() + e.liveTail()
	case ConflictLowerPercentage:
		return fmt.Sprintf("WeChat already serves %s to %d %% of users (%s), and a staged release only goes up: %d %% is below that",
			v, derefInt(e.Current), e.PlanStatus, e.Target.Percentage)
	case ConflictLiveBelowFull:
		return fmt.Sprintf("%s is live for everyone already, so there is no staged release of it to serve to %d %%", v, e.Target.Percentage)
	case ConflictStagedOther:
		return fmt.Sprintf("WeChat is rolling out %s to %s (%s), and %s is the live version: %s for everyone means canceling that staged release",
			derefString(e.Approved, "another version"), e.currentText(), e.PlanStatus, v, v)
	case ConflictPercentageUnknown:
		return fmt.Sprintf("WeChat shows a staged release of %s (%s) without its percentage, so the provider cannot tell whether %d %% raises it", v, e.PlanStatus, e.Target.Percentage)
	}
	return fmt.Sprintf("cannot release %s to %d %%", v, e.Target.Percentage)
}

func (e *ReleaseConflict) reason(none string) string {
	if e.Audit == nil || e.Audit.Reason == nil || *e.Audit.Reason == "" {
		return none
	}
	return *e.Audit.Reason
}

// auditFacts says what the latest audit is, for a version that is not it.
func (e *ReleaseConflict) auditFacts() string {
	switch {
	case e.Audit == nil:
		return "WeChat has no audit of this mini program"
	case e.Approved != nil:
		return "the latest approved version is " + *e.Approved
	}
	return fmt.Sprintf("WeChat's latest audit is %s, %s", derefString(e.Audit.UserVersion, "of an unnamed version"), e.Audit.StatusName())
}

func (e *ReleaseConflict) liveTail() string {
	if e.Live == nil || *e.Live == "" {
		return "; WeChat shows no live version"
	}
	return "; the live version is " + *e.Live
}

func (e *ReleaseConflict) currentText() string {
	if e.Current == nil {
		return "some users"
	}
	return fmt.Sprintf("%d %% of users", *e.Current)
}

func derefInt(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func derefString(p *string, none string) string {
	if p == nil || *p == "" {
		return none
	}
	return *p
}
