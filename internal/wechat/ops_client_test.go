package wechat_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// opsNow is 10:00 on 2026-03-02 in Beijing.
var opsNow = time.Date(2026, 3, 2, 10, 0, 0, 0, wechat.Beijing)

func startOpsMock(t *testing.T) (*wechatmock.Server, *wechat.Client) {
	t.Helper()
	m, url := startOpsMockAt(t)
	return m, newClient(t, url)
}

// startOpsMockAt is startOpsMock for tests that build their own clients.
func startOpsMockAt(t *testing.T) (*wechatmock.Server, string) {
	t.Helper()
	m, url := startMock(t)
	m.SetClock(func() time.Time { return opsNow })
	m.SetJSErrors(appID,
		wechatmock.JSErrorSeed{Date: "2026-03-02", AppVersion: "1.4.2", ErrType: 1, Message: "a is undefined", Stack: "at a", PV: 30, UV: 3},
		wechatmock.JSErrorSeed{Date: "2026-03-02", AppVersion: "1.4.2", ErrType: 1, Message: "b failed", Stack: "at b", PV: 10, UV: 1})
	m.SetRealtimeLogs(appID, wechatmock.LogEntry{Time: opsNow.Add(-10 * time.Minute), ID: "o1", Platform: 2, URL: "pages/pay/pay",
		FilterMsg: "v1.4.2", TraceID: "t1", LibraryVersion: "3.0.0", ClientVersion: "8.0.50",
		Messages: []wechatmock.LogMessage{{Time: opsNow.Add(-10 * time.Minute), Level: 8, Text: []string{"boom", "again"}}}})
	m.SetDomains(appID, wechatmock.Domains{Request: []string{"https://api.example.com"}, Biz: []string{"https://h5.example.com"}})
	m.SetVisitTrend(appID, "2026-03-01", wechatmock.VisitTrend{SessionCnt: 1082, VisitPV: 9220, VisitUV: 640, VisitUVNew: 88,
		StayTimeUV: 86.0586, StayTimeSession: 50.5, VisitDepth: 2.4})
	m.SetQuota(appID, "/wxaapi/log/jserr_list", wechatmock.Quota{DailyLimit: 500, Used: 10, Remain: 490,
		RateLimit: &wechatmock.RateLimit{CallCount: 100, RefreshSecond: 60}})
	return m, url
}

// opsSnapshot reads all five APIs; every drift must give the same values.
type opsSnapshot struct {
	JSErrors *wechat.JSErrorList
	Logs     *wechat.RealtimeLogPage
	Domains  *wechat.DomainInfo
	Visits   *wechat.DailyVisitTrend
	Quota    *wechat.APIQuota
}

func readOps(t *testing.T, c *wechat.Client) opsSnapshot {
	t.Helper()
	var s opsSnapshot
	var err error
	ctx := t.Context()
	if s.JSErrors, err = c.GetJSErrors(ctx, wechat.JSErrorQuery{AppVersion: "1.4.2", StartDate: opsNow, EndDate: opsNow}); err != nil {
		t.Fatal(err)
	}
	if s.Logs, err = c.SearchRealtimeLogs(ctx, wechat.RealtimeLogQuery{Begin: opsNow.Add(-time.Hour), End: opsNow, Level: wechat.LogLevelError}); err != nil {
		t.Fatal(err)
	}
	if s.Domains, err = c.GetDomainInfo(ctx, wechat.DomainQuery{}); err != nil {
		t.Fatal(err)
	}
	if s.Visits, err = c.GetDailyVisitTrend(ctx, wechat.VisitTrendQuery{Date: opsNow.AddDate(0, 0, -1)}); err != nil {
		t.Fatal(err)
	}
	if s.Quota, err = c.GetAPIQuota(ctx, wechat.APIQuotaQuery{CGIPath: "/wxaapi/log/jserr_list"}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOpsReads_everyDriftDecodesAlike(t *testing.T) {
	m, c := startOpsMock(t)
	want := readOps(t, c)

	if e := want.JSErrors.Errors; len(e) != 2 || e[0].Message != "a is undefined" || *e[0].PV != 30 || *e[0].PVPercent != 75 || *want.JSErrors.TotalCount != 2 {
		t.Fatalf("JS errors: %+v", want.JSErrors)
	}
	if occ, users := want.JSErrors.Totals(); occ != 40 || users != 4 {
		t.Errorf("totals %d, %d", occ, users)
	}
	if l := want.Logs; *l.Total != 1 || l.Entries[0].TraceID != "t1" || l.Entries[0].Messages[0].Msg != `["boom","again"]` ||
		!l.Entries[0].Time.Equal(opsNow.Add(-10*time.Minute)) {
		t.Fatalf("logs: %+v", l)
	}
	if d := want.Domains; d.Request[0] != "https://api.example.com" || d.Biz[0] != "https://h5.example.com" || d.UDP == nil || len(d.UDP) != 0 {
		t.Fatalf("domains: %+v", d)
	}
	if v := want.Visits; v == nil || *v.VisitUV != 640 || *v.StayTimeUV != 86.0586 || v.RefDate != "20260301" {
		t.Fatalf("visits: %+v", v)
	}
	if q := want.Quota; *q.Remain != 490 || *q.RateLimit.CallCount != 100 || q.ComponentRateLimit != nil {
		t.Fatalf("quota: %+v", q)
	}

	for _, d := range []wechatmock.Drift{
		{QuotaNestedInQuota: true},
		{NumbersAsStrings: true},
		{DatacubeNoErrcode: true},
		{ExtraKeys: true},
		{QuotaNestedInQuota: true, NumbersAsStrings: true, DatacubeNoErrcode: true, ExtraKeys: true},
	} {
		t.Run(fmt.Sprintf("%+v", d), func(t *testing.T) {
			m.SetDrift(d)
			if got := readOps(t, c); !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
	t.Run("msg as object", func(t *testing.T) {
		m.SetDrift(wechatmock.Drift{LogMsgAsObject: true})
		got := readOps(t, c)
		if msg := got.Logs.Entries[0].Messages[0].Msg; msg != `{"0":"boom","1":"again"}` {
			t.Errorf("msg %s", msg)
		}
	})
	t.Run("empty lists left out", func(t *testing.T) {
		m.SetDrift(wechatmock.Drift{DomainsOmitEmpty: true})
		if d := readOps(t, c).Domains; d.UDP != nil || d.Request[0] != "https://api.example.com" {
			t.Errorf("domains %+v", d)
		}
	})
}

func TestGetJSErrors_readsEveryPageUpToTheCap(t *testing.T) {
	for _, tt := range []struct {
		errors, calls int
		truncated     bool
	}{
		{0, 1, false},
		{30, 1, false},
		{31, 2, false},
		{75, 3, false},
		{wechat.JSErrPageSize * wechat.MaxJSErrPages, wechat.MaxJSErrPages, false},
		{wechat.JSErrPageSize*wechat.MaxJSErrPages + 1, wechat.MaxJSErrPages, true},
	} {
		t.Run(fmt.Sprint(tt.errors), func(t *testing.T) {
			m, c := startOpsMock(t)
			var seeds []wechatmock.JSErrorSeed
			for i := range tt.errors {
				seeds = append(seeds, wechatmock.JSErrorSeed{Date: "2026-03-02", AppVersion: "1", Message: fmt.Sprintf("e%04d", i), PV: int64(10000 - i), UV: 1})
			}
			m.SetJSErrors(appID, seeds...)
			m.SetJSErrPace(wechatmock.Pace{}) // the client is unpaced here
			m.ResetCounts()
			list, err := c.GetJSErrors(t.Context(), wechat.JSErrorQuery{StartDate: opsNow, EndDate: opsNow})
			if err != nil {
				t.Fatal(err)
			}
			want := min(tt.errors, wechat.JSErrPageSize*wechat.MaxJSErrPages)
			if len(list.Errors) != want || list.Truncated != tt.truncated || *list.TotalCount != int64(tt.errors) {
				t.Fatalf("%d errors, truncated %v, total %d; want %d, %v", len(list.Errors), list.Truncated, *list.TotalCount, want, tt.truncated)
			}
			for i, e := range list.Errors {
				if e.Message != fmt.Sprintf("e%04d", i) {
					t.Fatalf("error %d is %q: pages out of order", i, e.Message)
				}
			}
			if n := m.Calls(wechat.PathJSErrList); n != tt.calls {
				t.Errorf("%d calls, want %d", n, tt.calls)
			}
		})
	}
}

func TestGetJSErrors_aFailedPageFailsTheRead(t *testing.T) {
	m, c := startOpsMock(t)
	var seeds []wechatmock.JSErrorSeed
	for i := range 100 {
		seeds = append(seeds, wechatmock.JSErrorSeed{Date: "2026-03-02", Message: fmt.Sprint(i), PV: 1})
	}
	m.SetJSErrors(appID, seeds...)
	m.InjectFaults(wechat.PathJSErrList, wechatmock.Fault{}, wechatmock.Fault{ErrCode: 45009})
	_, err := c.GetJSErrors(t.Context(), wechat.JSErrorQuery{StartDate: opsNow, EndDate: opsNow})
	if !hasCode(45009)(err) {
		t.Fatalf("got %v, want errcode 45009", err)
	}
}

func TestOpsReads_errcodes(t *testing.T) {
	_, c := startOpsMock(t)
	ctx := t.Context()
	_, err := c.GetDailyVisitTrend(ctx, wechat.VisitTrendQuery{Date: opsNow})
	if !hasCode(wechat.CodeDateRange)(err) {
		t.Errorf("visit trend today: %v", err)
	}
	for path, code := range map[string]int64{"/wxa/unknown": wechat.CodeCgiPathNotFound, "/sns/jscode2session": wechat.CodeTokenNotPathOwner, "wxa": wechat.CodeBadPathOrRid} {
		if _, err := c.GetAPIQuota(ctx, wechat.APIQuotaQuery{CGIPath: path}); !hasCode(code)(err) {
			t.Errorf("quota %s: %v, want %d", path, err, code)
		}
	}
	v, err := c.GetDailyVisitTrend(ctx, wechat.VisitTrendQuery{Date: opsNow.AddDate(0, 0, -2)})
	if err != nil || v != nil {
		t.Errorf("a day without data: %+v, %v; want nil (no data yet)", v, err)
	}
}

// A gateway's JSON must not read as "no errors" or "no data yet": a gate
// would pass on it.
func TestOpsReads_gatewayJSONIsNotWeChat(t *testing.T) {
	m, c := startOpsMock(t)
	gateway := wechatmock.Fault{Body: `{"message":"Forbidden"}`}
	ctx := t.Context()
	for path, read := range map[string]func() error{
		wechat.PathJSErrList: func() error {
			_, err := c.GetJSErrors(ctx, wechat.JSErrorQuery{StartDate: opsNow, EndDate: opsNow})
			return err
		},
		wechat.PathRealtimeLogSearch: func() error {
			_, err := c.SearchRealtimeLogs(ctx, wechat.RealtimeLogQuery{Begin: opsNow.Add(-time.Hour), End: opsNow})
			return err
		},
		wechat.PathDomainInfo: func() error { _, err := c.GetDomainInfo(ctx, wechat.DomainQuery{}); return err },
		wechat.PathDailyVisitTrend: func() error {
			_, err := c.GetDailyVisitTrend(ctx, wechat.VisitTrendQuery{Date: opsNow.AddDate(0, 0, -1)})
			return err
		},
		wechat.PathAPIQuota: func() error { _, err := c.GetAPIQuota(ctx, wechat.APIQuotaQuery{CGIPath: "/x"}); return err },
	} {
		t.Run(path, func(t *testing.T) {
			m.InjectFaults(path, gateway)
			var bad *wechat.BadResponseError
			if err := read(); !errors.As(err, &bad) || !bad.NotWeChat {
				t.Errorf("got %v, want a not-WeChat answer", err)
			}
		})
	}
}

// A totalCount too large to page through means "read the cap"; adding a
// page's worth to it must not wrap around. A negative one is a broken
// answer.
func TestGetJSErrors_hugeAndNegativeTotals(t *testing.T) {
	for _, tt := range []struct {
		total     string
		wantCalls int
		wantErr   bool
	}{
		{"9223372036854775807", wechat.MaxJSErrPages, false},
		{"9223372036854775790", wechat.MaxJSErrPages, false},
		{"-1", 1, true},
		{"-9223372036854775808", 1, true},
	} {
		t.Run(tt.total, func(t *testing.T) {
			m, c := startOpsMock(t)
			var seeds []wechatmock.JSErrorSeed
			for i := range wechat.JSErrPageSize * wechat.MaxJSErrPages {
				seeds = append(seeds, wechatmock.JSErrorSeed{Date: "2026-03-02", AppVersion: "1", Message: fmt.Sprintf("e%04d", i), PV: 1, UV: 1})
			}
			m.SetJSErrors(appID, seeds...)
			m.SetJSErrPace(wechatmock.Pace{}) // the client is unpaced here
			m.ResetCounts()
			m.InjectFaults(wechat.PathJSErrList, wechatmock.Fault{Body: `{"errcode":0,"data":[{"errorMsg":"first"}],"totalCount":` + tt.total + `}`})
			list, err := c.GetJSErrors(t.Context(), wechat.JSErrorQuery{StartDate: opsNow, EndDate: opsNow})
			var bad *wechat.BadResponseError
			switch {
			case tt.wantErr:
				if !errors.As(err, &bad) || !strings.Contains(err.Error(), "negative") {
					t.Errorf("got %v, want a BadResponseError about a negative totalCount", err)
				}
			case err != nil:
				t.Fatal(err)
			case !list.Truncated || len(list.Errors) != 1+(wechat.MaxJSErrPages-1)*wechat.JSErrPageSize:
				t.Errorf("%d errors, truncated %v; want the cap read and truncated", len(list.Errors), list.Truncated)
			}
			if n := m.Calls(wechat.PathJSErrList); n != tt.wantCalls {
				t.Errorf("%d calls, want %d", n, tt.wantCalls)
			}
		})
	}
}
