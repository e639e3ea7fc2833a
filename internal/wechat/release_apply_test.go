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

// apply moves the fixture's app to 2.4.0 (the approved version) at pct.
func apply(t *testing.T, c *wechat.Client, pct int64) (*wechat.ReleaseOutcome, error) {
	t.Helper()
	return c.ApplyRelease(context.Background(), wechat.ReleaseTarget{Version: "2.4.0", Percentage: pct}, wechat.GrayFlags{})
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
		m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 30, false)
		m.SetReleaseOptions(wechatmock.ReleaseOptions{VersionInfoShowsStaged: true})
		m.InjectFaults(wechat.PathRelease, wechatmock.Fault{ErrCode: 85052, ErrMsg: "already released"})
		out, err := apply(t, releaseClient(t, url), 100)
		if err != nil || len(out.Notes) != 1 || !strings.Contains(out.Notes[0], "released already") {
			t.Errorf("err = %v, notes %q; want a success that says WeChat had released it", err, out.Notes)
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
