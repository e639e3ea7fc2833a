package wechat_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// seedJSErrors gives the app n distinct errors, worst first.
func seedJSErrors(m *wechatmock.Server, n int) {
	var seeds []wechatmock.JSErrorSeed
	for i := range n {
		seeds = append(seeds, wechatmock.JSErrorSeed{Date: "2026-03-02", AppVersion: "1", Message: fmt.Sprintf("e%04d", i),
			Stack: "at s", PV: int64(10000 - i), UV: 1})
	}
	m.SetJSErrors(appID, seeds...)
}

// Pages that end before totalCount, or that repeat the first page (offset
// ignored), count each error once and say that errors went unread.
func TestGetJSErrors_pagesThatDoNotAddUp(t *testing.T) {
	for _, tt := range []struct {
		name      string
		drift     wechatmock.Drift
		errors    int
		truncated bool
		maxCalls  int
	}{
		{"every page", wechatmock.Drift{}, 90, false, 3},
		{"offset ignored", wechatmock.Drift{JSErrIgnoresOffset: true}, 30, true, 3},
		{"empty after the first page", wechatmock.Drift{JSErrEmptyFrom: 30}, 30, true, 3},
		{"empty after the second page", wechatmock.Drift{JSErrEmptyFrom: 60}, 60, true, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, c := startOpsMock(t)
			seedJSErrors(m, 90)
			m.SetDrift(tt.drift)
			list, err := c.GetJSErrors(t.Context(), wechat.JSErrorQuery{StartDate: opsNow, EndDate: opsNow})
			if err != nil {
				t.Fatal(err)
			}
			if len(list.Errors) != tt.errors || list.Truncated != tt.truncated || *list.TotalCount != 90 {
				t.Fatalf("%d errors, truncated %v, total %d; want %d, %v, 90", len(list.Errors), list.Truncated, *list.TotalCount, tt.errors, tt.truncated)
			}
			seen := map[string]bool{}
			for _, e := range list.Errors {
				if seen[e.Message] {
					t.Fatalf("%q counted twice", e.Message)
				}
				seen[e.Message] = true
			}
			var want int64
			for i := range tt.errors {
				want += int64(10000 - i)
			}
			if occ, _ := list.Totals(); occ != want {
				t.Errorf("occurrences %d, want %d: each error once", occ, want)
			}
			if n := m.Calls(wechat.PathJSErrList); n > tt.maxCalls {
				t.Errorf("%d calls, want at most %d", n, tt.maxCalls)
			}
		})
	}
}

// A page that adds nothing new ends the read: twenty identical pages would
// spend twenty calls of the daily quota.
func TestGetJSErrors_repeatedPageEndsTheRead(t *testing.T) {
	m, url := startOpsMockAt(t)
	seedJSErrors(m, 600)
	m.SetJSErrPace(wechatmock.Pace{})
	m.SetDrift(wechatmock.Drift{JSErrIgnoresOffset: true})
	c := newClientWith(t, url, []wechat.Option{wechat.WithPagePace(20 * time.Millisecond)})
	list, err := c.GetJSErrors(t.Context(), wechat.JSErrorQuery{StartDate: opsNow, EndDate: opsNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Errors) != 30 || !list.Truncated {
		t.Errorf("%d errors, truncated %v; want 30, true", len(list.Errors), list.Truncated)
	}
	// The second page stops the rest; pages already waiting for their
	// start (at most the concurrency) may still go out.
	if n := m.Calls(wechat.PathJSErrList); n > 1+4 {
		t.Errorf("%d calls, want the reading to stop after the repeated page", n)
	}
}

// Paced, a read of twenty pages keeps to a rate the mock enforces; unpaced,
// the same read is refused with 20011, so the rule bites.
func TestGetJSErrors_pacedPagesAreNotRefused(t *testing.T) {
	m, url := startOpsMockAt(t)
	seedJSErrors(m, wechat.JSErrPageSize*wechat.MaxJSErrPages)
	m.SetJSErrPace(wechatmock.Pace{Calls: 5, Per: 100 * time.Millisecond})
	read := func(pace time.Duration) error {
		c := newClientWith(t, url, []wechat.Option{wechat.WithPagePace(pace)})
		list, err := c.GetJSErrors(t.Context(), wechat.JSErrorQuery{StartDate: opsNow, EndDate: opsNow})
		if err == nil && len(list.Errors) != wechat.JSErrPageSize*wechat.MaxJSErrPages {
			t.Errorf("%d errors read", len(list.Errors))
		}
		return err
	}
	if err := read(50 * time.Millisecond); err != nil {
		t.Fatalf("paced read: %v", err)
	}
	if n := m.RateLimited(); n != 0 {
		t.Errorf("the paced read was refused %d times", n)
	}
	time.Sleep(100 * time.Millisecond)
	_ = read(0)
	if m.RateLimited() == 0 {
		t.Error("the unpaced read was never refused: the mock's rule does not bite")
	}
}

// 20011 on jserr_list and 200010 on userlog_search are waited out once, as
// 45011 is, and the wait is reported; a second one fails the read.
func TestOpsReads_rateLimitCodesAreWaitedOut(t *testing.T) {
	m, c := startOpsMock(t)
	reads := map[string]func(context.Context) error{
		wechat.PathJSErrList: func(ctx context.Context) error {
			_, err := c.GetJSErrors(ctx, wechat.JSErrorQuery{StartDate: opsNow, EndDate: opsNow})
			return err
		},
		wechat.PathRealtimeLogSearch: func(ctx context.Context) error {
			_, err := c.SearchRealtimeLogs(ctx, wechat.RealtimeLogQuery{Begin: opsNow.Add(-time.Hour), End: opsNow})
			return err
		},
	}
	codes := map[string]int{wechat.PathJSErrList: 20011, wechat.PathRealtimeLogSearch: 200010}
	for path, read := range reads {
		t.Run(path, func(t *testing.T) {
			code := codes[path]
			m.InjectFaults(path, wechatmock.Fault{ErrCode: code})
			ctx, report := wechat.WithReport(t.Context())
			if err := read(ctx); err != nil {
				t.Fatalf("one %d: %v, want it waited out", code, err)
			}
			if report.RateLimitWait() == 0 {
				t.Errorf("the wait after %d was not reported", code)
			}
			m.InjectFaults(path, wechatmock.Fault{ErrCode: code}, wechatmock.Fault{ErrCode: code})
			if err := read(t.Context()); !hasCode(int64(code))(err) {
				t.Errorf("two %d: %v, want the second to fail the read", code, err)
			}
		})
	}
}

// Each API's own rate-limit code counts only on its path.
func TestAPIError_isRateLimit(t *testing.T) {
	for _, tt := range []struct {
		path string
		code int64
		want bool
	}{
		{"/any", 45011, true},
		{wechat.PathJSErrList, 20011, true},
		{wechat.PathRealtimeLogSearch, 200010, true},
		{wechat.PathRealtimeLogSearch, 20011, false},
		{wechat.PathJSErrList, 200010, false},
		{wechat.PathGrayReleasePlan, 20011, false},
		{wechat.PathJSErrList, 45009, false},
	} {
		if got := (&wechat.APIError{Path: tt.path, Code: tt.code}).IsRateLimit(); got != tt.want {
			t.Errorf("%d on %s: IsRateLimit %v, want %v", tt.code, tt.path, got, tt.want)
		}
	}
}
