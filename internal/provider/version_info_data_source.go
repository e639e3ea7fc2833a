package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

var _ datasource.DataSourceWithConfigure = (*versionInfoDataSource)(nil)

type versionInfoDataSource struct{ baseDataSource }

func newVersionInfoDataSource() datasource.DataSource {
	return &versionInfoDataSource{baseDataSource{entityBase{name: "version_info"}}}
}

// versionInfoModel mirrors the schema below; keep them in step.
type versionInfoModel struct {
	AppID              types.String `tfsdk:"appid"`
	ReleaseVersion     types.String `tfsdk:"release_version"`
	ReleaseDescription types.String `tfsdk:"release_description"`
	ReleaseTime        types.String `tfsdk:"release_time"`
	ReleaseTimestamp   types.Int64  `tfsdk:"release_timestamp"`
	TrialVersion       types.String `tfsdk:"trial_version"`
	TrialDescription   types.String `tfsdk:"trial_description"`
	TrialTime          types.String `tfsdk:"trial_time"`
	TrialTimestamp     types.Int64  `tfsdk:"trial_timestamp"`
}

func (m *versionInfoModel) appIDArg() types.String { return m.AppID }

func (d *versionInfoDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A mini program's live (release) and trial (experience, 体验版) versions, from `POST /wxa/getversioninfo`. " +
			"**Third-party platforms only:** WeChat serves it for an authorizer token (permission set 18), so the provider needs `token_command`. " +
			"Versions under review are not listed. Every attribute WeChat leaves out is null; WeChat has answered with neither version, and with `\"\"` for a live version it did have, which stays `\"\"`.",
		Attributes: map[string]schema.Attribute{
			"appid":               appIDDataSourceAttribute(),
			"release_version":     computedString("The live version's number, as its developers named it (WeChat's `release_version`), such as `1.4.2`."),
			"release_description": computedString("The live version's description."),
			"release_time":        computedString("When the live version was released, in RFC 3339, UTC."),
			"release_timestamp":   schema.Int64Attribute{MarkdownDescription: "`release_time` in Unix seconds.", Computed: true},
			"trial_version":       computedString("The trial version's number."),
			"trial_description":   computedString("The trial version's description."),
			"trial_time":          computedString("When the trial version was set, in RFC 3339, UTC."),
			"trial_timestamp":     schema.Int64Attribute{MarkdownDescription: "`trial_time` in Unix seconds.", Computed: true},
		},
	}
}

func (d *versionInfoDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m versionInfoModel
	d.read(ctx, req, resp, &m, func(ctx context.Context, c *wechat.Client) error {
		info, err := c.GetVersionInfo(ctx)
		if err == nil {
			m.fill(c.AppID(), info)
		}
		return err
	})
}

// fill maps the versions onto the model; absent values stay null.
func (m *versionInfoModel) fill(appID string, info *wechat.VersionInfo) {
	m.AppID = optionalString(appID)
	m.ReleaseVersion, m.ReleaseDescription, m.ReleaseTimestamp, m.ReleaseTime = versionValues(info.Release)
	m.TrialVersion, m.TrialDescription, m.TrialTimestamp, m.TrialTime = versionValues(info.Trial)
}

func versionValues(v *wechat.Version) (version, description types.String, timestamp types.Int64, at types.String) {
	if v == nil {
		return types.StringNull(), types.StringNull(), types.Int64Null(), types.StringNull()
	}
	timestamp, at = timeValues(v.Time)
	return types.StringPointerValue(v.Version), types.StringPointerValue(v.Description), timestamp, at
}
