package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// mockProviderData is a configured provider block's data against a mock.
func mockProviderData(t *testing.T, url string) *providerData {
	t.Helper()
	cfg := wechat.Config{AppID: testAppID, Secret: testSecret, BaseURL: url, MaxRetries: 1}
	client, err := wechat.New(cfg, fastWaits...)
	if err != nil {
		t.Fatal(err)
	}
	return &providerData{client: client, appID: testAppID, tokenAPI: wechat.TokenAPIStable, secrets: cfg.Credentials()}
}

// A read that waited out WeChat's per-minute limit succeeds and says so.
func TestEntityBase_callWarnsAfterRateLimitWait(t *testing.T) {
	mock, url := newMock(t)
	mock.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: 45011})
	b := entityBase{name: "gray_release_plan", data: mockProviderData(t, url)}
	var diags diag.Diagnostics
	ok := b.call(context.Background(), &diags, func(ctx context.Context, c *wechat.Client) error {
		_, err := c.GetGrayReleasePlan(ctx)
		return err
	})
	if !ok || diags.HasError() || diags.WarningsCount() != 1 {
		t.Fatalf("want success with one warning, got ok=%v:\n%s", ok, diagText(diags))
	}
	if text := diagText(diags); !strings.Contains(text, "Waited for WeChat's per-minute limit") || !strings.Contains(text, "then succeeded") {
		t.Errorf("the warning does not say it waited:\n%s", text)
	}
}

func TestEntityBase_callBeforeConfigure(t *testing.T) {
	var diags diag.Diagnostics
	b := entityBase{name: "x"}
	if b.call(context.Background(), &diags, func(context.Context, *wechat.Client) error { return nil }) ||
		!strings.Contains(diagText(diags), "Provider not configured") {
		t.Errorf("a read before Configure must fail clearly, got %s", diagText(diags))
	}
}
