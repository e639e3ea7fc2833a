package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

func beijingAt(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, wechat.Beijing)
	if err != nil {
		panic(err)
	}
	return t
}

func TestRealtimeLogsQuery_defaultWindow(t *testing.T) {
	tests := []struct {
		name       string
		now        string
		begin, end types.String
		window     types.String
		wantBegin  string
		wantEnd    string
	}{
		{"the last hour", "2026-03-02 10:00:00", types.StringNull(), types.StringNull(), types.StringNull(), "2026-03-02 09:00:00", "2026-03-02 10:00:00"},
		{"the last 30 minutes", "2026-03-02 10:00:00", types.StringNull(), types.StringNull(), types.StringValue("30m"), "2026-03-02 09:30:00", "2026-03-02 10:00:00"},
		{"cut at Beijing midnight", "2026-03-02 00:20:00", types.StringNull(), types.StringNull(), types.StringValue("30m"), "2026-03-02 00:00:00", "2026-03-02 00:20:00"},
		{"an earlier day ends at its last second", "2026-03-02 10:00:00", types.StringValue("2026-02-28T08:00:00+08:00"), types.StringNull(), types.StringNull(),
			"2026-02-28 08:00:00", "2026-02-28 23:59:59"},
		{"begin today ends now", "2026-03-02 10:00:00", types.StringValue("2026-03-02T01:00:00Z"), types.StringNull(), types.StringNull(), "2026-03-02 09:00:00", "2026-03-02 10:00:00"},
		{"an hour before a given end", "2026-03-02 10:00:00", types.StringNull(), types.StringValue("2026-03-01T12:30:00+08:00"), types.StringNull(), "2026-03-01 11:30:00", "2026-03-01 12:30:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := realtimeLogsModel{BeginTime: tt.begin, EndTime: tt.end, Window: tt.window}
			q, err := m.query(beijingAt(tt.now))
			if err != nil {
				t.Fatal(err)
			}
			layout := "2006-01-02 15:04:05"
			if got := q.Begin.In(wechat.Beijing).Format(layout); got != tt.wantBegin {
				t.Errorf("begin %s, want %s", got, tt.wantBegin)
			}
			if got := q.End.In(wechat.Beijing).Format(layout); got != tt.wantEnd {
				t.Errorf("end %s, want %s", got, tt.wantEnd)
			}
		})
	}
}

func TestJSErrorsModel_fill(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	var errs []wechat.JSError
	for i := range 12 {
		errs = append(errs, wechat.JSError{Message: fmt.Sprint(i), PV: n(2), UV: n(1)})
	}
	day := beijingAt("2026-03-02 00:00:00")
	q := wechat.JSErrorQuery{StartDate: day, EndDate: day}

	var m jsErrorsModel
	m.Top = types.Int64Null()
	m.fill(q, &wechat.JSErrorList{Errors: errs, Truncated: true})
	if len(m.Errors) != defaultTopErrors || m.DistinctErrors.ValueInt64() != 12 || m.Occurrences.ValueInt64() != 24 ||
		m.AffectedUsers.ValueInt64() != 12 || !m.Truncated.ValueBool() || m.StartDate.ValueString() != "2026-03-02" {
		t.Errorf("fill without totalCount: %+v", m)
	}
	m.Top = types.Int64Value(0)
	m.fill(q, &wechat.JSErrorList{Errors: errs, TotalCount: n(700)})
	if len(m.Errors) != 0 || m.DistinctErrors.ValueInt64() != 700 || m.Errors == nil {
		t.Errorf("top 0 with totalCount: %d errors, distinct %v", len(m.Errors), m.DistinctErrors)
	}
}

func TestOpsModels_absentMeansNull(t *testing.T) {
	var v visitTrendModel
	v.fill(wechat.VisitTrendQuery{Date: beijingAt("2026-03-01 00:00:00")}, nil)
	if v.Ready.ValueBool() || !v.VisitUV.IsNull() || !v.StayTimeUV.IsNull() || v.Date.ValueString() != "2026-03-01" {
		t.Errorf("visit trend not ready: %+v", v)
	}
	var q apiQuotaModel
	q.fill(&wechat.APIQuota{})
	if !q.RateLimit.IsNull() || !q.ComponentRateLimit.IsNull() || !q.Remain.IsNull() {
		t.Errorf("quota without rates: %+v", q)
	}
	var d domainsModel
	d.fill(&wechat.DomainInfo{Request: []string{"https://a.example.com"}})
	if d.UDPDomains == nil || len(d.UDPDomains) != 0 || d.RequestDomains[0].ValueString() != "https://a.example.com" {
		t.Errorf("domains: %+v", d)
	}
}

func TestExplainOpsCode_onlyOnItsPath(t *testing.T) {
	onQuota := callDiagnostic(&wechat.APIError{Path: wechat.PathAPIQuota, Code: 76003, Message: "invalid cgi_path rid: 1"}, "")
	if !strings.Contains(onQuota.Summary(), "cgi_path") {
		t.Errorf("76003 on getApiQuota: %q", onQuota.Summary())
	}
	onRid := callDiagnostic(&wechat.APIError{Path: "/cgi-bin/openapi/rid/get", Code: 76003, Message: "no permission"}, "")
	if strings.Contains(onRid.Summary(), "cgi_path") {
		t.Errorf("76003 on getRidInfo must not be read as getApiQuota's: %q", onRid.Summary())
	}
	today := callDiagnostic(&wechat.APIError{Path: wechat.PathDailyVisitTrend, Code: 61501, Message: "date range error"}, "")
	if today.Summary() != "WeChat refused the date range" || strings.Contains(today.Detail(), "yet") {
		t.Errorf("61501 is a refused range, not data that is not ready: %q\n%s", today.Summary(), today.Detail())
	}
}
