package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func TestAnswerReuseWindow_values(t *testing.T) {
	tests := []struct {
		value   string
		want    time.Duration
		wantErr bool
	}{
		{"5s", 5 * time.Second, false},
		{"0s", 0, false},
		{"0", 0, false},
		{"500ms", 500 * time.Millisecond, false},
		{"1m", time.Minute, false},
		{"61s", 0, true},
		{"-1s", 0, true},
		{"5", 0, true},
		{"soon", 0, true},
	}
	for _, tt := range tests {
		got, err := answerReuseWindow(types.StringValue(tt.value))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("%q: got %s, %v; want %s, error %v", tt.value, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !strings.Contains(err.Error(), "0s to turn reuse off") {
			t.Errorf("%q: the error does not say how to turn reuse off: %v", tt.value, err)
		}
	}
}

func TestClientConfig_answerReuseWindow(t *testing.T) {
	base := providerModel{AppID: types.StringValue(testAppID), Secret: types.StringValue(testSecret)}
	for _, tt := range []struct {
		value types.String
		want  time.Duration
	}{
		{types.StringNull(), wechat.DefaultShareWindow},
		{types.StringValue("0s"), 0},
		{types.StringValue("2s"), 2 * time.Second},
	} {
		m := base
		m.AnswerReuseWindow = tt.value
		cfg, diags := m.clientConfig(env{}.get)
		if diags.HasError() || cfg.ShareWindow != tt.want {
			t.Errorf("%s: share window %s, want %s; diagnostics:\n%s", tt.value, cfg.ShareWindow, tt.want, diagText(diags))
		}
	}
	m := base
	m.AnswerReuseWindow = types.StringUnknown()
	if _, diags := m.clientConfig(env{}.get); !strings.Contains(diagText(diags), "The provider needs answer_reuse_window") {
		t.Errorf("an unknown answer_reuse_window is not refused:\n%s", diagText(diags))
	}
}

// Twenty modules reading the same plan in one run ask WeChat once.
func TestProvider_identicalReadsShareOneCall(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	const reads = 20
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + fmt.Sprintf(`
data "wechat_gray_release_plan" "many" {
  count = %d
}
`, reads),
			// Runs after the step's first command, the apply that read all 20.
			Check: func(*terraform.State) error {
				if n := mock.Calls(wechatmock.PathGrayReleasePlan); n != 1 {
					return fmt.Errorf("%d reads of one plan made %d plan calls, want 1", reads, n)
				}
				if n := mock.TokenCalls(); n != 1 {
					return fmt.Errorf("%d token calls, want 1", n)
				}
				return nil
			},
		}},
	})
	// Every later command is a provider process of its own, and asks again.
	if p, tok := mock.Calls(wechatmock.PathGrayReleasePlan), mock.TokenCalls(); p != tok {
		t.Errorf("%d plan calls for %d provider processes (token calls), want one each", p, tok)
	}
}

func TestProvider_answerReuseWindowCheckedAtValidate(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      providerConfig(url, `answer_reuse_window = "-5s"`) + planDataSource,
			ExpectError: errorPattern("Invalid answer_reuse_window", `answer_reuse_window: "-5s" is not a duration from 0s to 1m0s`), // the validator's wording
		}},
	})
	if n := mock.TokenCalls() + mock.Calls(wechatmock.PathGrayReleasePlan); n != 0 {
		t.Errorf("a bad answer_reuse_window made %d calls to WeChat, want none", n)
	}
}
