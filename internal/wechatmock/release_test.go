package wechatmock_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func gray(t *testing.T, base, token, body string) map[string]any {
	return raw(t, http.MethodPost, base+wechatmock.PathGrayRelease+"?access_token="+url.QueryEscape(token), body)
}

func release(t *testing.T, base, token, body string) map[string]any {
	return raw(t, http.MethodPost, base+wechatmock.PathRelease+"?access_token="+url.QueryEscape(token), body)
}

func revertGray(t *testing.T, base, token string) map[string]any {
	return raw(t, http.MethodGet, base+wechatmock.PathRevertGrayRelease+"?access_token="+url.QueryEscape(token), "")
}

func expectCode(t *testing.T, what string, got map[string]any, want int) {
	t.Helper()
	if tpErrcode(got) != want {
		t.Errorf("%s: %v, want errcode %d", what, got, want)
	}
}

func expectRelease(t *testing.T, m *wechatmock.Server, want wechatmock.ReleaseSnapshot) {
	t.Helper()
	if got := m.ReleaseState(authzID); got != want {
		t.Errorf("release state %+v, want %+v", got, want)
	}
}

// The refusals of grayrelease, each in a state that has only that fault.
func TestRelease_grayReleaseRefusals(t *testing.T) {
	m, base, own := startPlatform(t)
	expectCode(t, "own token", gray(t, base, own, `{"gray_percentage":10}`), 86000)
	expectCode(t, "no set 18", gray(t, base, noSetToken, `{"gray_percentage":10}`), 61007)
	expectCode(t, "empty body", gray(t, base, authzToken, ""), 44002)
	expectCode(t, "GET", raw(t, http.MethodGet, base+wechatmock.PathGrayRelease+"?access_token="+authzToken, ""), 43002)
	for _, body := range []string{`{}`, `{"gray_percentage":101}`, `{"gray_percentage":-1}`, `{"gray_percentage":"x"}`} {
		expectCode(t, body, gray(t, base, authzToken, body), 85081)
	}
	m.SetLatestAudit(authzID, nil)
	expectCode(t, "no audit", gray(t, base, authzToken, `{"gray_percentage":10}`), 85019)
	m.SeedAudit(authzID, "2.4.0", wechatmock.AuditInReview, "")
	expectCode(t, "in review", gray(t, base, authzToken, `{"gray_percentage":10}`), 85080)
	m.SeedAudit(authzID, "2.4.0", wechatmock.AuditApproved, "")
	m.SetVersionInfo(authzID, nil)
	expectCode(t, "no live version", gray(t, base, authzToken, `{"gray_percentage":10}`), 85079)
	m.SeedStagedRelease(authzID, "2.3.9", "2.4.0", 30, true)
	for _, pct := range []string{"10", "30"} {
		expectCode(t, "below or at 30", gray(t, base, authzToken, `{"gray_percentage":`+pct+`}`), 85082)
	}
	if n := m.WritesTo(wechatmock.PathGrayRelease); n != 13 {
		t.Errorf("%d grayrelease writes logged, want every one of the 13 that arrived", n)
	}
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.3.9", PlanStatus: 2, Percentage: 30, Approved: "2.4.0"})
}

// A staged release starts, rises (a paused one resumes), keeps its start
// and options unless sent, and stays at 100 % running until released.
func TestRelease_grayReleaseRaises(t *testing.T) {
	m, base, _ := startPlatform(t)
	m.SeedReleaseWaiting(authzID, "2.3.9", "2.4.0")
	expectCode(t, "10", gray(t, base, authzToken, `{"gray_percentage":10,"support_debuger_first":true}`), 0)
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.3.9", PlanStatus: 1, Percentage: 10, Approved: "2.4.0"})
	plan := grayPlan(t, base, authzToken)
	if plan["support_debuger_first"] != true || plan["support_experiencer_first"] != false || plan["create_timestamp"] == nil {
		t.Errorf("plan %v; want the flags as sent and a start time", plan)
	}
	expectCode(t, "30", gray(t, base, authzToken, `{"gray_percentage":30}`), 0)
	if again := grayPlan(t, base, authzToken); again["support_debuger_first"] != true || again["create_timestamp"] != plan["create_timestamp"] {
		t.Errorf("raised plan %v; want the first plan's start and options", again)
	}
	expectCode(t, "100", gray(t, base, authzToken, `{"gray_percentage":100}`), 0)
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.3.9", PlanStatus: 1, Percentage: 100, Approved: "2.4.0"})
	if v := versionInfo(t, base, authzToken, "{}"); liveVersionIn(v) != "2.3.9" {
		t.Errorf("getversioninfo during the staged release: %v; want the old live version by default", v)
	}
	m.SetReleaseOptions(wechatmock.ReleaseOptions{VersionInfoShowsStaged: true})
	if v := versionInfo(t, base, authzToken, "{}"); liveVersionIn(v) != "2.4.0" {
		t.Errorf("getversioninfo with VersionInfoShowsStaged: %v; want the staged version", v)
	}
}

func TestRelease_grayReleaseToFullFinishesWhenSwitched(t *testing.T) {
	m, base, _ := startPlatform(t)
	m.SeedStagedRelease(authzID, "2.3.9", "2.4.0", 50, false)
	m.SetReleaseOptions(wechatmock.ReleaseOptions{GrayFullFinishes: true})
	expectCode(t, "100", gray(t, base, authzToken, `{"gray_percentage":100}`), 0)
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.4.0", PlanStatus: 3, Percentage: 100, Approved: "2.4.0"})
}

// A newer version submitted for audit during a staged release: a raise is
// refused (85080) by default, and raises the staged version when
// switched; at 100 % with GrayFullFinishes, that version goes live.
func TestRelease_raiseWhileNewerAudit(t *testing.T) {
	m, base, _ := startPlatform(t)
	m.SeedStagedRelease(authzID, "2.3.9", "2.4.0", 30, false)
	m.SeedAudit(authzID, "2.5.0", wechatmock.AuditInReview, "")
	expectCode(t, "by default", gray(t, base, authzToken, `{"gray_percentage":50}`), 85080)
	m.SetReleaseOptions(wechatmock.ReleaseOptions{RaiseWhileNewerAudit: true, GrayFullFinishes: true})
	expectCode(t, "switched", gray(t, base, authzToken, `{"gray_percentage":50}`), 0)
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.3.9", PlanStatus: 1, Percentage: 50})
	expectCode(t, "to 100", gray(t, base, authzToken, `{"gray_percentage":100}`), 0)
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.4.0", PlanStatus: 3, Percentage: 100})
}

// /wxa/release: the body, an approved version, and a staged release
// finished by it or (switched) refused with 85020.
func TestRelease_release(t *testing.T) {
	m, base, own := startPlatform(t)
	expectCode(t, "own token", release(t, base, own, "{}"), 86000)
	m.SeedAudit(authzID, "2.4.0", wechatmock.AuditRejected, "privacy")
	expectCode(t, "rejected", release(t, base, authzToken, "{}"), 85019)
	m.SeedStagedRelease(authzID, "2.3.9", "2.4.0", 30, false)
	expectCode(t, "empty body", release(t, base, authzToken, ""), 44002)
	m.SetReleaseOptions(wechatmock.ReleaseOptions{ReleaseRefusedWhileStaged: true})
	expectCode(t, "during a staged release, switched", release(t, base, authzToken, "{}"), 85020)
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.3.9", PlanStatus: 1, Percentage: 30, Approved: "2.4.0"})
	m.SetReleaseOptions(wechatmock.ReleaseOptions{})
	expectCode(t, "during a staged release", release(t, base, authzToken, "{}"), 0)
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.4.0", PlanStatus: 3, Percentage: 100, Approved: "2.4.0"})
	expectCode(t, "again", release(t, base, authzToken, "{}"), 85052)
	expectCode(t, "a staged release of the live version", gray(t, base, authzToken, `{"gray_percentage":10}`), 85052)
	if got := m.WritesTo(wechatmock.PathRelease); got != 6 {
		t.Errorf("%d release writes logged, want 6", got)
	}
}

// revertgrayrelease deletes a running or paused plan; without one it
// changes nothing.
func TestRelease_revertGrayRelease(t *testing.T) {
	m, base, own := startPlatform(t)
	expectCode(t, "own token", revertGray(t, base, own), 86000)
	m.SeedReleaseWaiting(authzID, "2.3.9", "2.4.0")
	expectCode(t, "nothing staged", revertGray(t, base, authzToken), 0)
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.3.9", PlanStatus: -1, Approved: "2.4.0"})
	m.SeedStagedRelease(authzID, "2.3.9", "2.4.0", 30, true)
	expectCode(t, "POST", raw(t, http.MethodPost, base+wechatmock.PathRevertGrayRelease+"?access_token="+authzToken, "{}"), 43001)
	expectCode(t, "paused", revertGray(t, base, authzToken), 0)
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.3.9", PlanStatus: 4, Percentage: 30, Approved: "2.4.0"})
}

// A lost answer after the write took effect, and one before: both are
// logged, only the first changes the state.
func TestRelease_lostAnswers(t *testing.T) {
	m, base, _ := startPlatform(t)
	m.SeedStagedRelease(authzID, "2.3.9", "2.4.0", 10, false)
	m.LoseAnswerBeforeEffect(wechatmock.PathGrayRelease, wechatmock.Fault{HangUp: true})
	if err := post(base+wechatmock.PathGrayRelease+"?access_token="+authzToken, `{"gray_percentage":30}`); err == nil {
		t.Error("a hang-up answered")
	}
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.3.9", PlanStatus: 1, Percentage: 10, Approved: "2.4.0"})
	m.LoseAnswerAfterEffect(wechatmock.PathGrayRelease, wechatmock.Fault{HangUp: true})
	if err := post(base+wechatmock.PathGrayRelease+"?access_token="+authzToken, `{"gray_percentage":30}`); err == nil {
		t.Error("a hang-up answered")
	}
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.3.9", PlanStatus: 1, Percentage: 30, Approved: "2.4.0"})
	m.LoseAnswerAfterEffect(wechatmock.PathRelease, wechatmock.Fault{ErrCode: -1, ErrMsg: "system error"})
	expectCode(t, "-1 after effect", release(t, base, authzToken, "{}"), -1)
	expectRelease(t, m, wechatmock.ReleaseSnapshot{Live: "2.4.0", PlanStatus: 3, Percentage: 100, Approved: "2.4.0"})
	log := m.WriteLog()
	if len(log) != 3 || log[0].AppID != authzID || log[0].Body != `{"gray_percentage":30}` || log[2].Path != wechatmock.PathRelease || log[2].At.IsZero() {
		t.Errorf("write log %+v", log)
	}
	if m.Writes() != 3 {
		t.Errorf("Writes() = %d, want 3", m.Writes())
	}
}

// post sends a request whose answer may never come.
func post(u, body string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

// liveVersionIn is getversioninfo's release_version.
func liveVersionIn(answer map[string]any) any {
	rel, _ := answer["release_info"].(map[string]any)
	return rel["release_version"]
}

func grayPlan(t *testing.T, base, token string) map[string]any {
	t.Helper()
	plan, _ := raw(t, http.MethodGet, base+wechatmock.PathGrayReleasePlan+"?access_token="+url.QueryEscape(token), "")["gray_release_plan"].(map[string]any)
	return plan
}
