package wechatmock_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const (
	componentID = "wx00000000000000c1"
	authzID     = "wx00000000000000a1"
	noSetID     = "wx00000000000000a2"
	authzToken  = "AUTHZ-TOKEN-A1"
	noSetToken  = "AUTHZ-TOKEN-A2"
	compToken   = "COMPONENT-TOKEN"
)

// startPlatform is a mock with an own app, a platform, an authorizer
// with set 18 and one without.
func startPlatform(t *testing.T) (*wechatmock.Server, string, string) {
	t.Helper()
	m, base := start(t)
	m.AddComponentToken(componentID, compToken)
	m.AddAuthorizer(componentID, authzID, authzToken, 18, 1)
	m.AddAuthorizer(componentID, noSetID, noSetToken, 1)
	m.SetPlan(authzID, map[string]any{"status": 3, "gray_percentage": 100})
	m.AddAccessToken(appID, "OWN-TOKEN")
	return m, base, "OWN-TOKEN"
}

// raw calls the mock and decodes any JSON object it answers.
func raw(t *testing.T, method, u, body string) map[string]any {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := testClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if _, ok := out["errcode"]; !ok {
		out["errcode"] = 0.0
	}
	return out
}

func tpErrcode(a map[string]any) int {
	code, _ := a["errcode"].(float64) // absent: 0, as WeChat's successes
	return int(code)
}

func versionInfo(t *testing.T, base, token, body string) map[string]any {
	return raw(t, http.MethodPost, base+wechatmock.PathVersionInfo+"?access_token="+url.QueryEscape(token), body)
}

func latestAudit(t *testing.T, base, token string) map[string]any {
	return raw(t, http.MethodGet, base+wechatmock.PathLatestAuditStatus+"?access_token="+url.QueryEscape(token), "")
}

func authorizerList(t *testing.T, base, param, token string, offset, count int) map[string]any {
	body := fmt.Sprintf(`{"component_appid":%q,"offset":%d,"count":%d}`, componentID, offset, count)
	return raw(t, http.MethodPost, base+wechatmock.PathAuthorizerList+"?"+param+"="+url.QueryEscape(token), body)
}

func TestThirdParty_tokenKindsPerEndpoint(t *testing.T) {
	m, base, own := startPlatform(t)
	m.SetVersionInfo(authzID, map[string]any{"release_info": map[string]any{"release_version": "1.0.0"}})
	m.SetLatestAudit(authzID, map[string]any{"auditid": 7, "status": 0})
	tests := []struct {
		name string
		call func() map[string]any
		want int
	}{
		{"version info, authorizer token", func() map[string]any { return versionInfo(t, base, authzToken, "{}") }, 0},
		{"version info without a body", func() map[string]any { return versionInfo(t, base, authzToken, "") }, 44002},
		{"version info, own token", func() map[string]any { return versionInfo(t, base, own, "{}") }, 40014},
		{"version info, component token", func() map[string]any { return versionInfo(t, base, compToken, "{}") }, 86000},
		{"version info without set 18", func() map[string]any { return versionInfo(t, base, noSetToken, "{}") }, 61007},
		{"version info, made-up token", func() map[string]any { return versionInfo(t, base, "nope", "{}") }, 40001},
		{"version info, no token", func() map[string]any { return versionInfo(t, base, "", "{}") }, 41001},
		{"version info by GET", func() map[string]any {
			return raw(t, http.MethodGet, base+wechatmock.PathVersionInfo+"?access_token="+authzToken, "")
		}, 43002},
		{"audit, authorizer token", func() map[string]any { return latestAudit(t, base, authzToken) }, 0},
		{"audit, own token", func() map[string]any { return latestAudit(t, base, own) }, 86000},
		{"audit, component token", func() map[string]any { return latestAudit(t, base, compToken) }, 86000},
		{"audit without set 18", func() map[string]any { return latestAudit(t, base, noSetToken) }, 61007},
		{"plan, authorizer token", func() map[string]any {
			return raw(t, http.MethodGet, base+wechatmock.PathGrayReleasePlan+"?access_token="+authzToken, "")
		}, 0},
		{"plan, own token", func() map[string]any {
			return raw(t, http.MethodGet, base+wechatmock.PathGrayReleasePlan+"?access_token="+own, "")
		}, 0},
		{"plan, component token", func() map[string]any {
			return raw(t, http.MethodGet, base+wechatmock.PathGrayReleasePlan+"?access_token="+compToken, "")
		}, 48001},
		{"plan without set 18", func() map[string]any {
			return raw(t, http.MethodGet, base+wechatmock.PathGrayReleasePlan+"?access_token="+noSetToken, "")
		}, 61007},
		{"list, component token", func() map[string]any { return authorizerList(t, base, "component_access_token", compToken, 0, 10) }, 0},
		{"list, authorizer token", func() map[string]any { return authorizerList(t, base, "component_access_token", authzToken, 0, 10) }, 61014},
		{"list, own token", func() map[string]any { return authorizerList(t, base, "component_access_token", own, 0, 10) }, 61014},
		{"list, token as access_token", func() map[string]any { return authorizerList(t, base, "access_token", compToken, 0, 10) }, 41001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.call()
			if tpErrcode(got) != tt.want {
				t.Errorf("errcode %d (%v), want %d", tpErrcode(got), got["errmsg"], tt.want)
			}
			if tt.want != 0 && !strings.Contains(fmt.Sprint(got["errmsg"]), "rid: ") {
				t.Errorf("errmsg %q has no rid", got["errmsg"])
			}
		})
	}
}

func TestThirdParty_switches(t *testing.T) {
	m, base, own := startPlatform(t)
	m.SetVersionInfo(authzID, map[string]any{
		"exp_info":     map[string]any{"exp_time": 1700000000, "exp_version": "1.1.0", "exp_desc": "trial"},
		"release_info": map[string]any{"release_time": 1690000000, "release_version": "1.0.0", "release_desc": "live"},
	})
	m.SetLatestAudit(authzID, map[string]any{"auditid": 1234567, "status": 5, "ScreenShot": "a|b"})

	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{OwnTokenOnVersionInfo86000: true, GrayPlanRejectsOwnTokens: true,
		VersionInfoEmptyVersions: true, AuditLowercaseScreenshot: true, AuditIDAsString: true, ComponentAcceptsAccessToken: true})
	if got := versionInfo(t, base, own, "{}"); tpErrcode(got) != 86000 {
		t.Errorf("own token on version info with the 86000 switch: %v", got)
	}
	if got := raw(t, http.MethodGet, base+wechatmock.PathGrayReleasePlan+"?access_token="+own, ""); tpErrcode(got) != 48001 {
		t.Errorf("own token on the plan with the third-party-only switch: %v", got)
	}
	rel := obj(t, versionInfo(t, base, authzToken, "{}")["release_info"])
	if rel["release_version"] != "" || rel["release_desc"] != "" || rel["release_time"] != 1690000000.0 {
		t.Errorf("empty versions switch: %v", rel)
	}
	audit := latestAudit(t, base, authzToken)
	if audit["screenshot"] != "a|b" || audit["ScreenShot"] != nil || audit["auditid"] != "1234567" || audit["status"] != 5.0 {
		t.Errorf("audit with the spelling and string switches: %v", audit)
	}
	if got := authorizerList(t, base, "access_token", compToken, 0, 10); tpErrcode(got) != 0 {
		t.Errorf("component token as access_token with the switch: %v", got)
	}

	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{VersionInfoNoObjects: true, NoAuditCode: 85058})
	if got := versionInfo(t, base, authzToken, "{}"); len(got) != 2 {
		t.Errorf("no-objects switch: %v, want errcode and errmsg only", got)
	}
	m.SetLatestAudit(authzID, nil)
	if got := latestAudit(t, base, authzToken); tpErrcode(got) != 85058 {
		t.Errorf("no audit with the 85058 switch: %v", got)
	}
	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{})
	if got := latestAudit(t, base, authzToken); tpErrcode(got) != 86001 {
		t.Errorf("no audit: %v, want 86001", got)
	}
}

func TestThirdParty_retiredRevokedAndWhitelist(t *testing.T) {
	m, base, _ := startPlatform(t)
	m.SetPlatformWhitelist(componentID, "203.0.113.9")
	got := versionInfo(t, base, authzToken, "{}")
	if tpErrcode(got) != 61004 || !strings.Contains(fmt.Sprint(got["errmsg"]), "requestIP: 127.0.0.1 rid: ") {
		t.Errorf("caller outside the whitelist: %v, want 61004 naming 127.0.0.1", got)
	}
	if got := authorizerList(t, base, "component_access_token", compToken, 0, 10); tpErrcode(got) != 61004 {
		t.Errorf("list from outside the whitelist: %v", got)
	}
	m.SetPlatformWhitelist(componentID, "127.0.0.1")
	if got := versionInfo(t, base, authzToken, "{}"); tpErrcode(got) != 0 {
		t.Errorf("caller on the whitelist: %v", got)
	}
	m.RetireToken(authzToken)
	if got := versionInfo(t, base, authzToken, "{}"); tpErrcode(got) != 40001 {
		t.Errorf("retired authorizer token: %v", got)
	}
	m.RetireToken(compToken)
	if got := authorizerList(t, base, "component_access_token", compToken, 0, 10); tpErrcode(got) != 40001 {
		t.Errorf("retired component token: %v", got)
	}
	m.RevokeAuthorization(noSetID)
	if got := latestAudit(t, base, noSetToken); tpErrcode(got) != 61003 {
		t.Errorf("revoked authorization: %v", got)
	}
}

func TestThirdParty_listPages(t *testing.T) {
	m, base, _ := startPlatform(t)
	for i := 3; i <= 12; i++ {
		m.AddAuthorizer(componentID, fmt.Sprintf("wx%016x", i), "", 18)
	}
	m.SetRefreshToken(noSetID, "", true)
	m.SetRefreshToken(authzID, "", false)
	var seen []string
	for offset := 0; offset < 12; offset += 5 {
		page := authorizerList(t, base, "component_access_token", compToken, offset, 5)
		if page["total_count"] != 12.0 {
			t.Fatalf("total_count %v, want 12", page["total_count"])
		}
		for _, item := range list(t, page["list"]) {
			seen = append(seen, fmt.Sprint(item["authorizer_appid"]))
			rt, has := item["refresh_token"]
			switch id := item["authorizer_appid"]; {
			case id == noSetID && has, id == authzID && rt != "":
				t.Errorf("%s: refresh_token %v", id, rt)
			case id != noSetID && id != authzID && !strings.HasPrefix(fmt.Sprint(rt), wechatmock.RefreshTokenMark):
				t.Errorf("%s: refresh_token %v is not marked", id, rt)
			}
			if _, ok := item["auth_time"].(float64); !ok {
				t.Errorf("%v has no numeric auth_time", item)
			}
		}
	}
	if len(seen) != 12 || seen[0] != authzID || seen[1] != noSetID {
		t.Errorf("pages gave %v", seen)
	}
	for _, count := range []int{0, 501} {
		if got := authorizerList(t, base, "component_access_token", compToken, 0, count); tpErrcode(got) != 40170 {
			t.Errorf("count %d: %v, want 40170 (args count exceed count limit)", count, got)
		}
	}
	ids := func(offset, count int) string {
		var out []string
		for _, item := range list(t, authorizerList(t, base, "component_access_token", compToken, offset, count)["list"]) {
			out = append(out, fmt.Sprint(item["authorizer_appid"]))
		}
		return strings.Join(out, " ")
	}
	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{ListRepeatsAcrossPages: true})
	if got := ids(5, 5); got != strings.Join(seen[4:10], " ") {
		t.Errorf("with repeats, page two is %s, want the last account of page one and the next five", got)
	}
	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{ListIgnoresOffset: true})
	if got := ids(5, 5); got != strings.Join(seen[:5], " ") {
		t.Errorf("ignoring offset, page two is %s, want page one again", got)
	}
	m.SetThirdPartyOptions(wechatmock.ThirdPartyOptions{ListRotatesBy: 2})
	if first, second, third := ids(0, 5), ids(5, 5), ids(10, 5); first != strings.Join(seen[:5], " ") ||
		second != strings.Join(seen[3:8], " ") || third != strings.Join(seen[8:10], " ") {
		t.Errorf("rotating by 2, pages are %s / %s / %s; want two listed twice and the last two never", first, second, third)
	}
}

func TestThirdParty_writesAndMintsAreCounted(t *testing.T) {
	m, base, _ := startPlatform(t)
	history := raw(t, http.MethodGet, base+wechatmock.PathRevertCodeRelease+"?action=get_history_version&access_token="+authzToken, "")
	if tpErrcode(history) != 0 || m.Writes() != 0 {
		t.Fatalf("history read: %v, %d writes", history, m.Writes())
	}
	for _, p := range wechatmock.WritePaths {
		raw(t, http.MethodPost, base+p+"?access_token="+authzToken, "{}")
	}
	raw(t, http.MethodGet, base+wechatmock.PathRevertCodeRelease+"?access_token="+authzToken, "")
	if got, want := m.Writes(), len(wechatmock.WritePaths)+1; got != want {
		t.Errorf("%d writes counted, want %d", got, want)
	}
	for _, p := range wechatmock.MintPaths {
		if got := raw(t, http.MethodPost, base+p, "{}"); tpErrcode(got) != 61006 {
			t.Errorf("%s: %v", p, got)
		}
	}
	if m.Mints() != len(wechatmock.MintPaths) {
		t.Errorf("%d mints counted, want %d", m.Mints(), len(wechatmock.MintPaths))
	}
}
