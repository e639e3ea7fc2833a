package wechat

import (
	"fmt"
)

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
	Kind    ConflictKind
	Target  ReleaseTarget
	Current *int64 // the staged release's percentage
	// CurrentFromState: WeChat left the percentage out, and Current is
	// the state's figure.
	CurrentFromState bool
	Approved         *string
	// Staged is the staged release's version when it is not Approved:
	// the state's, while a newer audit is not approved.
	Staged     *string
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
		if e.CurrentFromState {
			return fmt.Sprintf("WeChat's plan leaves the staged release's percentage out; the state has %s at %d %% (%s), and a staged release only goes up: %d %% is below that",
				v, derefInt(e.Current), e.PlanStatus, e.Target.Percentage)
		}
		return fmt.Sprintf("WeChat already serves %s to %d %% of users (%s), and a staged release only goes up: %d %% is below that",
			v, derefInt(e.Current), e.PlanStatus, e.Target.Percentage)
	case ConflictLiveBelowFull:
		return fmt.Sprintf("%s is live for everyone already, so there is no staged release of it to serve to %d %%", v, e.Target.Percentage)
	case ConflictStagedOther:
		return fmt.Sprintf("WeChat is rolling out %s to %s (%s), and %s is the live version: %s for everyone means canceling that staged release",
			e.stagedVersion(), e.currentText(), e.PlanStatus, v, v)
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

// stagedVersion names the version a staged release serves.
func (e *ReleaseConflict) stagedVersion() string {
	if e.Approved != nil {
		return *e.Approved
	}
	return derefString(e.Staged, "another version")
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
