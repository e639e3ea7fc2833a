package wechat_test

import (
	"context"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func TestReport_rateLimitWait(t *testing.T) {
	limit := wechatmock.Fault{ErrCode: 45011, ErrMsg: "api minute-quota reach limit"}
	tests := []struct {
		name    string
		path    string
		faults  []wechatmock.Fault
		reads   int
		wantErr bool
		want    time.Duration
	}{
		{"no limit", wechatmock.PathGrayReleasePlan, nil, 1, false, 0},
		{"one wait", wechatmock.PathGrayReleasePlan, []wechatmock.Fault{limit}, 1, false, 10 * time.Millisecond},
		{"a wait on the token call", wechatmock.PathStableToken, []wechatmock.Fault{limit}, 1, false, 10 * time.Millisecond},
		{"limited again after the wait", wechatmock.PathGrayReleasePlan, []wechatmock.Fault{limit, limit}, 1, true, 10 * time.Millisecond},
		{"two reads, one context", wechatmock.PathGrayReleasePlan, []wechatmock.Fault{limit, {}, limit}, 2, false, 20 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, url := startMock(t)
			c := newClient(t, url)
			if tt.path != wechatmock.PathStableToken {
				if _, err := c.AccessToken(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			m.InjectFaults(tt.path, tt.faults...)
			ctx, report := wechat.WithReport(context.Background())
			for range tt.reads {
				if _, err := c.GetGrayReleasePlan(ctx); (err != nil) != tt.wantErr {
					t.Errorf("error %v, want one: %v", err, tt.wantErr)
				}
			}
			if got := report.RateLimitWait(); got != tt.want {
				t.Errorf("RateLimitWait() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReport_withoutReportContext(t *testing.T) {
	m, url := startMock(t)
	m.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: 45011})
	if _, err := newClient(t, url).GetGrayReleasePlan(context.Background()); err != nil {
		t.Fatal(err)
	}
}
