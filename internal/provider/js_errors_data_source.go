package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

var _ datasource.DataSourceWithValidateConfig = (*jsErrorsDataSource)(nil)

type jsErrorsDataSource struct {
	baseDataSource
	clocked
}

func newJSErrorsDataSource(now func() time.Time) datasource.DataSource {
	return &jsErrorsDataSource{baseDataSource{entityBase{name: "js_errors"}}, clocked{now}}
}

// jsErrorTypes maps error_type to WeChat's errType.
var jsErrorTypes = map[string]wechat.JSErrorType{
	"all": wechat.JSErrorAll, "business": wechat.JSErrorBusiness, "plugin": wechat.JSErrorPlugin, "framework": wechat.JSErrorFramework,
}

// defaultTopErrors keeps the state small: a gate reads totals and the worst few.
const defaultTopErrors = 10

// jsErrorsModel mirrors the schema below; keep them in step.
type jsErrorsModel struct {
	AppID          types.String   `tfsdk:"appid"`
	AppVersion     types.String   `tfsdk:"app_version"`
	ErrorType      types.String   `tfsdk:"error_type"`
	StartDate      types.String   `tfsdk:"start_date"`
	EndDate        types.String   `tfsdk:"end_date"`
	Keyword        types.String   `tfsdk:"keyword"`
	OpenID         types.String   `tfsdk:"openid"`
	OrderBy        types.String   `tfsdk:"order_by"`
	Top            types.Int64    `tfsdk:"top"`
	DistinctErrors types.Int64    `tfsdk:"distinct_errors"`
	Occurrences    types.Int64    `tfsdk:"occurrences"`
	AffectedUsers  types.Int64    `tfsdk:"affected_users"`
	Truncated      types.Bool     `tfsdk:"truncated"`
	Errors         []jsErrorModel `tfsdk:"errors"`
}

type jsErrorModel struct {
	Message    types.String  `tfsdk:"message"`
	MessageMD5 types.String  `tfsdk:"message_md5"`
	Stack      types.String  `tfsdk:"stack"`
	StackMD5   types.String  `tfsdk:"stack_md5"`
	PV         types.Int64   `tfsdk:"pv"`
	UV         types.Int64   `tfsdk:"uv"`
	PVPercent  types.Float64 `tfsdk:"pv_percent"`
	UVPercent  types.Float64 `tfsdk:"uv_percent"`
}

func (d *jsErrorsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "JS errors the mini program reported, from the ops centre's `POST " + wechat.PathJSErrList + "` (getJsErrList), " +
			"for one version or all and a range of Beijing days: how many distinct errors, how often they occurred, how many users they hit, and the worst of them. " +
			fmt.Sprintf("Reads every page (%d errors a call, at most %d calls a second) up to %d errors, each distinct error once; `truncated` says when errors went unread. ",
				wechat.JSErrPageSize, time.Second/wechat.JSErrPagePace, wechat.JSErrPageSize*wechat.MaxJSErrPages) +
			"Each page counts against the API's daily quota (see `wechat_api_quota`).",
		Attributes: map[string]schema.Attribute{
			"appid":       appIDDataSourceAttribute(),
			"app_version": optionalArgument("The mini program version, such as `1.4.2`; null for every version. The only ops API that filters by version."),
			"error_type": optionalArgument("`all` (default), `business` (the mini program's code), `plugin` or `framework` (WeChat's base library).",
				stringvalidator.OneOf("all", "business", "plugin", "framework")),
			"start_date": schema.StringAttribute{MarkdownDescription: "The first day, `YYYY-MM-DD` in Beijing time; defaults to `end_date`.",
				Optional: true, Computed: true, Validators: []validator.String{dateValidator}},
			"end_date": schema.StringAttribute{MarkdownDescription: "The last day, `YYYY-MM-DD` in Beijing time; defaults to today there. Must not be in the future.",
				Optional: true, Computed: true, Validators: []validator.String{dateValidator}},
			"keyword":  optionalArgument("Only errors whose message or stack contains this text."),
			"openid":   optionalArgument("Only errors this user (OpenID) hit."),
			"order_by": optionalArgument("Order `errors` by `pv` (occurrences, default) or `uv` (users), worst first.", stringvalidator.OneOf("pv", "uv")),
			"top": schema.Int64Attribute{MarkdownDescription: fmt.Sprintf("How many of the worst errors to keep in `errors`; default %d. The totals count every error read.", defaultTopErrors),
				Optional: true, Validators: []validator.Int64{int64validator.Between(0, int64(wechat.JSErrPageSize*wechat.MaxJSErrPages))}},
			"distinct_errors": computedInt("WeChat's count of distinct errors (`totalCount`); the number read when WeChat sent none."),
			"occurrences":     computedInt("Occurrences (pv) summed over every error read."),
			"affected_users": computedInt("Affected users (uv) summed over every error read. A user who hit two errors counts twice, " +
				"so this is an upper bound; the largest single `uv` is a lower one."),
			"truncated": schema.BoolAttribute{MarkdownDescription: fmt.Sprintf("Whether errors exist that were not read, so the totals are lower than WeChat's: "+
				"more than %d, or WeChat's pages held fewer distinct errors than its `totalCount` (they ended early, or repeated errors instead of moving on). "+
				"A gate that must see every error fails while it is true.", wechat.JSErrPageSize*wechat.MaxJSErrPages), Computed: true},
			"errors": schema.ListNestedAttribute{
				MarkdownDescription: "The worst errors, in `order_by` order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"message":     computedString("The error message."),
					"message_md5": computedString("WeChat's hash of the message (`errorMsgMd5`), for getJsErrDetail."),
					"stack":       computedString("The stack trace."),
					"stack_md5":   computedString("WeChat's hash of the stack (`errorStackMd5`)."),
					"pv":          computedInt("Occurrences; null if WeChat sent none."),
					"uv":          computedInt("Affected users; null if WeChat sent none."),
					"pv_percent":  schema.Float64Attribute{MarkdownDescription: "This error's share of all occurrences, in percent (`1.1` for WeChat's `\"1.1%\"`).", Computed: true},
					"uv_percent":  schema.Float64Attribute{MarkdownDescription: "This error's share of all affected users, in percent.", Computed: true},
				}},
			},
		},
	}
}

func (d *jsErrorsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateClocked(ctx, req, resp, d.clocked, func(m *jsErrorsModel) []attr.Value { return []attr.Value{m.StartDate, m.EndDate} },
		func(m *jsErrorsModel, now time.Time) error {
			_, err := m.query(now)
			return err
		})
}

func (d *jsErrorsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m jsErrorsModel
	var q wechat.JSErrorQuery
	now := d.now()
	check := func(now time.Time) (err error) { q, err = m.query(now); return err }
	d.readChecked(ctx, req, resp, &m, check, now, func(ctx context.Context, c *wechat.Client) error {
		list, err := c.GetJSErrors(ctx, q)
		if err == nil {
			m.fill(q, list)
			m.AppID = optionalString(c.AppID())
		}
		return err
	})
}

// query turns the arguments into WeChat's query: today in Beijing by default.
func (m *jsErrorsModel) query(now time.Time) (wechat.JSErrorQuery, error) {
	end, err := dateArg("end_date", m.EndDate, now)
	if err != nil {
		return wechat.JSErrorQuery{}, err
	}
	start, err := dateArg("start_date", m.StartDate, end)
	if err != nil {
		return wechat.JSErrorQuery{}, err
	}
	if err := wechat.CheckDateRange(start, end, now); err != nil {
		return wechat.JSErrorQuery{}, err
	}
	return wechat.JSErrorQuery{AppVersion: m.AppVersion.ValueString(), ErrType: jsErrorTypes[m.ErrorType.ValueString()],
		StartDate: start, EndDate: end, Keyword: m.Keyword.ValueString(), OpenID: m.OpenID.ValueString(),
		OrderBy: m.OrderBy.ValueString()}, nil
}

// fill maps the list onto the model; the arguments stay as configured,
// with the dates WeChat was asked for.
func (m *jsErrorsModel) fill(q wechat.JSErrorQuery, l *wechat.JSErrorList) {
	m.StartDate = types.StringValue(q.StartDate.Format(wechat.DateLayout))
	m.EndDate = types.StringValue(q.EndDate.Format(wechat.DateLayout))
	occurrences, users := l.Totals()
	m.Occurrences, m.AffectedUsers = types.Int64Value(occurrences), types.Int64Value(users)
	m.DistinctErrors = types.Int64Value(int64(len(l.Errors)))
	if l.TotalCount != nil {
		m.DistinctErrors = types.Int64Value(*l.TotalCount)
	}
	m.Truncated = types.BoolValue(l.Truncated)
	top := defaultTopErrors
	if !m.Top.IsNull() {
		top = int(m.Top.ValueInt64())
	}
	m.Errors = make([]jsErrorModel, 0, min(top, len(l.Errors)))
	for _, e := range l.Errors[:min(top, len(l.Errors))] {
		m.Errors = append(m.Errors, jsErrorModel{
			Message: types.StringValue(e.Message), MessageMD5: types.StringValue(e.MessageMD5),
			Stack: types.StringValue(e.Stack), StackMD5: types.StringValue(e.StackMD5),
			PV: types.Int64PointerValue(e.PV), UV: types.Int64PointerValue(e.UV),
			PVPercent: types.Float64PointerValue(e.PVPercent), UVPercent: types.Float64PointerValue(e.UVPercent),
		})
	}
}

func (m *jsErrorsModel) appIDArg() types.String { return m.AppID }
