package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// opsNow is the time the ops tests run at: 10:00 on 2026-03-02 in Beijing,
// when 2026-03-01 is the latest day the datacube serves.
var opsNow = time.Date(2026, 3, 2, 10, 0, 0, 0, wechat.Beijing)

// opsFactories is a provider whose clock agrees with the mock's.
func opsFactories(now time.Time) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"wechat": providerserver.NewProtocol6WithError(&wechatProvider{version: "test", clientOpts: fastWaits,
			now: func() time.Time { return now }}),
	}
}

// newOpsMock is newMock with the clock at opsNow and seeded ops data.
func newOpsMock(t *testing.T) (*wechatmock.Server, string) {
	t.Helper()
	m, url := newMock(t)
	m.SetClock(func() time.Time { return opsNow })
	seedOps(m, testAppID, opsNow)
	return m, url
}

// seedOps gives appID JS errors, logs, domains, visits and a quota around now.
func seedOps(m *wechatmock.Server, appID string, now time.Time) {
	today := wechat.BeijingDay(now).Format(wechat.DateLayout)
	m.SetJSErrors(appID,
		wechatmock.JSErrorSeed{Date: today, AppVersion: "1.4.2", ErrType: 1, Message: "a is undefined", Stack: "at pay (pages/pay/pay.js:10)", PV: 45, UV: 9},
		wechatmock.JSErrorSeed{Date: today, AppVersion: "1.4.2", ErrType: 3, Message: "framework hiccup", Stack: "at wx", PV: 15, UV: 3},
		wechatmock.JSErrorSeed{Date: today, AppVersion: "1.4.1", ErrType: 1, Message: "old bug", Stack: "at old", PV: 100, UV: 50},
	)
	m.SetRealtimeLogs(appID,
		wechatmock.LogEntry{Time: now.Add(-20 * time.Minute), ID: "oUser1", Platform: 2, URL: "pages/pay/pay", FilterMsg: "v1.4.2",
			TraceID: "trace-1", LibraryVersion: "3.4.0", ClientVersion: "8.0.50",
			Messages: []wechatmock.LogMessage{{Time: now.Add(-20 * time.Minute), Level: 8, Text: []string{"pay failed", "code 500"}}}},
		wechatmock.LogEntry{Time: now.Add(-10 * time.Minute), ID: "oUser2", Platform: 1, URL: "pages/index/index", FilterMsg: "v1.4.2",
			TraceID: "trace-2", Messages: []wechatmock.LogMessage{{Time: now.Add(-10 * time.Minute), Level: 2, Text: []string{"hello"}}}},
	)
	m.SetDomains(appID, wechatmock.Domains{
		Request: []string{"https://api.example.com", "https://api-next.example.com"}, WSRequest: []string{"wss://ws.example.com"},
		Upload: []string{"https://upload.example.com"}, Download: []string{"https://cdn.example.com"}, Biz: []string{"https://h5.example.com"},
	})
	yesterday := wechat.BeijingDay(now).AddDate(0, 0, -1).Format(wechat.DateLayout)
	m.SetVisitTrend(appID, yesterday, wechatmock.VisitTrend{SessionCnt: 1082, VisitPV: 9220, VisitUV: 640, VisitUVNew: 88,
		StayTimeUV: 86.0586, StayTimeSession: 50.5, VisitDepth: 2.4})
	m.SetQuota(appID, wechat.PathJSErrList, wechatmock.Quota{DailyLimit: 500, Used: 460, Remain: 40,
		RateLimit: &wechatmock.RateLimit{CallCount: 100, RefreshSecond: 60}})
}
