package wechat_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// apply moves the fixture's app to 2.4.0 (the approved version) at pct,
// as a create does: with no state known.
func apply(t *testing.T, c *wechat.Client, pct int64) (*wechat.ReleaseOutcome, error) {
	t.Helper()
	return applyKnowing(t, c, pct, nil)
}

// applyKnowing is apply as an update does, with what the state holds.
func applyKnowing(t *testing.T, c *wechat.Client, pct int64, known *wechat.ReleaseTarget) (*wechat.ReleaseOutcome, error) {
	t.Helper()
	return c.ApplyRelease(context.Background(), wechat.ReleaseTarget{Version: "2.4.0", Percentage: pct}, known, wechat.GrayFlags{})
}

// expectView checks that WeChat was read back as 2.4.0 at pct after an apply.
func expectView(t *testing.T, out *wechat.ReleaseOutcome, pct int64, status string) {
	const version = "2.4.0"
	t.Helper()
	if out == nil || out.State == nil {
		t.Fatalf("no state read back: %+v", out)
	}
	v := out.State.View()
	if v.Version == nil || *v.Version != version || v.Percentage == nil || *v.Percentage != pct || v.StatusName != status {
		t.Errorf("read back %s, want %s at %d %% (%s)", out.State, version, pct, status)
	}
}

func TestApplyRelease_raiseThroughStages(t *testing.T) {
	m, url := releaseMock(t)
	c := releaseClient(t, url, func(c *wechat.Config) { c.ShareWindow = time.Minute })
	for _, step := range []struct {
		pct    int64
		path   string
		status string
	}{{10, wechat.PathGrayRelease, "running"}, {30, wechat.PathGrayRelease, "running"}, {100, wechat.PathRelease, "finished"}} {
		out, err := apply(t, c, step.pct)
		if err != nil {
			t.Fatalf("%d %%: %v", step.pct, err)
		}
		expectView(t, out, step.pct, step.status)
		if len(out.Sent) != 1 || !strings.HasSuffix(out.Sent[0], step.path) {
			t.Errorf("%d %%: sent %v, want one %s", step.pct, out.Sent, step.path)
		}
	}
	out, err := apply(t, c, 100)
	if err != nil || len(out.Sent) != 0 {
		t.Errorf("a second apply sent %v (%v), want nothing", out.Sent, err)
	}
	if n := m.Writes(); n != 3 {
		t.Errorf("%d writes, want 3", n)
	}
}

// A conflict found on the fresh read is returned before any write.
func TestApplyRelease_conflictSendsNothing(t *testing.T) {
	m, url := releaseMock(t)
	m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 30, true)
	_, err := apply(t, releaseClient(t, url), 10)
	var conflict *wechat.ReleaseConflict
	if !errors.As(err, &conflict) || conflict.Kind != wechat.ConflictLowerPercentage || m.Writes() != 0 {
		t.Errorf("err = %v, %d writes; want the lowered-percentage conflict and no write", err, m.Writes())
	}
}

// 100 % during a staged release: /wxa/release, or, when WeChat refuses it
// with 85020, the staged release raised to 100.
func TestApplyRelease_fullReleaseDuringAStagedOne(t *testing.T) {
	t.Run("accepted", func(t *testing.T) {
		m, url := releaseMock(t)
		m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 30, false)
		out, err := apply(t, releaseClient(t, url), 100)
		if err != nil {
			t.Fatal(err)
		}
		expectView(t, out, 100, "finished")
		if m.WritesTo(wechat.PathRelease) != 1 || m.Writes() != 1 {
			t.Errorf("writes %+v, want one release", m.WriteLog())
		}
	})
	t.Run("refused with 85020", func(t *testing.T) {
		m, url := releaseMock(t)
		m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 30, false)
		m.SetReleaseOptions(wechatmock.ReleaseOptions{ReleaseRefusedWhileStaged: true})
		out, err := apply(t, releaseClient(t, url), 100)
		if err != nil {
			t.Fatal(err)
		}
		expectView(t, out, 100, "running")
		if log := m.WriteLog(); len(log) != 2 || log[0].Path != wechat.PathRelease || log[1].Body != `{"gray_percentage":100}` {
			t.Errorf("writes %+v, want the refused release, then grayrelease at 100", log)
		}
		if len(out.Notes) != 1 || !strings.Contains(out.Notes[0], "raised to 100 % instead") {
			t.Errorf("notes %q", out.Notes)
		}
	})
	t.Run("85052 with the version live", func(t *testing.T) {
		m, url := releaseMock(t)
		m.InjectFaults(wechat.PathRelease, wechatmock.Fault{ErrCode: 85052, ErrMsg: "already released"})
		c := releaseClient(t, url, func(c *wechat.Config) {
			c.OnAttempt = func(_ context.Context, a wechat.Attempt) {
				if a.Path == wechat.PathRelease {
					m.SeedLive(relApp, "2.4.0") // released meanwhile, in the console
				}
			}
		})
		out, err := apply(t, c, 100)
		if err != nil || len(out.Notes) != 1 || !strings.Contains(out.Notes[0], "released already") {
			t.Errorf("err = %v, notes %q; want a success that says WeChat had released it", err, out.Notes)
		}
	})
	t.Run("85052 with a staged release after", func(t *testing.T) {
		m, url := releaseMock(t)
		m.SetReleaseOptions(wechatmock.ReleaseOptions{VersionInfoShowsStaged: true}) // 2.4.0 shown live, yet staged
		m.InjectFaults(wechat.PathRelease, wechatmock.Fault{ErrCode: 85052, ErrMsg: "already released"})
		c := releaseClient(t, url, func(c *wechat.Config) {
			c.OnAttempt = func(_ context.Context, a wechat.Attempt) {
				if a.Path == wechat.PathRelease {
					m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 20, false) // staged meanwhile, in the console
				}
			}
		})
		_, err := apply(t, c, 100)
		if apiErr, ok := wechat.AsAPIError(err); !ok || apiErr.Code != 85052 || m.Writes() != 1 {
			t.Errorf("err = %v, %d writes; want WeChat's 85052 as it came: 2.4.0 is not out to everyone", err, m.Writes())
		}
	})
	t.Run("85052 with the version not live", func(t *testing.T) {
		m, url := releaseMock(t)
		m.InjectFaults(wechat.PathRelease, wechatmock.Fault{ErrCode: 85052, ErrMsg: "already released"})
		_, err := apply(t, releaseClient(t, url), 100)
		if apiErr, ok := wechat.AsAPIError(err); !ok || apiErr.Code != 85052 {
			t.Errorf("err = %v, want WeChat's 85052 as it came", err)
		}
	})
}

// The lost-answer protocol: read back, never a blind second send, never a
// third.
func TestApplyRelease_lostAnswers(t *testing.T) {
	hangUp := wechatmock.Fault{HangUp: true}
	tests := []struct {
		name   string
		setup  func(m *wechatmock.Server)
		sends  int
		errHas string // "" for success
		view   int64  // the percentage read back on success
	}{
		{"lost after effect: not sent again", func(m *wechatmock.Server) { m.LoseAnswerAfterEffect(wechat.PathGrayRelease, hangUp) }, 1, "", 30},
		{"-1 after effect", func(m *wechatmock.Server) {
			m.LoseAnswerAfterEffect(wechat.PathGrayRelease, wechatmock.Fault{ErrCode: -1, ErrMsg: "system error"})
		}, 1, "", 30},
		{"lost before effect: sent exactly twice", func(m *wechatmock.Server) { m.LoseAnswerBeforeEffect(wechat.PathGrayRelease, hangUp) }, 2, "", 30},
		{"lost before, then after effect", func(m *wechatmock.Server) {
			m.LoseAnswerBeforeEffect(wechat.PathGrayRelease, hangUp)
			m.LoseAnswerAfterEffect(wechat.PathGrayRelease, hangUp)
		}, 2, "", 30},
		{"lost twice before effect: no third send", func(m *wechatmock.Server) {
			m.LoseAnswerBeforeEffect(wechat.PathGrayRelease, hangUp, hangUp)
		}, 2, "(sent 2 times) was lost, and WeChat now shows a staged release of 2.4.0 running at 10 %; live version 2.3.9", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, url := releaseMock(t)
			m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 10, false)
			tt.setup(m)
			out, err := apply(t, releaseClient(t, url), 30)
			if n := m.WritesTo(wechat.PathGrayRelease); n != tt.sends {
				t.Errorf("%d sends, want %d", n, tt.sends)
			}
			if tt.errHas != "" {
				var lost *wechat.LostAnswerError
				if !errors.As(err, &lost) || !strings.Contains(err.Error(), tt.errHas) {
					t.Errorf("err = %v, want a LostAnswerError saying %q", err, tt.errHas)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			expectView(t, out, tt.view, "running")
			if len(out.Notes) == 0 || !strings.Contains(out.Notes[len(out.Notes)-1], "was lost") {
				t.Errorf("notes %q, want one about the lost answer", out.Notes)
			}
		})
	}
}

// When WeChat shows neither the write done nor the state before it
// (someone acted meanwhile), or cannot be read, nothing is sent again.
func TestApplyRelease_lostAnswerAndSomethingElse(t *testing.T) {
	for _, tt := range []struct {
		name   string
		meddle func(m *wechatmock.Server)
		errHas string
	}{
		{"reverted meanwhile", func(m *wechatmock.Server) {
			m.SetPlan(relApp, map[string]any{"status": 4, "gray_percentage": 10})
		}, "WeChat now shows no staged release running (plan: deleted); live version 2.3.9"},
		{"WeChat unreadable", func(m *wechatmock.Server) {
			m.SetStandingFault(wechatmock.PathGrayReleasePlan, &wechatmock.Fault{ErrCode: 45009, ErrMsg: "reach max api daily quota limit"})
		}, "could not be read back"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, url := releaseMock(t)
			m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 10, false)
			m.LoseAnswerBeforeEffect(wechat.PathGrayRelease, wechatmock.Fault{HangUp: true})
			c := releaseClient(t, url, func(c *wechat.Config) {
				c.OnAttempt = func(_ context.Context, a wechat.Attempt) {
					if a.Path == wechat.PathGrayRelease {
						tt.meddle(m)
					}
				}
			})
			_, err := apply(t, c, 30)
			var lost *wechat.LostAnswerError
			if !errors.As(err, &lost) || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("err = %v, want a LostAnswerError saying %q", err, tt.errHas)
			}
			if n := m.Writes(); n != 1 {
				t.Errorf("%d sends, want 1", n)
			}
		})
	}
}

func TestRevertStagedRelease(t *testing.T) {
	m, url := releaseMock(t)
	c := releaseClient(t, url)
	out, err := c.RevertStagedRelease(context.Background())
	if err != nil || len(out.Sent) != 0 || m.Writes() != 0 {
		t.Errorf("nothing staged: sent %v (%v), want nothing", out.Sent, err)
	}
	m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 30, true)
	m.LoseAnswerAfterEffect(wechat.PathRevertGrayRelease, wechatmock.Fault{HangUp: true})
	out, err = c.RevertStagedRelease(context.Background())
	if err != nil || m.WritesTo(wechat.PathRevertGrayRelease) != 1 || out.State.Plan.StatusName() != "deleted" {
		t.Errorf("paused: %v, %d reverts, plan %s; want one revert, read back deleted", err, m.WritesTo(wechat.PathRevertGrayRelease), out.State)
	}
	m.SetPlan(relApp, map[string]any{"status": 3, "gray_percentage": 100})
	if out, err = c.RevertStagedRelease(context.Background()); err != nil || len(out.Sent) != 0 {
		t.Errorf("finished: sent %v (%v); a full release is never undone", out.Sent, err)
	}
}

// A write that succeeded stays a success when WeChat cannot be read after
// it: the outcome says so and keeps the state read before.
func TestApplyRelease_readBackFails(t *testing.T) {
	m, url := releaseMock(t)
	c := releaseClient(t, url, func(c *wechat.Config) {
		c.MaxRetries = 0
		c.OnAttempt = func(_ context.Context, a wechat.Attempt) {
			if a.Path == wechat.PathGrayRelease {
				m.SetStandingFault(wechatmock.PathGrayReleasePlan, &wechatmock.Fault{Status: 503})
			}
		}
	})
	out, err := apply(t, c, 10)
	if err != nil || out.ReadBackErr == nil || m.Writes() != 1 {
		t.Fatalf("err %v, read-back error %v, %d writes; want a success that says WeChat could not be read", err, out.ReadBackErr, m.Writes())
	}
	if v := out.State.View(); v.Version == nil || *v.Version != "2.3.9" {
		t.Errorf("state %s, want the one read before the write", out.State)
	}
}

// Apply decides on what WeChat says now, not on an answer the plan's read
// left in the share window: a raise made meanwhile in the console is a
// conflict, not a write WeChat would refuse.
func TestApplyRelease_readsAfresh(t *testing.T) {
	m, url := releaseMock(t)
	m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 10, false)
	c := releaseClient(t, url, func(c *wechat.Config) { c.ShareWindow = time.Minute })
	if _, err := c.GetReleaseState(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 50, false)
	_, err := apply(t, c, 30)
	var conflict *wechat.ReleaseConflict
	if !errors.As(err, &conflict) || conflict.Kind != wechat.ConflictLowerPercentage || m.Writes() != 0 {
		t.Errorf("err = %v, %d writes; want the conflict with WeChat's 50 %% and no write", err, m.Writes())
	}
}

// A WeChat whose getversioninfo shows the staged version as
// release_version (undocumented; VersionInfoShowsStaged) loses the answer
// of a raise before acting. "Live == the target's version" proves nothing
// then: the raise is sent once more, not taken for done at 10 %.
func TestApplyRelease_lostRaiseNotTakenForDoneWhenVersionInfoShowsStaged(t *testing.T) {
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

// The same WeChat answers /wxa/release during the staged release with
// 85052 (already released): a refusal of a full release while a staged
// one runs, as 85020 is. The staged release is raised to 100 instead, and
// the note says which errcode WeChat gave.
func TestApplyRelease_85052WhileStagedRaisesTo100(t *testing.T) {
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
	if log := m.WriteLog(); len(log) != 2 || log[1].Body != `{"gray_percentage":100}` || len(out.Notes) != 1 || !strings.Contains(out.Notes[0], "errcode 85052") {
		t.Errorf("writes %+v, notes %q; want the refused release, then grayrelease at 100, and a note naming 85052", log, out.Notes)
	}
}

// getversioninfo without its objects is documented live drift. A
// /wxa/release whose answer is lost after it took effect cannot be seen
// in that answer: it is not sent a second time, and the error says that
// WeChat's answers cannot tell.
func TestApplyRelease_lostReleaseWithoutReleaseInfoIsNotSentTwice(t *testing.T) {
	m, url := releaseMock(t)
	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{VersionInfoNoObjects: true})
	m.LoseAnswerAfterEffect(wechat.PathRelease, wechatmock.Fault{HangUp: true})
	_, err := apply(t, releaseClient(t, url), 100)
	if n := m.WritesTo(wechat.PathRelease); n != 1 {
		t.Errorf("%d /wxa/release sends, want 1: WeChat's answers could not show whether the first acted (err %v)", n, err)
	}
	var lost *wechat.LostAnswerError
	if !errors.As(err, &lost) || !lost.Undecidable || !strings.Contains(err.Error(), "cannot show whether it acted: WeChat now shows no staged release running (plan: none); no live version shown") {
		t.Errorf("err = %v, want a LostAnswerError that says WeChat's answers cannot tell", err)
	}
}

// getversioninfo without release_info, again: a full release that WeChat
// answered ok. The second apply of the same target, knowing the state
// (2.4.0 at 100, as the provider passes it), sends nothing; a create that
// knows nothing sends /wxa/release, and WeChat's 85052 with no live
// version shown is a success.
func TestApplyRelease_fullReleaseWithoutReleaseInfoSecondApplySendsNothing(t *testing.T) {
	m, url := releaseMock(t)
	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{VersionInfoNoObjects: true})
	c := releaseClient(t, url)
	if _, err := apply(t, c, 100); err != nil {
		t.Fatal(err)
	}
	out, err := applyKnowing(t, c, 100, &wechat.ReleaseTarget{Version: "2.4.0", Percentage: 100})
	if n := m.Writes(); n != 1 || err != nil {
		t.Errorf("%d writes, err %v (sent %v); want one write in all and the second apply a no-op", n, err, out)
	}
	out, err = apply(t, c, 100)
	if err != nil || m.WritesTo(wechat.PathRelease) != 2 || len(out.Notes) != 1 || !strings.Contains(out.Notes[0], "names no live version") {
		t.Errorf("a create knowing nothing: err %v, %d releases, notes %q; want the 85052 taken as done", err, m.WritesTo(wechat.PathRelease), out.Notes)
	}
}

// A WeChat that takes /wxa/release during a staged release by raising the
// staged release to 100 % (running, not finished; whether it finishes is
// undocumented) and drops the answer. WeChat then shows the target
// exactly: a success.
func TestApplyRelease_lostReleaseThatReachedTheTargetIsASuccess(t *testing.T) {
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
