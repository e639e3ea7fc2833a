package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

var _ datasource.DataSourceWithValidateConfig = (*visitTrendDataSource)(nil)

type visitTrendDataSource struct {
	baseDataSource
	clocked
}

func newVisitTrendDataSource(now func() time.Time) datasource.DataSource {
	return &visitTrendDataSource{baseDataSource{entityBase{name: "visit_trend"}}, clocked{now}}
}

// visitTrendModel mirrors the schema below; keep them in step.
type visitTrendModel struct {
	AppID           types.String  `tfsdk:"appid"`
	Date            types.String  `tfsdk:"date"`
	Ready           types.Bool    `tfsdk:"ready"`
	SessionCnt      types.Int64   `tfsdk:"session_cnt"`
	VisitPV         types.Int64   `tfsdk:"visit_pv"`
	VisitUV         types.Int64   `tfsdk:"visit_uv"`
	VisitUVNew      types.Int64   `tfsdk:"visit_uv_new"`
	StayTimeUV      types.Float64 `tfsdk:"stay_time_uv"`
	StayTimeSession types.Float64 `tfsdk:"stay_time_session"`
	VisitDepth      types.Float64 `tfsdk:"visit_depth"`
}

func (d *visitTrendDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	float := func(desc string) schema.Float64Attribute {
		return schema.Float64Attribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One day of the mini program's visits, from the data-analysis API `POST " + wechat.PathDailyVisitTrend + "` (getDailyVisitTrend). " +
			"WeChat publishes a day once it is over in Beijing, usually after 10:00 Beijing time the next day and sometimes only after 15:00. " +
			"Until then `ready` is false and every figure is null, never 0: compare with `coalesce()` or check `ready` first.",
		Attributes: map[string]schema.Attribute{
			"appid": appIDDataSourceAttribute(),
			"date": schema.StringAttribute{MarkdownDescription: "The Beijing day, `YYYY-MM-DD`; defaults to yesterday there. A day that is not over yet in Beijing is refused at plan time.",
				Optional: true, Computed: true, Validators: []validator.String{dateValidator}},
			"ready":             schema.BoolAttribute{MarkdownDescription: "Whether WeChat has published the day.", Computed: true},
			"session_cnt":       computedInt("Sessions (打开次数)."),
			"visit_pv":          computedInt("Page views (访问次数)."),
			"visit_uv":          computedInt("Visiting users (访问人数)."),
			"visit_uv_new":      computedInt("New users (新用户数)."),
			"stay_time_uv":      float("Seconds spent per user."),
			"stay_time_session": float("Seconds spent per session."),
			"visit_depth":       float("Pages per session."),
		},
	}
}

func (d *visitTrendDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateClocked(ctx, req, resp, d.clocked, func(m *visitTrendModel) []attr.Value { return []attr.Value{m.Date} },
		func(m *visitTrendModel, now time.Time) error {
			_, err := m.query(now)
			return err
		})
}

func (d *visitTrendDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m visitTrendModel
	var q wechat.VisitTrendQuery
	check := func(now time.Time) (err error) { q, err = m.query(now); return err }
	d.readChecked(ctx, req, resp, &m, check, d.now(), func(ctx context.Context, c *wechat.Client) error {
		trend, err := c.GetDailyVisitTrend(ctx, q)
		if err == nil {
			m.fill(q, trend)
			m.AppID = optionalString(c.AppID())
		}
		return err
	})
}

func (m *visitTrendModel) query(now time.Time) (wechat.VisitTrendQuery, error) {
	day, err := dateArg("date", m.Date, wechat.BeijingDay(now).AddDate(0, 0, -1))
	if err != nil {
		return wechat.VisitTrendQuery{}, err
	}
	return wechat.VisitTrendQuery{Date: day}, wechat.CheckVisitTrendDate(day, now)
}

// fill maps a day (nil: not published yet) onto the model.
func (m *visitTrendModel) fill(q wechat.VisitTrendQuery, t *wechat.DailyVisitTrend) {
	*m = visitTrendModel{
		Date: types.StringValue(q.Date.Format(wechat.DateLayout)), Ready: types.BoolValue(t != nil),
		SessionCnt: types.Int64Null(), VisitPV: types.Int64Null(), VisitUV: types.Int64Null(), VisitUVNew: types.Int64Null(),
		StayTimeUV: types.Float64Null(), StayTimeSession: types.Float64Null(), VisitDepth: types.Float64Null(),
	}
	if t == nil {
		return
	}
	m.SessionCnt, m.VisitPV = types.Int64PointerValue(t.SessionCnt), types.Int64PointerValue(t.VisitPV)
	m.VisitUV, m.VisitUVNew = types.Int64PointerValue(t.VisitUV), types.Int64PointerValue(t.VisitUVNew)
	m.StayTimeUV, m.StayTimeSession = types.Float64PointerValue(t.StayTimeUV), types.Float64PointerValue(t.StayTimeSession)
	m.VisitDepth = types.Float64PointerValue(t.VisitDepth)
}

func (m *visitTrendModel) appIDArg() types.String { return m.AppID }
