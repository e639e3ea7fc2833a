package wechat

// writeEffect is what a write whose answer was lost did, judged by
// reading WeChat before and after.
type writeEffect int

const (
	effectDone    writeEffect = iota // WeChat shows what the write asked for
	effectNone                       // WeChat shows what it showed before: not done
	effectOther                      // WeChat shows something else: someone else acted
	effectUnknown                    // WeChat's answers cannot show whether it acted
)

// judge compares the states before and after a write of action (or a
// revert, when revert is true) toward t.
func judge(action ReleaseAction, revert bool, t ReleaseTarget, before, after *ReleaseState) writeEffect {
	done, decidable := false, true
	switch {
	case revert:
		done = !after.Staged()
	case action == ActionGrayRelease:
		done, decidable = raiseDone(t, before, after)
	case action == ActionRelease:
		done, decidable = releaseDone(t, before, after)
	}
	switch {
	case done:
		return effectDone
	case !decidable:
		return effectUnknown
	case after.fingerprint() == before.fingerprint():
		return effectNone
	}
	return effectOther
}

// raiseDone tells whether a grayrelease toward t acted: the staged release
// is at t's figure or above, or t's version went live since the read
// before (a raise to 100 that finished by itself). A live version equal to
// t's from the start proves nothing: WeChat may show the staged version
// as live. With the staged figure left out it cannot be told.
func raiseDone(t ReleaseTarget, before, after *ReleaseState) (done, decidable bool) {
	if after.View().Matches(t) {
		return true, true
	}
	pct, known := after.StagedPercentage()
	if known && pct >= t.Percentage {
		return true, true
	}
	wasLive, _ := before.LiveVersion()
	if live, ok := after.LiveVersion(); ok && live == t.Version && wasLive != t.Version { // guarded by TestApplyRelease_lostRaiseNotTakenForDoneWhenVersionInfoShowsStaged
		return true, true
	}
	return false, known || !after.Staged()
}

// releaseDone tells whether a /wxa/release toward t acted: WeChat shows t
// (a staged release raised to 100 counts), t's version live with nothing
// staged, or the staged release finished. With no staged release and no
// live version shown (getversioninfo without release_info), it cannot be
// told.
func releaseDone(t ReleaseTarget, before, after *ReleaseState) (done, decidable bool) {
	live, isLive := after.LiveVersion()
	switch {
	case after.View().Matches(t): // guarded by TestApplyRelease_lostReleaseThatReachedTheTargetIsASuccess
		return true, true
	case isLive && live == t.Version && !after.Staged():
		return true, true
	case before.Staged() && after.Plan.StatusName() == "finished":
		return true, true
	}
	return false, isLive || after.Staged() // guarded by TestApplyRelease_lostReleaseWithoutReleaseInfoIsNotSentTwice
}
