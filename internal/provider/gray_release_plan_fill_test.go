package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

func TestGrayReleasePlanModel_fill(t *testing.T) {
	var m grayReleasePlanModel
	m.fill(testAppID, nil)
	if m.StatusName.ValueString() != "none" || !m.Status.IsNull() || !m.GrayPercentage.IsNull() || !m.CreateTime.IsNull() {
		t.Errorf("no plan: want status_name none and null fields, got %+v", m)
	}

	status, pct := int64(2), int64(30)
	created := time.Unix(1517553721, 0)
	m.fill("", &wechat.GrayReleasePlan{Status: &status, GrayPercentage: &pct, CreateTime: &created})
	want := grayReleasePlanModel{
		AppID:                   types.StringNull(),
		Status:                  types.Int64Value(2),
		StatusName:              types.StringValue("paused"),
		GrayPercentage:          types.Int64Value(30),
		FullyReleased:           types.BoolValue(false),
		CreateTimestamp:         types.Int64Value(1517553721),
		CreateTime:              types.StringValue("2018-02-02T06:42:01Z"),
		DefaultFinishTimestamp:  types.Int64Null(),
		DefaultFinishTime:       types.StringNull(),
		SupportDebugerFirst:     types.BoolNull(),
		SupportExperiencerFirst: types.BoolNull(),
	}
	if m != want {
		t.Errorf("fill =\n%+v\nwant\n%+v", m, want)
	}
}
