package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

var _ datasource.DataSourceWithConfigure = (*auditStatusDataSource)(nil)

type auditStatusDataSource struct{ baseDataSource }

func newAuditStatusDataSource() datasource.DataSource {
	return &auditStatusDataSource{baseDataSource{entityBase{name: "audit_status"}}}
}

// auditStatusModel mirrors the schema below; keep them in step.
type auditStatusModel struct {
	AppID           types.String `tfsdk:"appid"`
	AuditID         types.Int64  `tfsdk:"audit_id"`
	Status          types.Int64  `tfsdk:"status"`
	StatusName      types.String `tfsdk:"status_name"`
	Reason          types.String `tfsdk:"reason"`
	Version         types.String `tfsdk:"version"`
	Description     types.String `tfsdk:"description"`
	SubmitTime      types.String `tfsdk:"submit_time"`
	SubmitTimestamp types.Int64  `tfsdk:"submit_timestamp"`
	ScreenShots     types.List   `tfsdk:"screenshot_media_ids"`
}

func (m *auditStatusModel) appIDArg() types.String { return m.AppID }

func (d *auditStatusDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A mini program's latest code audit (审核), from `GET /wxa/get_latest_auditstatus`. " +
			"**Third-party platforms only:** WeChat serves it for an authorizer token (permission set 18), so the provider needs `token_command`. " +
			"It covers code the platform submitted. Every attribute WeChat leaves out is null.",
		Attributes: map[string]schema.Attribute{
			"appid":    appIDDataSourceAttribute(),
			"audit_id": schema.Int64Attribute{MarkdownDescription: "The audit's id (`auditid`).", Computed: true},
			"status": schema.Int64Attribute{
				MarkdownDescription: "WeChat's status number: `0` approved, `1` rejected, `2` in review, `3` withdrawn, `4` delayed.",
				Computed:            true,
			},
			"status_name": schema.StringAttribute{
				MarkdownDescription: "The status as a word: one of `" + strings.Join(wechat.AuditStatusNames(), "`, `") + "`. `unknown` stands for a number WeChat has not documented; " +
					"`none` means there is no audit to report (WeChat's 86001, no code submitted by the platform, or 85058, no valid audit), and every other attribute but `appid` is then null.",
				Computed: true,
			},
			"reason": schema.StringAttribute{
				MarkdownDescription: "Why the audit was rejected (status 1) or delayed (status 4). WeChat has left it empty on rejections.",
				Computed:            true,
			},
			"version":          schema.StringAttribute{MarkdownDescription: "The version submitted (`user_version`).", Computed: true},
			"description":      schema.StringAttribute{MarkdownDescription: "The submitted version's description (`user_desc`).", Computed: true},
			"submit_time":      schema.StringAttribute{MarkdownDescription: "When the code was submitted for audit, in RFC 3339, UTC.", Computed: true},
			"submit_timestamp": schema.Int64Attribute{MarkdownDescription: "`submit_time` in Unix seconds.", Computed: true},
			"screenshot_media_ids": schema.ListAttribute{
				MarkdownDescription: "Media ids of the screenshots the reviewers attached; empty when there are none.",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *auditStatusDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m auditStatusModel
	d.read(ctx, req, resp, &m, func(ctx context.Context, c *wechat.Client) error {
		audit, err := c.GetLatestAuditStatus(ctx)
		if err == nil {
			m.fill(c.AppID(), audit)
		}
		return err
	})
}

// fill maps an audit (nil: none) onto the model; absent values stay null.
func (m *auditStatusModel) fill(appID string, a *wechat.AuditStatus) {
	*m = auditStatusModel{
		AppID:           optionalString(appID),
		StatusName:      types.StringValue(a.StatusName()),
		AuditID:         types.Int64Null(),
		Status:          types.Int64Null(),
		Reason:          types.StringNull(),
		Version:         types.StringNull(),
		Description:     types.StringNull(),
		SubmitTime:      types.StringNull(),
		SubmitTimestamp: types.Int64Null(),
		ScreenShots:     types.ListNull(types.StringType),
	}
	if a == nil {
		return
	}
	m.AuditID = types.Int64PointerValue(a.AuditID)
	m.Status = types.Int64PointerValue(a.Status)
	m.Reason = types.StringPointerValue(a.Reason)
	m.Version = types.StringPointerValue(a.UserVersion)
	m.Description = types.StringPointerValue(a.UserDesc)
	m.SubmitTimestamp, m.SubmitTime = timeValues(a.SubmitTime)
	m.ScreenShots = stringListValue(a.ScreenShots)
}
