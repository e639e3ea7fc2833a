package wechat_test

import (
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// WeChat refuses an endtime that is not after begintime (200002): a window
// within one second is widened to a second, within its Beijing day.
func TestSearchRealtimeLogs_endtimeAfterBegintime(t *testing.T) {
	m, c := startOpsMock(t)
	midnight := wechat.BeijingDay(opsNow)
	m.SetClock(func() time.Time { return midnight.Add(12 * time.Hour) })
	for name, at := range map[string]time.Time{
		"an instant":             opsNow.Add(-10 * time.Minute),
		"Beijing midnight":       midnight,
		"the day's last second":  midnight.Add(-time.Second),
		"within the same second": opsNow.Add(-10*time.Minute + 300*time.Millisecond),
	} {
		t.Run(name, func(t *testing.T) {
			end := at
			if name == "within the same second" {
				end = at.Add(400 * time.Millisecond)
			}
			page, err := c.SearchRealtimeLogs(t.Context(), wechat.RealtimeLogQuery{Begin: at, End: end})
			if err != nil {
				t.Fatalf("window [%s, %s]: %v", at, end, err)
			}
			if name == "an instant" && (*page.Total != 1 || len(page.Entries) != 1) {
				t.Errorf("the entry logged at that second was not found: %+v", page)
			}
		})
	}
}

// Entries come newest first whatever order WeChat sends them in; it
// documents none.
func TestSearchRealtimeLogs_entriesNewestFirst(t *testing.T) {
	m, c := startOpsMock(t)
	at := func(minutes int) time.Time { return opsNow.Add(time.Duration(minutes) * time.Minute) }
	m.SetRealtimeLogs(appID, wechatmock.LogEntry{Time: at(-50), TraceID: "old"}, wechatmock.LogEntry{Time: at(-5), TraceID: "new"},
		wechatmock.LogEntry{Time: at(-20), TraceID: "mid"})
	m.SetDrift(wechatmock.Drift{LogsOldestFirst: true})
	page, err := c.SearchRealtimeLogs(t.Context(), wechat.RealtimeLogQuery{Begin: at(-60), End: opsNow})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range page.Entries {
		got = append(got, e.TraceID)
	}
	if len(got) != 3 || got[0] != "new" || got[1] != "mid" || got[2] != "old" {
		t.Errorf("entries %v, want new, mid, old", got)
	}
}
