package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

var _ datasource.DataSourceWithConfigure = (*grayReleasePlanDataSource)(nil)

type grayReleasePlanDataSource struct{ baseDataSource }

func newGrayReleasePlanDataSource() datasource.DataSource {
	return &grayReleasePlanDataSource{baseDataSource{entityBase{name: "gray_release_plan"}}}
}

// grayReleasePlanModel mirrors the schema below; keep them in step.
type grayReleasePlanModel struct {
	AppID                   types.String `tfsdk:"appid"`
	Status                  types.Int64  `tfsdk:"status"`
	StatusName              types.String `tfsdk:"status_name"`
	GrayPercentage          types.Int64  `tfsdk:"gray_percentage"`
	FullyReleased           types.Bool   `tfsdk:"fully_released"`
	CreateTimestamp         types.Int64  `tfsdk:"create_timestamp"`
	CreateTime              types.String `tfsdk:"create_time"`
	DefaultFinishTimestamp  types.Int64  `tfsdk:"default_finish_timestamp"`
	DefaultFinishTime       types.String `tfsdk:"default_finish_time"`
	SupportDebugerFirst     types.Bool   `tfsdk:"support_debuger_first"`
	SupportExperiencerFirst types.Bool   `tfsdk:"support_experiencer_first"`
}

func (d *grayReleasePlanDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The mini program's current staged release (分阶段发布, \"gray release\"), from `GET /wxa/getgrayreleaseplan`. " +
			"Read it to gate a deploy until a rollout reaches 100 %, to fail a pipeline while a release is paused, or to print the rollout's progress. " +
			"Any field WeChat leaves out of its answer is null, not zero.",
		Attributes: map[string]schema.Attribute{
			"appid": appIDDataSourceAttribute(),
			"status": schema.Int64Attribute{
				MarkdownDescription: "WeChat's status number: `0` initial, `1` running, `2` paused, `3` finished, `4` deleted.",
				Computed:            true,
			},
			"status_name": schema.StringAttribute{
				MarkdownDescription: "The status as a word: one of `" + strings.Join(wechat.StatusNames(), "`, `") + "`. " +
					"`unknown` stands for a status number WeChat has not documented; `none` means WeChat's answer carried no plan, and every other attribute but `appid` is then null.",
				Computed: true,
			},
			"gray_percentage": schema.Int64Attribute{
				MarkdownDescription: "The share of users, 0 to 100, who get the new version now. A release to project members only shows 0 while `status_name` stays `running`.",
				Computed:            true,
			},
			"fully_released": schema.BoolAttribute{
				MarkdownDescription: "Whether the new version is out to every user: `true` once the plan is `finished`, or `running` or `paused` at 100 %. " +
					"`false` in every other case, including those a gate cannot vouch for: no plan (`none`), `deleted`, `unknown`, or a percentage WeChat left out. " +
					"Never null, so a gate can test it alone.",
				Computed: true,
			},
			"create_timestamp": schema.Int64Attribute{
				MarkdownDescription: "When the plan was created, in Unix seconds.",
				Computed:            true,
			},
			"create_time": schema.StringAttribute{
				MarkdownDescription: "`create_timestamp` in RFC 3339, UTC (for example `2018-02-02T06:42:01Z`).",
				Computed:            true,
			},
			"default_finish_timestamp": schema.Int64Attribute{
				MarkdownDescription: "When WeChat expects the release to reach everyone, in Unix seconds. Newer API versions leave it out.",
				Computed:            true,
			},
			"default_finish_time": schema.StringAttribute{
				MarkdownDescription: "`default_finish_timestamp` in RFC 3339, UTC.",
				Computed:            true,
			},
			"support_debuger_first": schema.BoolAttribute{
				MarkdownDescription: "Whether the release goes to project members first. Spelt as WeChat's API spells it.",
				Computed:            true,
			},
			"support_experiencer_first": schema.BoolAttribute{
				MarkdownDescription: "Whether the release goes to testers (体验者) first.",
				Computed:            true,
			},
		},
	}
}

func (d *grayReleasePlanDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m grayReleasePlanModel
	d.read(ctx, req, resp, &m, func(ctx context.Context, c *wechat.Client) error {
		plan, err := c.GetGrayReleasePlan(ctx)
		if err == nil {
			m.fill(c.AppID(), plan)
		}
		return err
	})
}

func (m *grayReleasePlanModel) appIDArg() types.String { return m.AppID }

// fill maps a plan (nil: no plan) onto the model; absent fields stay null.
func (m *grayReleasePlanModel) fill(appID string, p *wechat.GrayReleasePlan) {
	*m = grayReleasePlanModel{
		AppID:                   optionalString(appID),
		StatusName:              types.StringValue(p.StatusName()),
		FullyReleased:           types.BoolValue(p.FullyReleased()),
		Status:                  types.Int64Null(),
		GrayPercentage:          types.Int64Null(),
		CreateTimestamp:         types.Int64Null(),
		CreateTime:              types.StringNull(),
		DefaultFinishTimestamp:  types.Int64Null(),
		DefaultFinishTime:       types.StringNull(),
		SupportDebugerFirst:     types.BoolNull(),
		SupportExperiencerFirst: types.BoolNull(),
	}
	if p == nil {
		return
	}
	m.Status = types.Int64PointerValue(p.Status)
	m.GrayPercentage = types.Int64PointerValue(p.GrayPercentage)
	m.CreateTimestamp, m.CreateTime = timeValues(p.CreateTime)
	m.DefaultFinishTimestamp, m.DefaultFinishTime = timeValues(p.DefaultFinishTime)
	m.SupportDebugerFirst = types.BoolPointerValue(p.SupportDebugerFirst)
	m.SupportExperiencerFirst = types.BoolPointerValue(p.SupportExperiencerFirst)
}
