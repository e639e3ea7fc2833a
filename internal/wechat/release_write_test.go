package wechat_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// The release fixture: one mini program authorized to a platform, live
// at 2.3.9 with 2.4.0 approved, and a client holding its authorizer token.
const (
	relApp   = "wx00000000000000a1"
	relToken = "AUTHZ-TOKEN-REL"
)

func releaseMock(t *testing.T) (*wechatmock.Server, string) {
	t.Helper()
	m := wechatmock.New()
	url := m.Start()
	t.Cleanup(m.Close)
	m.AddAuthorizer(componentAppID, relApp, relToken, wechatmock.PermissionSetCodeManagement)
	m.SeedReleaseWaiting(relApp, "2.3.9", "2.4.0")
	return m, url
}

func releaseClient(t *testing.T, url string, edit ...func(*wechat.Config)) *wechat.Client {
	t.Helper()
	return newClient(t, url, append([]func(*wechat.Config){func(c *wechat.Config) {
		c.Secret, c.AppID, c.AccessToken = "", relApp, relToken
	}}, edit...)...)
}

// The three writes' requests as WeChat documents them; the flags only
// when set.
func TestWrite_requests(t *testing.T) {
	m, url := releaseMock(t)
	c := releaseClient(t, url)
	ctx := context.Background()
	yes, no := true, false
	if err := c.GrayRelease(ctx, 10, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.GrayRelease(ctx, 20, &yes, &no); err != nil {
		t.Fatal(err)
	}
	if err := c.Release(ctx); err != nil {
		t.Fatal(err)
	}
	m.SeedStagedRelease(relApp, "2.4.0", "2.5.0", 10, false)
	if err := c.RevertGrayRelease(ctx); err != nil {
		t.Fatal(err)
	}
	want := []wechatmock.WriteRecord{
		{Method: "POST", Path: wechat.PathGrayRelease, AppID: relApp, Body: `{"gray_percentage":10}`, InFlight: 1},
		{Method: "POST", Path: wechat.PathGrayRelease, AppID: relApp, Body: `{"gray_percentage":20,"support_debuger_first":true,"support_experiencer_first":false}`, InFlight: 1},
		{Method: "POST", Path: wechat.PathRelease, AppID: relApp, Body: `{}`, InFlight: 1},
		{Method: "GET", Path: wechat.PathRevertGrayRelease, AppID: relApp, Body: ``, InFlight: 1},
	}
	log := m.WriteLog()
	if len(log) != len(want) {
		t.Fatalf("writes %+v, want %+v", log, want)
	}
	for i, w := range log {
		w.At = time.Time{}
		if w != want[i] {
			t.Errorf("write %d: %+v, want %+v", i, w, want[i])
		}
	}
}

// Every way an answer can be lost comes back as OutcomeUnknownError after
// one send; a clear refusal comes back as WeChat's errcode.
func TestWrite_lostAnswersAreNotRetried(t *testing.T) {
	tests := []struct {
		name  string
		fault wechatmock.Fault
	}{
		{"errcode -1", wechatmock.Fault{ErrCode: -1, ErrMsg: "system error"}},
		{"HTTP 503", wechatmock.Fault{Status: 503}},
		{"HTTP 429", wechatmock.Fault{Status: 429}},
		{"hang-up", wechatmock.Fault{HangUp: true}},
		{"truncated", wechatmock.Fault{Truncate: true}},
		{"timeout", wechatmock.Fault{Delay: 3 * time.Second}},
		{"not WeChat's", wechatmock.Fault{Body: `{"message":"Forbidden"}`}},
		{"broken JSON", wechatmock.Fault{Body: `{"errcode":0,`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, url := releaseMock(t)
			c := releaseClient(t, url, func(c *wechat.Config) { c.RequestTimeout = 300 * time.Millisecond })
			m.LoseAnswerBeforeEffect(wechat.PathRelease, tt.fault)
			err := c.Release(context.Background())
			if !wechat.IsOutcomeUnknown(err) {
				t.Errorf("err = %v (%T), want an OutcomeUnknownError", err, err)
			}
			if n := m.WritesTo(wechat.PathRelease); n != 1 {
				t.Errorf("%d sends, want 1", n)
			}
		})
	}
	m, url := releaseMock(t)
	c := releaseClient(t, url)
	m.SetLatestAudit(relApp, nil)
	err := c.GrayRelease(context.Background(), 10, nil, nil)
	if apiErr, ok := wechat.AsAPIError(err); !ok || apiErr.Code != wechat.CodeNoApprovedVersion || wechat.IsOutcomeUnknown(err) {
		t.Errorf("err = %v, want WeChat's 85019", err)
	}
}

// A stale token is a refusal before WeChat acted: one fresh token from
// the command, and one more send.
func TestWrite_staleTokenIsRefreshedOnce(t *testing.T) {
	m, url := releaseMock(t)
	bin, err := wechatmock.BuildTokenFake()
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(t.TempDir(), "runs.jsonl")
	tc, err := wechat.NewTokenCommand(wechat.TokenCommandConfig{Command: bin, Args: []string{"-mode", "retired", "-state", state, "-prefix", "TP-"},
		ComponentAppID: componentAppID, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	m.AddAuthorizer(componentAppID, relApp, "TP-"+relApp, wechatmock.PermissionSetCodeManagement)
	c := newClient(t, url, func(c *wechat.Config) { c.Secret, c.AppID, c.TokenCommand = "", relApp, tc })
	if err := c.Release(context.Background()); err != nil {
		t.Fatal(err)
	}
	if log := m.WriteLog(); len(log) != 2 || log[0].AppID != "" || log[1].AppID != relApp {
		t.Errorf("writes %+v; want one refused for its retired token, then one with the fresh token", log)
	}
	if live := m.ReleaseState(relApp).Live; live != "2.4.0" {
		t.Errorf("live %q, want 2.4.0", live)
	}
}

// An own token on a write is the token-kind error the reads give.
func TestWrite_ownTokenIsATokenKindError(t *testing.T) {
	m, url := releaseMock(t)
	m.AddApp(appID, secret)
	c := newClient(t, url)
	err := c.GrayRelease(context.Background(), 10, nil, nil)
	var kind *wechat.TokenKindError
	if !errors.As(err, &kind) || kind.Needed != wechat.TokenKindAuthorizer || kind.Used != wechat.TokenKindOwn {
		t.Errorf("err = %v, want a TokenKindError for an own token", err)
	}
}

// After a write the app's shared answers are gone: a read within the
// share window asks WeChat again. A fresh-answers context never shares.
func TestShare_writeDropsTheAppsAnswers(t *testing.T) {
	m, url := releaseMock(t)
	m.SeedStagedRelease(relApp, "2.3.9", "2.4.0", 10, false)
	c := releaseClient(t, url, func(c *wechat.Config) { c.ShareWindow = time.Minute })
	ctx := context.Background()
	read := func() int64 {
		t.Helper()
		p, err := c.GetGrayReleasePlan(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return *p.GrayPercentage
	}
	read()
	if err := c.GrayRelease(ctx, 30, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != 30 {
		t.Errorf("the read after the write saw %d %%, want 30: a shared answer from before the write", got)
	}
	read()
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 2 {
		t.Errorf("%d plan calls, want 2: one before the write, one after it shared by the next read", n)
	}
	if _, err := c.GetGrayReleasePlan(wechat.WithFreshAnswers(ctx)); err != nil {
		t.Fatal(err)
	}
	if n := m.Calls(wechatmock.PathGrayReleasePlan); n != 3 {
		t.Errorf("%d plan calls, want 3: a fresh read asks WeChat", n)
	}
}
