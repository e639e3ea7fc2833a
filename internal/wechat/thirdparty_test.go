package wechat_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const (
	componentAppID = "wx00000000000000c1"
	fleetApp       = "wx00000000000a1000"
	tokenPrefix    = "TP-"
)

// platform is a mock with a third-party platform, and a client whose token
// command is the test token program in mode.
type platform struct {
	mock   *wechatmock.Server
	client *wechat.Client
	state  string // the token program's record of its runs
}

// fleetID is the appid of the i-th mini program of a test fleet.
func fleetID(i int) string { return fmt.Sprintf("wx%016x", 0xa1000+i) }

// startPlatform seeds n authorizers (fleetID(0) = fleetApp, …) with set 18
// and their tokens as the test program hands them out.
func startPlatform(t *testing.T, mode string, n int) *platform {
	t.Helper()
	m, url := startMock(t)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fleetID(i)
	}
	m.SeedFleet(componentAppID, tokenPrefix, ids...)
	bin, err := wechatmock.BuildTokenFake()
	if err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(t.TempDir(), "runs.jsonl")
	tc, err := wechat.NewTokenCommand(wechat.TokenCommandConfig{Command: bin, Args: []string{"-mode", mode, "-state", state, "-prefix", tokenPrefix},
		ComponentAppID: componentAppID, Timeout: 20 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, url, func(c *wechat.Config) { c.Secret, c.AppID, c.TokenCommand = "", fleetApp, tc })
	t.Cleanup(func() {
		if m.Writes() != 0 || m.Mints() != 0 {
			t.Errorf("the client sent %d writes and %d token mints", m.Writes(), m.Mints())
		}
	})
	return &platform{mock: m, client: c, state: state}
}

func (p *platform) runs(t *testing.T) []wechatmock.TokenFakeRun {
	t.Helper()
	runs, err := wechatmock.ReadTokenRuns(p.state)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

func TestGetVersionInfo_decodes(t *testing.T) {
	s := func(v string) *string { return &v }
	at := func(unix int64) *time.Time { v := time.Unix(unix, 0).UTC(); return &v }
	both := map[string]any{
		"exp_info":     map[string]any{"exp_time": 1700000000, "exp_version": "1.1.0", "exp_desc": "trial"},
		"release_info": map[string]any{"release_time": 1690000000, "release_version": "1.0.0", "release_desc": "live"},
	}
	tests := []struct {
		name string
		info map[string]any
		opts wechatmock.ThirdPartyOptions
		want wechat.VersionInfo
	}{
		{"both versions", both, wechatmock.ThirdPartyOptions{}, wechat.VersionInfo{
			Release: &wechat.Version{Version: s("1.0.0"), Description: s("live"), Time: at(1690000000)},
			Trial:   &wechat.Version{Version: s("1.1.0"), Description: s("trial"), Time: at(1700000000)}}},
		{"no objects (live drift)", both, wechatmock.ThirdPartyOptions{VersionInfoNoObjects: true}, wechat.VersionInfo{}},
		{"empty live version stays empty", both, wechatmock.ThirdPartyOptions{VersionInfoEmptyVersions: true}, wechat.VersionInfo{
			Release: &wechat.Version{Version: s(""), Description: s(""), Time: at(1690000000)},
			Trial:   &wechat.Version{Version: s("1.1.0"), Description: s("trial"), Time: at(1700000000)}}},
		{"fields absent, numbers for strings", map[string]any{"release_info": map[string]any{"release_version": 2, "release_time": "1690000000"}},
			wechatmock.ThirdPartyOptions{}, wechat.VersionInfo{Release: &wechat.Version{Version: s("2"), Time: at(1690000000)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startPlatform(t, "good", 1)
			p.mock.SetVersionInfo(fleetApp, tt.info)
			p.mock.SetThirdPartyOptions(tt.opts)
			got, err := p.client.GetVersionInfo(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(deref(got.Release), deref(got.Trial)) != fmt.Sprint(deref(tt.want.Release), deref(tt.want.Trial)) {
				t.Errorf("got release %s trial %s, want %s and %s", deref(got.Release), deref(got.Trial), deref(tt.want.Release), deref(tt.want.Trial))
			}
		})
	}
}

// deref prints a version's values rather than its pointers.
func deref(v *wechat.Version) string {
	if v == nil {
		return "<nil>"
	}
	str := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return fmt.Sprintf("%q", *p)
	}
	t := "<nil>"
	if v.Time != nil {
		t = v.Time.Format(time.RFC3339)
	}
	return fmt.Sprintf("{%s %s %s}", str(v.Version), str(v.Description), t)
}

func TestGetLatestAuditStatus_decodes(t *testing.T) {
	tests := []struct {
		name     string
		audit    map[string]any
		opts     wechatmock.ThirdPartyOptions
		wantName string
		wantID   int64
		wantShot string
	}{
		{"approved, examples' spelling", map[string]any{"auditid": 1234567, "status": 0, "ScreenShot": "m1|m2|", "submit_audit_time": 1700000000}, wechatmock.ThirdPartyOptions{}, "approved", 1234567, "m1,m2"},
		{"rejected, table's spelling, auditid as a string", map[string]any{"auditid": 7, "status": 1, "reason": "", "ScreenShot": "x"},
			wechatmock.ThirdPartyOptions{AuditLowercaseScreenshot: true, AuditIDAsString: true}, "rejected", 7, "x"},
		{"in review", map[string]any{"auditid": 8, "status": 2}, wechatmock.ThirdPartyOptions{}, "in_review", 8, ""},
		{"withdrawn", map[string]any{"auditid": 9, "status": 3}, wechatmock.ThirdPartyOptions{}, "withdrawn", 9, ""},
		{"delayed", map[string]any{"auditid": 10, "status": 4, "reason": "holiday"}, wechatmock.ThirdPartyOptions{}, "delayed", 10, ""},
		{"undocumented status 5", map[string]any{"auditid": 11, "status": 5}, wechatmock.ThirdPartyOptions{}, "unknown", 11, ""},
		{"no code submitted (86001)", nil, wechatmock.ThirdPartyOptions{}, "none", 0, ""},
		{"no valid audit id (85058)", nil, wechatmock.ThirdPartyOptions{NoAuditCode: 85058}, "none", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startPlatform(t, "good", 1)
			p.mock.SetLatestAudit(fleetApp, tt.audit)
			p.mock.SetThirdPartyOptions(tt.opts)
			got, err := p.client.GetLatestAuditStatus(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got.StatusName() != tt.wantName {
				t.Errorf("status name %q, want %q", got.StatusName(), tt.wantName)
			}
			if got == nil {
				return
			}
			if got.AuditID == nil || *got.AuditID != tt.wantID || strings.Join(got.ScreenShots, ",") != tt.wantShot {
				t.Errorf("audit id %v, screenshots %q; want %d and %q", got.AuditID, got.ScreenShots, tt.wantID, tt.wantShot)
			}
		})
	}
}

func TestGetAuthorizers_allPagesSortedWithoutDuplicates(t *testing.T) {
	const n = 1203
	p := startPlatform(t, "good", 0)
	// Added in reverse so that the list's order is not the sorted one.
	for i := n - 1; i >= 0; i-- {
		p.mock.AddAuthorizer(componentAppID, fleetID(i), "", 18)
	}
	p.mock.SetAuthTime(fleetID(0), 1558000607)
	p.mock.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{ListRepeatsAcrossPages: true})
	got, err := p.client.GetAuthorizers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d authorizers, want %d", len(got), n)
	}
	for i, a := range got {
		if a.AppID != fleetID(i) {
			t.Fatalf("authorizer %d is %s, want %s: sorted by appid", i, a.AppID, fleetID(i))
		}
	}
	if got[0].AuthTime == nil || got[0].AuthTime.Unix() != 1558000607 {
		t.Errorf("auth time %v, want 1558000607", got[0].AuthTime)
	}
	if calls := p.mock.Calls(wechatmock.PathAuthorizerList); calls != 3 {
		t.Errorf("%d list calls for %d accounts, want 3 pages of 500", calls, n)
	}
	if strings.Contains(fmt.Sprintf("%+v", got), wechatmock.RefreshTokenMark) {
		t.Error("a refresh token reached the result")
	}
	if runs := p.runs(t); len(runs) != 1 || runs[0].Request.Kind != "component" || runs[0].Args[len(runs[0].Args)-1] != "get-component" {
		t.Errorf("token runs %+v, want one get-component", runs)
	}
}

// An answer that does not decode is quoted in the error; the refresh
// tokens in it must not be.
func TestGetAuthorizers_brokenAnswerShowsNoRefreshToken(t *testing.T) {
	p := startPlatform(t, "good", 0)
	p.mock.InjectFaults(wechatmock.PathAuthorizerList, wechatmock.Fault{
		Body: `{"total_count":1,"list":[{"refresh_token":"` + wechatmock.RefreshTokenMark + `abc","authorizer_appid":5}]}`})
	_, err := p.client.GetAuthorizers(context.Background())
	if err == nil || strings.Contains(err.Error(), wechatmock.RefreshTokenMark) {
		t.Errorf("got %v; want an error without the refresh token", err)
	}
}

func TestGetAuthorizers_needsAComponentToken(t *testing.T) {
	_, url := startMock(t)
	if _, err := newClient(t, url).GetAuthorizers(context.Background()); !errors.Is(err, wechat.ErrNoComponent) {
		t.Errorf("own-secret client: %v, want ErrNoComponent", err)
	}
}

func TestForApp_oneRunPerAppID(t *testing.T) {
	const n = 30
	p := startPlatform(t, "good", n)
	var wg sync.WaitGroup
	for i := range 3 * n {
		wg.Go(func() {
			c, err := p.client.ForApp(fleetID(i % n))
			if err == nil {
				_, err = c.GetVersionInfo(context.Background())
			}
			if err != nil {
				t.Error(err)
			}
		})
	}
	wechat.Within(t, "the fleet's reads", wg.Wait)
	runs := p.runs(t)
	perApp := map[string]int{}
	for _, r := range runs {
		perApp[r.Request.AppID]++
	}
	if len(runs) != n || len(perApp) != n {
		t.Errorf("%d runs for %d appids (%v); want one each", len(runs), n, perApp)
	}
}

func TestForApp_ownCredentialsServeOnlyTheirApp(t *testing.T) {
	_, url := startMock(t)
	c := newClient(t, url)
	if same, err := c.ForApp(appID); err != nil || same != c {
		t.Errorf("ForApp(own appid) = %v, %v", same, err)
	}
	var other *wechat.OtherAppError
	if _, err := c.ForApp(fleetApp); !errors.As(err, &other) || !strings.Contains(err.Error(), "only a token command serves other appids") {
		t.Errorf("ForApp(another appid) with a secret: %v", err)
	}
}

func TestThirdParty_wrongTokenKinds(t *testing.T) {
	m, url := startMock(t)
	own := newClient(t, url)
	ready := newClient(t, url, func(c *wechat.Config) { c.Secret, c.AccessToken = "", "READY-OWN" })
	m.AddAccessToken(appID, "READY-OWN")
	tests := []struct {
		name       string
		call       func() error
		used       wechat.TokenKind
		likely     bool
		code       int64
		wantInText string
	}{
		{"own token on version info (40014 survives a fresh token)", func() error { _, err := own.GetVersionInfo(context.Background()); return err },
			wechat.TokenKindOwn, true, 40014, "probably needs an authorizer token and was called with an own token"},
		{"own token on the audit (86000)", func() error { _, err := own.GetLatestAuditStatus(context.Background()); return err },
			wechat.TokenKindOwn, false, 86000, "takes only an authorizer token and was called with an own token"},
		{"ready-made token on version info", func() error { _, err := ready.GetVersionInfo(context.Background()); return err },
			"", true, 40014, "called with a ready-made access_token of unknown kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var kindErr *wechat.TokenKindError
			if !errors.As(err, &kindErr) {
				t.Fatalf("got %v, want a TokenKindError", err)
			}
			apiErr, _ := wechat.AsAPIError(err)
			if kindErr.Used != tt.used || kindErr.Needed != wechat.TokenKindAuthorizer || kindErr.Likely != tt.likely || apiErr == nil || apiErr.Code != tt.code {
				t.Errorf("got %+v (errcode %v)", kindErr, apiErr)
			}
			if !strings.Contains(err.Error(), tt.wantInText) || apiErr.RID == "" {
				t.Errorf("error %q does not say %q, or lost its rid", err, tt.wantInText)
			}
		})
	}
	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{OwnTokenOnVersionInfo86000: true})
	var kindErr *wechat.TokenKindError
	if _, err := own.GetVersionInfo(context.Background()); !errors.As(err, &kindErr) || kindErr.Likely {
		t.Errorf("86000 on version info: %v, want a certain TokenKindError", err)
	}
}

// A token command that hands out the app's own token is rerun once, with
// reason rejected, and then reported as the wrong kind.
func TestThirdParty_commandHandingOutAnOwnToken(t *testing.T) {
	p := startPlatform(t, "good", 0)
	p.mock.AddAccessToken(appID, tokenPrefix+appID)
	c, err := p.client.ForApp(appID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetVersionInfo(context.Background())
	var kindErr *wechat.TokenKindError
	if !errors.As(err, &kindErr) || !kindErr.Likely || kindErr.Used != wechat.TokenKindAuthorizer {
		t.Fatalf("got %v, want a likely TokenKindError", err)
	}
	runs := p.runs(t)
	if len(runs) != 2 || runs[1].Request.Reason != "rejected" || runs[1].Request.ErrCode != 40014 {
		t.Errorf("runs %+v; want the initial one and one rerun with reason rejected, errcode 40014", runs)
	}
}

func TestThirdParty_retiredTokenIsReplacedOnce(t *testing.T) {
	p := startPlatform(t, "retired", 1)
	if _, err := p.client.GetVersionInfo(context.Background()); err != nil {
		t.Fatal(err)
	}
	runs := p.runs(t)
	if len(runs) != 2 || runs[0].Request.Reason != "initial" || runs[1].Request.Reason != "rejected" || runs[1].Request.ErrCode != 40001 {
		t.Errorf("runs %+v; want initial, then rejected with 40001", runs)
	}
	always := startPlatform(t, "always-retired", 1)
	_, err := always.client.GetVersionInfo(context.Background())
	if !errors.As(err, new(*wechat.TokenKindError)) || len(always.runs(t)) != 2 {
		t.Errorf("a token that stays dead: %v after %d runs; want an error after 2", err, len(always.runs(t)))
	}
}

// Permission and configuration errors never rerun the command: a fresh
// token would only hide them.
func TestThirdParty_permissionErrorsDoNotRerun(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*wechatmock.Server)
		code  int64
	}{
		{"permission set 18 not granted (61007)", func(m *wechatmock.Server) { m.AddAuthorizer(componentAppID, fleetApp, "", 1) }, 61007},
		{"authorization revoked (61003)", func(m *wechatmock.Server) { m.RevokeAuthorization(fleetApp) }, 61003},
		{"caller IP not on the platform's whitelist (61004)", func(m *wechatmock.Server) { m.SetPlatformWhitelist(componentAppID, "203.0.113.9") }, 61004},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startPlatform(t, "good", 1)
			tt.setup(p.mock)
			_, err := p.client.GetLatestAuditStatus(context.Background())
			apiErr, ok := wechat.AsAPIError(err)
			if !ok || apiErr.Code != tt.code || errors.As(err, new(*wechat.TokenKindError)) {
				t.Fatalf("got %v, want errcode %d as it is", err, tt.code)
			}
			if tt.code == 61004 && apiErr.CallerIP() != "127.0.0.1" {
				t.Errorf("CallerIP() = %q, want 127.0.0.1", apiErr.CallerIP())
			}
			if n := len(p.runs(t)); n != 1 {
				t.Errorf("%d runs, want 1", n)
			}
		})
	}
}

func TestThirdParty_grayPlanWithAnAuthorizerToken(t *testing.T) {
	p := startPlatform(t, "good", 2)
	p.mock.SetPlan(fleetID(1), map[string]any{"status": 2, "gray_percentage": 30})
	c, err := p.client.ForApp(fleetID(1))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := c.GetGrayReleasePlan(context.Background())
	if err != nil || plan.StatusName() != "paused" || *plan.GrayPercentage != 30 {
		t.Errorf("plan %+v, %v; want fleetID(1)'s paused plan at 30 %%", plan, err)
	}
}

func TestTokenCommandClient_needsAnAppID(t *testing.T) {
	p := startPlatform(t, "good", 1)
	tc, _ := wechat.NewTokenCommand(wechat.TokenCommandConfig{Command: "unused"})
	_, url := startMock(t)
	c := newClient(t, url, func(c *wechat.Config) { c.Secret, c.AppID, c.TokenCommand = "", "", tc })
	if _, err := c.GetVersionInfo(context.Background()); !errors.Is(err, wechat.ErrNoAppID) {
		t.Errorf("no appid: %v, want ErrNoAppID", err)
	}
	if _, err := p.client.ForApp("wxnothex"); err == nil {
		t.Error("ForApp accepted an invalid appid")
	}
}

// A list whose distinct appids fall short of total_count is an error
// naming both counts: a fleet gate must not pass over the accounts it
// never saw, whether the pages ended early, ignored offset or shifted.
func TestGetAuthorizers_listThatDoesNotAddUpIsAnError(t *testing.T) {
	for _, tt := range []struct {
		name   string
		opts   wechatmock.ThirdPartyOptions
		listed int
	}{
		{"empty from 500", wechatmock.ThirdPartyOptions{ListEmptyFrom: 500}, 500},
		{"offset ignored", wechatmock.ThirdPartyOptions{ListIgnoresOffset: true}, 500},
		{"pages shifted by ten", wechatmock.ThirdPartyOptions{ListRotatesBy: 10}, 510},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := startPlatform(t, "good", 0)
			for i := range 520 {
				p.mock.AddAuthorizer(componentAppID, fleetID(i), "", 18)
			}
			p.mock.SetThirdPartyOptions(tt.opts)
			got, err := p.client.GetAuthorizers(context.Background())
			var short *wechat.IncompleteListError
			if !errors.As(err, &short) || short.Listed != tt.listed || short.Total != 520 ||
				!strings.Contains(err.Error(), fmt.Sprintf("listed %d distinct accounts, but its total_count counts 520", tt.listed)) {
				t.Fatalf("got %d authorizers and error %v, want one naming %d of 520", len(got), err, tt.listed)
			}
		})
	}
}
