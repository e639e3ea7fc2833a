package wechat_test

// Hostile review of issue 17 (wechat_release): client-level cases where a
// WeChat stand-in that follows the documented behaviour, but makes other
// choices where WeChat is silent, breaks the contract. These tests fail
// on the reviewed commit on purpose; see the review report.

import (
	"context"
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// A stand-in whose getversioninfo shows the staged version as
// release_version (undocumented; the mock's own VersionInfoShowsStaged)
// loses the answer of a raise before acting. judge takes "live ==
// target version" as proof that the grayrelease acted, so the raise is
// never sent again: ApplyRelease reports a success while WeChat still
// serves 10 %.
func TestReview_lostRaiseNotTakenForDoneWhenVersionInfoShowsStaged(t *testing.T) {
	m, url := releaseMock(t)
	m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 10, false)
	m.SetReleaseOptions(wechatmock.ReleaseOptions{VersionInfoShowsStaged: true})
	m.LoseAnswerBeforeEffect(wechat.PathGrayRelease, wechatmock.Fault{HangUp: true})
	out, err := apply(t, releaseClient(t, url), 30)
	if n := m.WritesTo(wechat.PathGrayRelease); n != 2 {
		t.Errorf("%d grayrelease sends, want 2: the first did not act, and WeChat showed it unchanged", n)
	}
	if err == nil {
		v := out.State.View()
		if v.Percentage == nil || *v.Percentage != 30 {
			t.Errorf("ApplyRelease succeeded but WeChat shows %s (notes %q)", out.State, out.Notes)
		}
	}
}

// A stand-in whose getversioninfo shows the staged version live answers
// /wxa/release during the staged release with 85052 (already released):
// a refusal of a full release while a staged one runs. The issue asks for
// the staged release raised to 100 then; confirmReleased instead calls it
// a success (the version "is live"), nothing reaches 100, and every later
// apply repeats the same release and the same refusal.
func TestReview_85052WhileStagedIsNotASuccess(t *testing.T) {
	m, url := releaseMock(t)
	m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 30, false)
	m.SetReleaseOptions(wechatmock.ReleaseOptions{VersionInfoShowsStaged: true})
	m.SetStandingFault(wechat.PathRelease, &wechatmock.Fault{ErrCode: 85052, ErrMsg: "already released"})
	out, err := apply(t, releaseClient(t, url), 100)
	if err != nil {
		t.Fatalf("err = %v; want the staged release raised to 100 instead", err)
	}
	if v := out.State.View(); v.Percentage == nil || *v.Percentage != 100 {
		t.Errorf("ApplyRelease succeeded, but WeChat shows %s; writes %+v", out.State, m.WriteLog())
	}
}

// getversioninfo without its objects is documented live drift. A
// /wxa/release whose answer is lost after it took effect cannot be seen
// in that answer; "nothing changed" is then taken as "not done" and the
// release is sent a second time (here refused with 85052, which apply
// then reports as an error although the release is done).
func TestReview_lostReleaseWithoutReleaseInfoIsNotSentTwice(t *testing.T) {
	m, url := releaseMock(t)
	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{VersionInfoNoObjects: true})
	m.LoseAnswerAfterEffect(wechat.PathRelease, wechatmock.Fault{HangUp: true})
	_, err := apply(t, releaseClient(t, url), 100)
	if n := m.WritesTo(wechat.PathRelease); n != 1 {
		t.Errorf("%d /wxa/release sends, want 1: WeChat's answers could not show whether the first acted (err %v)", n, err)
	}
}

// getversioninfo without release_info, again: a full release that WeChat
// answered ok. The second ApplyRelease of the same target sends
// /wxa/release again (the contract: a second apply makes no write), and
// fails on WeChat's 85052.
func TestReview_fullReleaseWithoutReleaseInfoSecondApplySendsNothing(t *testing.T) {
	m, url := releaseMock(t)
	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{VersionInfoNoObjects: true})
	c := releaseClient(t, url)
	if _, err := apply(t, c, 100); err != nil {
		t.Fatal(err)
	}
	out, err := apply(t, c, 100)
	if n := m.Writes(); n != 1 || err != nil {
		t.Errorf("%d writes, err %v (sent %v); want one write in all and the second apply a no-op", n, err, out)
	}
}

// A stand-in that takes /wxa/release during a staged release by raising
// the staged release to 100 % (running, not finished; whether it
// finishes is undocumented) and drops the answer. WeChat then shows the
// target exactly, yet judge wants "live" or "finished" and calls it
// "something else": a LostAnswerError.
func TestReview_lostReleaseThatReachedTheTargetIsASuccess(t *testing.T) {
	m, url := releaseMock(t)
	m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 30, false)
	m.LoseAnswerBeforeEffect(wechat.PathRelease, wechatmock.Fault{HangUp: true})
	c := releaseClient(t, url, func(c *wechat.Config) {
		c.OnAttempt = func(_ context.Context, a wechat.Attempt) {
			if a.Path == wechat.PathRelease {
				m.SetPlan(relApp, map[string]any{"status": 1, "gray_percentage": 100})
			}
		}
	})
	out, err := apply(t, c, 100)
	if err != nil {
		t.Fatalf("err = %v; WeChat shows 2.4.0 at 100 %%, which is the target", err)
	}
	if !out.State.View().Matches(wechat.ReleaseTarget{Version: "2.4.0", Percentage: 100}) {
		t.Errorf("read back %s", out.State)
	}
}

// A running plan without gray_percentage ("every plan field may be
// absent"): 100 % raises it whatever the figure was, yet PlanRelease
// refuses it as "cannot tell whether 100 % raises it".
func TestReview_fullReleaseWhenPercentageAbsent(t *testing.T) {
	running, approved, version := int64(wechat.StatusRunning), int64(wechat.AuditApproved), "2.4.0"
	live := "2.3.9"
	s := &wechat.ReleaseState{Plan: &wechat.GrayReleasePlan{Status: &running}, Live: &live,
		Audit: &wechat.AuditStatus{Status: &approved, UserVersion: &version}}
	action, err := s.PlanRelease(wechat.ReleaseTarget{Version: version, Percentage: 100})
	if err != nil || action != wechat.ActionRelease {
		t.Errorf("PlanRelease = %v, %v; want a release to everyone", action, err)
	}
}
