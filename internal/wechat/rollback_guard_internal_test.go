package wechat

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// The client never sends /wxa/revertcoderelease without
// action=get_history_version, however the URL spells it; the read with
// the action goes out. WeChat (the mock) sees no write.
func TestClient_refusesRollbackURL(t *testing.T) {
	m := wechatmock.New()
	base := m.Start()
	t.Cleanup(m.Close)
	m.AddAuthorizer("wx00000000000000c1", cmdAppID, "AUTHZ-TOKEN", wechatmock.PermissionSetCodeManagement)
	c, err := New(Config{BaseURL: base, AppID: cmdAppID, AccessToken: "AUTHZ-TOKEN", MaxRetries: 0})
	if err != nil {
		t.Fatal(err)
	}
	refused := []request{
		{path: "/wxa/revertcoderelease"},
		{path: "/wxa/revertcoderelease", query: url.Values{"app_version": {"12"}}},
		{path: "/wxa/revertcoderelease", query: url.Values{"action": {"rollback"}}},
		{path: "/wxa/revertcoderelease", query: url.Values{"action": {"get_history_version", "x"}}},
		{path: "/wxa/revertcoderelease/"},
		{path: "/wxa//revertcoderelease"},
		{path: "/WXA/RevertCodeRelease"},
		{path: "/wxa/revertcode%72elease"},
	}
	for _, r := range refused {
		r.method = http.MethodGet
		if _, err := callWithFreshToken[writeAnswer](context.Background(), c, r); !errors.Is(err, ErrRollbackRefused) {
			t.Errorf("%s?%s: err = %v, want ErrRollbackRefused", r.path, r.query.Encode(), err)
		}
	}
	if n := m.Calls(wechatmock.PathRevertCodeRelease); n != 0 || m.Writes() != 0 {
		t.Errorf("%d revertcoderelease requests reached WeChat, %d writes; want none", n, m.Writes())
	}
	history := request{method: http.MethodGet, path: "/wxa/revertcoderelease", query: url.Values{"action": {"get_history_version"}}}
	if _, err := callWithFreshToken[writeAnswer](context.Background(), c, history); errors.Is(err, ErrRollbackRefused) {
		t.Errorf("the history read was refused: %v", err)
	}
	if n := m.Calls(wechatmock.PathRevertCodeRelease); n != 1 || m.Writes() != 0 {
		t.Errorf("%d history reads reached WeChat, %d writes; want one read and no write", n, m.Writes())
	}
}
