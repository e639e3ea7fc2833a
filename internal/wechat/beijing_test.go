package wechat

import (
	"strings"
	"testing"
	"time"
)

func TestBeijingDay_crossesMidnightAtSixteenUTC(t *testing.T) {
	for _, tt := range []struct {
		utc  string
		want string
	}{
		{"2026-03-01T15:59:59Z", "2026-03-01"},
		{"2026-03-01T16:00:00Z", "2026-03-02"},
		{"2026-03-01T00:00:00Z", "2026-03-01"},
	} {
		at, _ := time.Parse(time.RFC3339, tt.utc)
		if got := BeijingDay(at).Format(DateLayout); got != tt.want {
			t.Errorf("BeijingDay(%s) = %s, want %s", tt.utc, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	d, err := ParseDate("2026-03-02")
	if err != nil || d.Format(time.RFC3339) != "2026-03-02T00:00:00+08:00" {
		t.Fatalf("got %v, %v", d, err)
	}
	for _, bad := range []string{"20260302", "2026-3-2", "2026-02-30", ""} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestDateChecks(t *testing.T) {
	now, _ := time.Parse(time.RFC3339, "2026-03-02T01:30:00+08:00") // 2026-03-01 17:30 UTC
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	day := func(s string) time.Time { d, _ := ParseDate(s); return d }
	tests := []struct {
		name string
		err  error
		want string // "" for no error
	}{
		{"range today", CheckDateRange(day("2026-03-01"), day("2026-03-02"), now), ""},
		{"range ends tomorrow", CheckDateRange(day("2026-03-01"), day("2026-03-03"), now), "end_date: 2026-03-03 is in the future"},
		{"range reversed", CheckDateRange(day("2026-03-02"), day("2026-03-01"), now), "start_date: 2026-03-02 is after end_date"},
		{"window in the last hour across UTC midnight", CheckRealtimeWindow(at("2026-03-02T00:30:00+08:00"), now, now), ""},
		{"window crossing Beijing midnight", CheckRealtimeWindow(at("2026-03-01T23:30:00+08:00"), now, now), "same Beijing day as begin_time (2026-03-01)"},
		{"window reversed", CheckRealtimeWindow(now, now.Add(-time.Minute), now), "begin_time: is after end_time"},
		{"window 6 days back", CheckRealtimeWindow(at("2026-02-24T10:00:00+08:00"), at("2026-02-24T11:00:00+08:00"), now), ""},
		{"window 7 days back", CheckRealtimeWindow(at("2026-02-23T10:00:00+08:00"), at("2026-02-23T11:00:00+08:00"), now), "more than 6 days back"},
		{"window tomorrow", CheckRealtimeWindow(at("2026-03-03T10:00:00+08:00"), at("2026-03-03T11:00:00+08:00"), now), "in the future"},
		{"visit trend yesterday", CheckVisitTrendDate(day("2026-03-01"), now), ""},
		{"visit trend today", CheckVisitTrendDate(day("2026-03-02"), now), "2026-03-02 is not over yet in Beijing; the latest day WeChat serves is 2026-03-01"},
		{"visit trend yesterday in UTC is today in Beijing", CheckVisitTrendDate(at("2026-03-01T17:00:00Z"), now), "not over yet"},
		{"cgi path", CheckCGIPath("/wxaapi/log/jserr_list"), ""},
		{"cgi path with host", CheckCGIPath("https://api.weixin.qq.com/wxa/x"), "cgi_path: must be an API path"},
		{"cgi path with query", CheckCGIPath("/wxa/x?access_token=1"), "cgi_path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			switch {
			case tt.want == "" && tt.err != nil:
				t.Fatalf("unexpected error: %v", tt.err)
			case tt.want != "" && (tt.err == nil || !strings.Contains(tt.err.Error(), tt.want)):
				t.Fatalf("got %v, want %q", tt.err, tt.want)
			}
		})
	}
}
