package wechat_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// A gateway's JSON is not "no plan": a release gate testing
// status_name != "paused" would pass on it.
func TestClient_answerWithoutErrcodeOrPlanIsNotWeChat(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		notWeChat bool
		wantPlan  bool
	}{
		{"gateway JSON", `{"message":"Forbidden"}`, true, false},
		{"empty object", `{}`, true, false},
		{"null plan, no errcode", `{"gray_release_plan":null}`, true, false},
		{"errcode 0, no plan", `{"errcode":0,"errmsg":"ok"}`, false, false},
		{"plan without errcode", `{"gray_release_plan":{"status":1}}`, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, url := startMock(t)
			c := newClient(t, url)
			if _, err := c.AccessToken(context.Background()); err != nil {
				t.Fatal(err)
			}
			m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Body: tt.body})
			plan, err := c.GetGrayReleasePlan(context.Background())
			var bad *wechat.BadResponseError
			isNotWeChat := errors.As(err, &bad) && bad.NotWeChat
			if isNotWeChat != tt.notWeChat {
				t.Fatalf("got plan %v, error %v; want NotWeChat %v", plan, err, tt.notWeChat)
			}
			if tt.notWeChat && (!strings.Contains(err.Error(), "base_url") || !strings.Contains(err.Error(), "proxy")) {
				t.Errorf("the error does not point at base_url and proxies: %v", err)
			}
			if !tt.notWeChat && (err != nil || (plan != nil) != tt.wantPlan) {
				t.Errorf("got plan %v, error %v; want a plan: %v", plan, err, tt.wantPlan)
			}
		})
	}
}

func TestClient_tokenAnswerWithoutErrcodeOrTokenIsNotWeChat(t *testing.T) {
	m, url := startMock(t)
	m.InjectFaults(wechatmock.PathStableToken, wechatmock.Fault{Body: `{"message":"Forbidden","hint":"MARKER"}`})
	_, err := newClient(t, url).AccessToken(context.Background())
	var bad *wechat.BadResponseError
	if !errors.As(err, &bad) || !bad.NotWeChat {
		t.Fatalf("want a NotWeChat BadResponseError, got %v", err)
	}
	if strings.Contains(err.Error(), "MARKER") {
		t.Errorf("a token call's error shows its body: %v", err)
	}
	if m.TokenCalls() != 1 {
		t.Errorf("%d token calls, want 1: a foreign answer is not retried", m.TokenCalls())
	}
}
