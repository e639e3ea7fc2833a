package wechat

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// state builds a ReleaseState: a plan (status -1: none) at pct (-1: left
// out), a live version ("-": left out), and the latest audit (status -1:
// none) of version with reason.
func state(planStatus, pct int64, live string, auditStatus int64, version, reason string) *ReleaseState {
	s := &ReleaseState{}
	if planStatus >= 0 {
		s.Plan = &GrayReleasePlan{Status: &planStatus}
		if pct >= 0 {
			s.Plan.GrayPercentage = &pct
		}
	}
	if live != "-" {
		s.Live = &live
	}
	if auditStatus >= 0 {
		s.Audit = &AuditStatus{Status: &auditStatus, UserVersion: &version}
		if reason != "" {
			s.Audit.Reason = &reason
		}
	}
	return s
}

const (
	noPlan  = -1
	noAudit = -1
)

func TestReleaseState_view(t *testing.T) {
	tests := []struct {
		name      string
		s         *ReleaseState
		version   string // "" for nil
		pct       int64  // -1 for nil
		status    string
		fully     bool
		staged    bool
		liveShown string
	}{
		{"running of the approved version", state(StatusRunning, 30, "2.3.9", AuditApproved, "2.4.0", ""), "2.4.0", 30, "running", false, true, "2.3.9"},
		{"paused", state(StatusPaused, 30, "2.3.9", AuditApproved, "2.4.0", ""), "2.4.0", 30, "paused", false, true, "2.3.9"},
		{"running at 100", state(StatusRunning, 100, "2.3.9", AuditApproved, "2.4.0", ""), "2.4.0", 100, "running", true, true, "2.3.9"},
		{"running, the latest audit in review", state(StatusRunning, 30, "2.3.9", AuditInReview, "2.5.0", ""), "", 30, "running", false, true, "2.3.9"},
		{"running without a percentage", state(StatusRunning, -1, "2.3.9", AuditApproved, "2.4.0", ""), "2.4.0", -1, "running", false, true, "2.3.9"},
		{"finished", state(StatusFinished, 100, "2.4.0", AuditApproved, "2.4.0", ""), "2.4.0", 100, "finished", true, false, "2.4.0"},
		{"deleted: reverted in the console", state(StatusDeleted, 30, "2.3.9", AuditApproved, "2.4.0", ""), "2.3.9", 100, "deleted", true, false, "2.3.9"},
		{"no plan", state(noPlan, 0, "2.3.9", noAudit, "", ""), "2.3.9", 100, "none", true, false, "2.3.9"},
		{"initial is not staged", state(StatusInitial, 0, "2.3.9", AuditApproved, "2.4.0", ""), "2.3.9", 100, "initial", true, false, "2.3.9"},
		{"no live version shown", state(noPlan, 0, "-", AuditApproved, "2.4.0", ""), "", 100, "none", false, false, ""},
		{"live version \"\"", state(noPlan, 0, "", AuditApproved, "2.4.0", ""), "", 100, "none", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.s.View()
			if got := derefString(v.Version, ""); got != tt.version {
				t.Errorf("version %q, want %q", got, tt.version)
			}
			if (v.Percentage == nil) != (tt.pct < 0) || (v.Percentage != nil && *v.Percentage != tt.pct) {
				t.Errorf("percentage %v, want %d", v.Percentage, tt.pct)
			}
			if v.StatusName != tt.status || v.FullyReleased != tt.fully || v.Staged != tt.staged || derefString(v.Live, "") != tt.liveShown {
				t.Errorf("view %+v, want status %s, fully %v, staged %v, live %q", v, tt.status, tt.fully, tt.staged, tt.liveShown)
			}
		})
	}
}

// Every target against every kind of state: the write, or the conflict
// and the words it must say.
func TestReleaseState_planRelease(t *testing.T) {
	waiting := state(StatusFinished, 100, "2.3.9", AuditApproved, "2.4.0", "")
	running := state(StatusRunning, 30, "2.3.9", AuditApproved, "2.4.0", "")
	tests := []struct {
		name   string
		s      *ReleaseState
		target ReleaseTarget
		action ReleaseAction
		kind   ConflictKind
		words  string // "" for no conflict
	}{
		{"waiting, staged", waiting, ReleaseTarget{"2.4.0", 10}, ActionGrayRelease, 0, ""},
		{"waiting, to everyone", waiting, ReleaseTarget{"2.4.0", 100}, ActionRelease, 0, ""},
		{"no plan, staged", state(noPlan, 0, "2.3.9", AuditApproved, "2.4.0", ""), ReleaseTarget{"2.4.0", 10}, ActionGrayRelease, 0, ""},
		{"running, raise", running, ReleaseTarget{"2.4.0", 50}, ActionGrayRelease, 0, ""},
		{"running, to everyone", running, ReleaseTarget{"2.4.0", 100}, ActionRelease, 0, ""},
		{"paused, raise", state(StatusPaused, 30, "2.3.9", AuditApproved, "2.4.0", ""), ReleaseTarget{"2.4.0", 40}, ActionGrayRelease, 0, ""},
		{"running, same", running, ReleaseTarget{"2.4.0", 30}, ActionNone, 0, ""},
		{"running at 100, same", state(StatusRunning, 100, "2.3.9", AuditApproved, "2.4.0", ""), ReleaseTarget{"2.4.0", 100}, ActionNone, 0, ""},
		{"live, same", waiting, ReleaseTarget{"2.3.9", 100}, ActionNone, 0, ""},
		{"released, same", state(StatusFinished, 100, "2.4.0", AuditApproved, "2.4.0", ""), ReleaseTarget{"2.4.0", 100}, ActionNone, 0, ""},
		{"running, lower", running, ReleaseTarget{"2.4.0", 10}, ActionNone, ConflictLowerPercentage,
			"WeChat already serves 2.4.0 to 30 % of users (running), and a staged release only goes up: 10 % is below that"},
		{"running without percentage", state(StatusRunning, -1, "2.3.9", AuditApproved, "2.4.0", ""), ReleaseTarget{"2.4.0", 50}, ActionNone, ConflictPercentageUnknown,
			"without its percentage"},
		// Every plan field may be absent: 100 raises any figure.
		{"running without percentage, to everyone", state(StatusRunning, -1, "2.3.9", AuditApproved, "2.4.0", ""), ReleaseTarget{"2.4.0", 100}, ActionRelease, 0, ""},
		{"live below 100", state(StatusFinished, 100, "2.4.0", AuditApproved, "2.4.0", ""), ReleaseTarget{"2.4.0", 30}, ActionNone, ConflictLiveBelowFull,
			"2.4.0 is live for everyone already"},
		{"the live version while another is staged", running, ReleaseTarget{"2.3.9", 100}, ActionNone, ConflictStagedOther,
			"WeChat is rolling out 2.4.0 to 30 % of users (running), and 2.3.9 is the live version"},
		{"in review", state(StatusFinished, 100, "2.3.9", AuditInReview, "2.4.0", ""), ReleaseTarget{"2.4.0", 10}, ActionNone, ConflictInReview,
			"2.4.0 is in review; the live version is 2.3.9"},
		{"rejected", state(noPlan, 0, "2.3.9", AuditRejected, "2.4.0", "privacy policy missing"), ReleaseTarget{"2.4.0", 100}, ActionNone, ConflictRejected,
			"2.4.0 was rejected: privacy policy missing"},
		{"rejected without a reason", state(noPlan, 0, "2.3.9", AuditRejected, "2.4.0", ""), ReleaseTarget{"2.4.0", 100}, ActionNone, ConflictRejected,
			"2.4.0 was rejected: WeChat gave no reason"},
		{"withdrawn", state(noPlan, 0, "2.3.9", AuditWithdrawn, "2.4.0", ""), ReleaseTarget{"2.4.0", 100}, ActionNone, ConflictWithdrawn, "2.4.0 was withdrawn from review"},
		{"delayed", state(noPlan, 0, "2.3.9", AuditDelayed, "2.4.0", "holiday"), ReleaseTarget{"2.4.0", 100}, ActionNone, ConflictDelayed, "2.4.0's review is delayed: holiday"},
		{"not the latest approved", waiting, ReleaseTarget{"2.5.0", 100}, ActionNone, ConflictOtherVersion,
			"2.5.0 is neither the latest approved version nor the live one: the latest approved version is 2.4.0; the live version is 2.3.9"},
		{"another version in review", state(noPlan, 0, "2.3.9", AuditInReview, "2.5.0", ""), ReleaseTarget{"2.4.0", 100}, ActionNone, ConflictOtherVersion,
			"WeChat's latest audit is 2.5.0, in_review"},
		{"no audit", state(noPlan, 0, "-", noAudit, "", ""), ReleaseTarget{"2.4.0", 100}, ActionNone, ConflictNoAudit,
			"WeChat has no audit of this mini program; WeChat shows no live version"},
		{"staged with the latest audit in review", state(StatusRunning, 30, "2.3.9", AuditInReview, "2.5.0", ""), ReleaseTarget{"2.4.0", 50}, ActionNone, ConflictOtherVersion,
			"WeChat's latest audit is 2.5.0, in_review"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			action, err := tt.s.PlanRelease(tt.target, nil)
			expectPlan(t, action, err, tt.action, tt.kind, tt.words)
		})
	}
}

// expectPlan checks PlanRelease's answer: the action and, when words is
// not "", a conflict of kind that says words.
func expectPlan(t *testing.T, action ReleaseAction, err error, want ReleaseAction, kind ConflictKind, words string) {
	t.Helper()
	if action != want {
		t.Errorf("action %s, want %s", action, want)
	}
	if words == "" {
		if err != nil {
			t.Errorf("unexpected conflict: %v", err)
		}
		return
	}
	var conflict *ReleaseConflict
	if !errors.As(err, &conflict) || conflict.Kind != kind {
		t.Fatalf("error %v (%T), want a conflict of kind %d", err, err, kind)
	}
	if !strings.Contains(err.Error(), words) {
		t.Errorf("%q does not say %q", err, words)
	}
}

// Where WeChat does not say, the state's version and percentage decide,
// as refresh stores them: a newer audit pending during a staged release,
// a plan without its percentage, a getversioninfo without release_info.
func TestReleaseState_planReleaseKnowingTheState(t *testing.T) {
	pending := state(StatusRunning, 30, "2.3.9", AuditInReview, "2.5.0", "")
	noFigure := state(StatusRunning, -1, "2.3.9", AuditApproved, "2.4.0", "")
	noLive := state(noPlan, 0, "-", AuditApproved, "2.4.0", "")
	at := func(version string, pct int64) *ReleaseTarget { return &ReleaseTarget{version, pct} }
	tests := []struct {
		name   string
		s      *ReleaseState
		known  *ReleaseTarget
		target ReleaseTarget
		action ReleaseAction
		kind   ConflictKind
		words  string // "" for no conflict
	}{
		{"newer audit pending, same", pending, at("2.4.0", 30), ReleaseTarget{"2.4.0", 30}, ActionNone, 0, ""},
		{"newer audit pending, raise", pending, at("2.4.0", 30), ReleaseTarget{"2.4.0", 50}, ActionGrayRelease, 0, ""},
		{"newer audit pending, to everyone", pending, at("2.4.0", 30), ReleaseTarget{"2.4.0", 100}, ActionGrayRelease, 0, ""},
		// An import while WeChat left the figure out: the state has none.
		{"newer audit pending, figure left out, to everyone", state(StatusRunning, -1, "2.3.9", AuditInReview, "2.5.0", ""), at("2.4.0", 0), ReleaseTarget{"2.4.0", 100},
			ActionGrayRelease, 0, ""},
		{"newer audit pending, lower", pending, at("2.4.0", 30), ReleaseTarget{"2.4.0", 10}, ActionNone, ConflictLowerPercentage,
			"WeChat already serves 2.4.0 to 30 % of users (running)"},
		{"newer audit pending, the newer version", pending, at("2.4.0", 30), ReleaseTarget{"2.5.0", 30}, ActionNone, ConflictInReview, "2.5.0 is in review"},
		{"newer audit pending, the live version", pending, at("2.4.0", 30), ReleaseTarget{"2.3.9", 100}, ActionNone, ConflictStagedOther,
			"WeChat is rolling out 2.4.0 to 30 % of users (running), and 2.3.9 is the live version"},
		{"newer audit pending, nothing known", pending, nil, ReleaseTarget{"2.4.0", 30}, ActionNone, ConflictOtherVersion, "WeChat's latest audit is 2.5.0, in_review"},
		{"percentage left out, same", noFigure, at("2.4.0", 30), ReleaseTarget{"2.4.0", 30}, ActionNone, 0, ""},
		{"percentage left out, raise", noFigure, at("2.4.0", 30), ReleaseTarget{"2.4.0", 50}, ActionGrayRelease, 0, ""},
		{"percentage left out, lower", noFigure, at("2.4.0", 30), ReleaseTarget{"2.4.0", 10}, ActionNone, ConflictLowerPercentage,
			"WeChat's plan leaves the staged release's percentage out; the state has 2.4.0 at 30 % (running)"},
		{"no live version shown, same", noLive, at("2.4.0", 100), ReleaseTarget{"2.4.0", 100}, ActionNone, 0, ""},
		{"no live version shown, below 100", noLive, at("2.4.0", 100), ReleaseTarget{"2.4.0", 30}, ActionNone, ConflictLiveBelowFull, "2.4.0 is live for everyone already"},
		{"no live version shown, the next version", noLive, at("2.3.9", 100), ReleaseTarget{"2.4.0", 100}, ActionRelease, 0, ""},
		{"no live version shown, nothing known", noLive, nil, ReleaseTarget{"2.4.0", 100}, ActionRelease, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			action, err := tt.s.PlanRelease(tt.target, tt.known)
			expectPlan(t, action, err, tt.action, tt.kind, tt.words)
		})
	}
}

// What a write whose answer was lost did, from the state before and after.
func TestJudge(t *testing.T) {
	running := state(StatusRunning, 30, "2.3.9", AuditApproved, "2.4.0", "")
	waiting := state(noPlan, 0, "2.3.9", AuditApproved, "2.4.0", "")
	// getversioninfo showing the staged version as the live one.
	shownLive := state(StatusRunning, 10, "2.4.0", AuditApproved, "2.4.0", "")
	noLive := state(noPlan, 0, "-", AuditApproved, "2.4.0", "")
	tests := []struct {
		name          string
		action        ReleaseAction
		revert        bool
		target        ReleaseTarget
		before, after *ReleaseState
		want          writeEffect
	}{
		{"raise done", ActionGrayRelease, false, ReleaseTarget{"2.4.0", 50}, running, state(StatusRunning, 50, "2.3.9", AuditApproved, "2.4.0", ""), effectDone},
		{"raise done and more", ActionGrayRelease, false, ReleaseTarget{"2.4.0", 50}, running, state(StatusPaused, 60, "2.3.9", AuditApproved, "2.4.0", ""), effectDone},
		{"raise not done", ActionGrayRelease, false, ReleaseTarget{"2.4.0", 50}, running, running, effectNone},
		{"start not done", ActionGrayRelease, false, ReleaseTarget{"2.4.0", 10}, waiting, waiting, effectNone},
		{"raise, then reverted by someone", ActionGrayRelease, false, ReleaseTarget{"2.4.0", 50}, running, state(StatusDeleted, 30, "2.3.9", AuditApproved, "2.4.0", ""), effectOther},
		{"gray to 100 finished", ActionGrayRelease, false, ReleaseTarget{"2.4.0", 100}, running, state(StatusFinished, 100, "2.4.0", AuditApproved, "2.4.0", ""), effectDone},
		{"release done", ActionRelease, false, ReleaseTarget{"2.4.0", 100}, waiting, state(noPlan, 0, "2.4.0", AuditApproved, "2.4.0", ""), effectDone},
		{"release finished the plan", ActionRelease, false, ReleaseTarget{"2.4.0", 100}, running, state(StatusFinished, 100, "2.3.9", AuditApproved, "2.4.0", ""), effectDone},
		{"release not done", ActionRelease, false, ReleaseTarget{"2.4.0", 100}, running, running, effectNone},
		{"release, a raise by someone", ActionRelease, false, ReleaseTarget{"2.4.0", 100}, running, state(StatusRunning, 60, "2.3.9", AuditApproved, "2.4.0", ""), effectOther},
		{"raise not done, the staged version shown live", ActionGrayRelease, false, ReleaseTarget{"2.4.0", 30}, shownLive, shownLive, effectNone},
		{"raise to 100 finished, the staged version shown live", ActionGrayRelease, false, ReleaseTarget{"2.4.0", 100}, shownLive,
			state(StatusFinished, 100, "2.4.0", AuditApproved, "2.4.0", ""), effectDone},
		{"raise, the figure left out", ActionGrayRelease, false, ReleaseTarget{"2.4.0", 50}, running, state(StatusRunning, -1, "2.3.9", AuditApproved, "2.4.0", ""), effectUnknown},
		{"release raised the staged one to 100", ActionRelease, false, ReleaseTarget{"2.4.0", 100}, running, state(StatusRunning, 100, "2.3.9", AuditApproved, "2.4.0", ""), effectDone},
		{"release, no live version shown", ActionRelease, false, ReleaseTarget{"2.4.0", 100}, noLive, noLive, effectUnknown},
		{"revert done", 0, true, ReleaseTarget{}, running, state(StatusDeleted, 30, "2.3.9", AuditApproved, "2.4.0", ""), effectDone},
		{"revert not done", 0, true, ReleaseTarget{}, running, running, effectNone},
		{"revert, raised by someone", 0, true, ReleaseTarget{}, running, state(StatusRunning, 60, "2.3.9", AuditApproved, "2.4.0", ""), effectOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := judge(tt.action, tt.revert, tt.target, tt.before, tt.after); got != tt.want {
				t.Errorf("judge = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestReleaseState_string(t *testing.T) {
	for s, want := range map[*ReleaseState]string{
		state(StatusPaused, 30, "2.3.9", AuditApproved, "2.4.0", ""):  "a staged release of 2.4.0 paused at 30 %; live version 2.3.9",
		state(StatusRunning, -1, "-", AuditInReview, "2.5.0", ""):     "a staged release running at an unstated percentage; no live version shown",
		state(StatusDeleted, 30, "2.3.9", AuditApproved, "2.4.0", ""): "no staged release running (plan: deleted); live version 2.3.9",
	} {
		if got := s.String(); got != want {
			t.Errorf("%q, want %q", got, want)
		}
	}
}

// A read in flight when the app is written to is neither joined by later
// reads nor kept: its answer may be from before the write.
func TestSharer_forgetDuringAFlight(t *testing.T) {
	s := newSharer(time.Minute, time.Now)
	key := shareKey{1}
	_, old, leader := s.join(key, "app")
	if !leader {
		t.Fatal("the first read does not lead")
	}
	s.forget("app")
	_, fresh, leader := s.join(key, "app")
	if !leader || fresh == old {
		t.Fatal("a read after the write joined the flight from before it")
	}
	old.body = []byte(`{"old":1}`)
	s.finish(key, old)
	if body, f, _ := s.join(key, "app"); body != nil || f != fresh {
		t.Errorf("after the old flight ended: kept %q, flight %p; want no answer kept and the new flight joined", body, f)
	}
	fresh.body = []byte(`{"new":1}`)
	s.finish(key, fresh)
	if body, _, _ := s.join(key, "app"); string(body) != `{"new":1}` {
		t.Errorf("kept %q, want the answer from after the write", body)
	}
	if body, _, leader := s.join(shareKey{2}, "other"); body != nil || !leader {
		t.Error("another app's read was affected")
	}
}
