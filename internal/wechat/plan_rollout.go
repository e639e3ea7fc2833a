package wechat

// FullyReleased reports whether the plan's new version is out to every user,
// the one fact a release gate needs. It is true for a finished plan, and for
// a running or paused one at 100 %, where no user is held back any more.
//
// It is false for everything else, including the states a gate cannot vouch
// for: no plan at all (WeChat does not document whether that means "never
// released in stages" or "finished long ago"), a deleted plan (withdrawn
// before it finished), a status WeChat left out or has not documented, and
// a running or paused plan whose percentage WeChat left out.
func (p *GrayReleasePlan) FullyReleased() bool {
	if p == nil || p.Status == nil {
		return false
	}
	switch *p.Status {
	case StatusFinished:
		return true
	case StatusRunning, StatusPaused:
		return p.GrayPercentage != nil && *p.GrayPercentage == 100
	default:
		return false
	}
}
