package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// Every errcode the references list for the release writes gets its own
// advice, with WeChat's facts last; on another path the code is not read.
func TestExplainRelease_writeCodes(t *testing.T) {
	tests := []struct {
		code    int64
		path    string
		summary string
		advice  string
	}{
		{85079, wechat.PathGrayRelease, "The mini program has no live version yet", "gray_percentage = 100"},
		{85080, wechat.PathGrayRelease, "The version has not passed its audit", "data.wechat_audit_status"},
		{85081, wechat.PathGrayRelease, "WeChat refused the percentage", "1 to 100"},
		{85082, wechat.PathGrayRelease, "WeChat only raises a staged release", "raise gray_percentage to at least that"},
		{85019, wechat.PathRelease, "WeChat has no approved version to release", "Submit the version for audit"},
		{85020, wechat.PathRelease, "WeChat does not allow this release now", "版本管理"},
		{85052, wechat.PathRelease, "WeChat says the version is released already", "terraform plan"},
		{86002, wechat.PathGrayRelease, "The mini program has not finished its setup", "admin"},
		{48001, wechat.PathGrayRelease, "WeChat refused the release write for this platform", "permission set 18 (小程序开发与数据分析, code management)"},
		{61007, wechat.PathRelease, "The mini program has not granted permission set 18", "wechat_release's writes, like its reads, need set 18"},
		{44002, wechat.PathRelease, "WeChat got an empty request body", "bug in the provider"},
		{45011, wechat.PathGrayRelease, "WeChat's per-minute limit refused the release write", "a write is not sent again on its own"},
	}
	for _, tt := range tests {
		err := &wechat.APIError{Path: tt.path, Code: tt.code, Message: "m rid: 0a1b-2c3d", RID: "0a1b-2c3d"}
		d := callDiagnostic(err, "")
		detail := oneLine(d.Detail())
		if d.Summary() != tt.summary || !strings.Contains(detail, tt.advice) || !strings.HasSuffix(detail, "rid: 0a1b-2c3d (quote it to WeChat support)") {
			t.Errorf("%d: %q / %q", tt.code, d.Summary(), d.Detail())
		}
		err.Path = wechat.PathLatestAuditStatus
		if d := callDiagnostic(err, ""); d.Summary() == tt.summary {
			t.Errorf("%d on a read was worded as a write's: %q", tt.code, d.Summary())
		}
	}
	// The token kinds keep the reads' wording on a write too.
	kind := &wechat.TokenKindError{Path: wechat.PathRelease, Used: wechat.TokenKindOwn, Needed: wechat.TokenKindAuthorizer,
		Err: &wechat.APIError{Path: wechat.PathRelease, Code: 86000}}
	if d := callDiagnostic(kind, "stable"); d.Summary() != "This API needs a third-party platform's authorizer token" {
		t.Errorf("an own token on a write: %q", d.Summary())
	}
}

// A lost answer says what WeChat showed and what to do; the -1 inside it
// is not worded as "busy, retried".
func TestExplainRelease_lostAnswer(t *testing.T) {
	live, pct, status, approved := "2.3.9", int64(10), int64(1), int64(0)
	version := "2.4.0"
	now := &wechat.ReleaseState{Live: &live, Plan: &wechat.GrayReleasePlan{Status: &status, GrayPercentage: &pct},
		Audit: &wechat.AuditStatus{Status: &approved, UserVersion: &version}}
	err := &wechat.LostAnswerError{Write: "POST /wxa/grayrelease", Sends: 2, Now: now,
		Err: &wechat.OutcomeUnknownError{Method: "POST", Path: "/wxa/grayrelease", Err: &wechat.APIError{Path: "/wxa/grayrelease", Code: -1, Message: "system error"}}}
	d := callDiagnostic(err, "")
	detail := oneLine(d.Detail())
	for _, want := range []string{"instead of sending POST /wxa/grayrelease blindly again", "Run terraform plan",
		"(sent 2 times) was lost, and WeChat now shows a staged release of 2.4.0 running at 10 %; live version 2.3.9"} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, d.Detail())
		}
	}
	if d.Summary() != "WeChat's answer to a release write was lost" {
		t.Errorf("summary %q", d.Summary())
	}
}

// What refresh stores: WeChat's view, and the model's own values where
// WeChat does not say.
func TestReleaseModel_fill(t *testing.T) {
	live := "2.3.9"
	thirty := int64(30)
	m := releaseModel{AppID: types.StringValue("wx00000000000a1000"), Version: types.StringValue("2.4.0"), GrayPercentage: types.Int64Value(20),
		RevertOnDestroy: types.BoolNull()}
	m.fill(wechat.ReleaseView{Percentage: &thirty, Live: &live, StatusName: "running", Staged: true})
	if m.Version.ValueString() != "2.4.0" || m.GrayPercentage.ValueInt64() != 30 || m.ID != m.AppID || m.LiveVersion.ValueString() != live ||
		m.StatusName.ValueString() != "running" || m.FullyReleased.ValueBool() || m.RevertOnDestroy.IsNull() || m.RevertOnDestroy.ValueBool() {
		t.Errorf("filled %+v", m)
	}
	m.fill(wechat.ReleaseView{Version: &live, StatusName: "none"})
	if m.Version.ValueString() != live || m.GrayPercentage.ValueInt64() != 30 || !m.LiveVersion.IsNull() {
		t.Errorf("a view without percentage or live version: %+v", m)
	}
}
