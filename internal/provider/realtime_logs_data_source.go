package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

var _ datasource.DataSourceWithValidateConfig = (*realtimeLogsDataSource)(nil)

type realtimeLogsDataSource struct {
	baseDataSource
	clocked
}

func newRealtimeLogsDataSource(now func() time.Time) datasource.DataSource {
	return &realtimeLogsDataSource{baseDataSource{entityBase{name: "realtime_logs"}}, clocked{now}}
}

// realtimeLogsModel mirrors the schema below; keep them in step.
type realtimeLogsModel struct {
	AppID     types.String    `tfsdk:"appid"`
	BeginTime types.String    `tfsdk:"begin_time"`
	EndTime   types.String    `tfsdk:"end_time"`
	Window    types.String    `tfsdk:"window"`
	Level     types.String    `tfsdk:"level"`
	TraceID   types.String    `tfsdk:"trace_id"`
	URL       types.String    `tfsdk:"url"`
	ID        types.String    `tfsdk:"id"`
	FilterMsg types.String    `tfsdk:"filter_msg"`
	Start     types.Int64     `tfsdk:"start"`
	Limit     types.Int64     `tfsdk:"limit"`
	Date      types.String    `tfsdk:"date"`
	Total     types.Int64     `tfsdk:"total"`
	Entries   []logEntryModel `tfsdk:"entries"`
}

type logEntryModel struct {
	Time           types.String      `tfsdk:"time"`
	Level          types.Int64       `tfsdk:"level"`
	LevelName      types.String      `tfsdk:"level_name"`
	LibraryVersion types.String      `tfsdk:"library_version"`
	ClientVersion  types.String      `tfsdk:"client_version"`
	ID             types.String      `tfsdk:"id"`
	Platform       types.Int64       `tfsdk:"platform"`
	URL            types.String      `tfsdk:"url"`
	FilterMsg      types.String      `tfsdk:"filter_msg"`
	TraceID        types.String      `tfsdk:"trace_id"`
	Messages       []logMessageModel `tfsdk:"messages"`
}

type logMessageModel struct {
	Time  types.String `tfsdk:"time"`
	Level types.Int64  `tfsdk:"level"`
	Msg   types.String `tfsdk:"msg"`
}

func (d *realtimeLogsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	window := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Computed: true, Validators: []validator.String{rfc3339Validator}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Real-time logs (实时日志) of the mini program, from the ops centre's `GET " + wechat.PathRealtimeLogSearch + "` (realtimelogSearch): " +
			"how many page visits logged at a level in a time window, and one page of them. WeChat searches one Beijing day per query, " +
			"among the last 7 by its parameter table (its error text for 200002 says three). " +
			"There is no mini program version in a log: to gate on a version, have the app tag its logs with it " +
			"(`wx.getRealtimeLogManager().setFilterMsg('v1.4.2')`) and set `filter_msg`.",
		Attributes: map[string]schema.Attribute{
			"appid": appIDDataSourceAttribute(),
			"begin_time": window("The start of the window, RFC 3339. Defaults to `window` before `end_time`, or to midnight in Beijing if that is later: " +
				"the window must lie within one Beijing day, at most 6 days back."),
			"window": schema.StringAttribute{MarkdownDescription: "How far back from `end_time` to search when `begin_time` is not set, as a duration such as `30m`; default `1h`. " +
				"Cut at midnight in Beijing, since WeChat searches one Beijing day per query.",
				Optional: true, Validators: []validator.String{windowValidator, stringvalidator.ConflictsWith(path.MatchRoot("begin_time"))}},
			"end_time": window("The end of the window, RFC 3339. Defaults to now, or to the end of `begin_time`'s Beijing day if that is earlier."),
			"level": optionalArgument("`info`, `warn` or `error`: that level and above. Null for every level.",
				stringvalidator.OneOf("info", "warn", "error")),
			"trace_id":   optionalArgument("Only the visit with this trace id (one launch of the mini program)."),
			"url":        optionalArgument("Only visits of this page, such as `pages/index/index`."),
			"id":         optionalArgument("Only this user's visits: a WeChat ID or an OpenID."),
			"filter_msg": optionalArgument("Only visits whose filter tag (`setFilterMsg`/`addFilterMsg`) matches this."),
			"start": schema.Int64Attribute{MarkdownDescription: "How many matching visits to skip before `entries`; default 0.",
				Optional: true, Validators: []validator.Int64{int64validator.AtLeast(0)}},
			"limit": schema.Int64Attribute{MarkdownDescription: "How many visits `entries` holds at most; default WeChat's 20.",
				Optional: true, Validators: []validator.Int64{int64validator.AtLeast(1)}},
			"date":  computedString("The Beijing day searched, `YYYY-MM-DD`."),
			"total": computedInt("How many visits match, over every page: the number a gate compares."),
			"entries": schema.ListNestedAttribute{
				MarkdownDescription: "One page of matching visits, newest first: the provider sorts the page by time, as WeChat documents no order " +
					"(with more matches than `limit`, which visits make up a page is WeChat's choice).",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"time":            computedString("When the visit logged, RFC 3339, UTC."),
					"level":           computedInt("The OR of its messages' levels: 2 info, 4 warn, 8 error (6 is info and warn)."),
					"level_name":      computedString("The highest of those levels: `error`, `warn` or `info`."),
					"library_version": computedString("The base library version."),
					"client_version":  computedString("The WeChat app's version (not the mini program's)."),
					"id":              computedString("The user's OpenID."),
					"platform":        computedInt("1 Android, 2 iOS."),
					"url":             computedString("The page."),
					"filter_msg":      computedString("The filter tag the app set."),
					"trace_id":        computedString("The launch's trace id."),
					"messages": schema.ListNestedAttribute{
						MarkdownDescription: "The log calls of the visit.",
						Computed:            true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"time":  computedString("RFC 3339, UTC."),
							"level": computedInt("2 info, 4 warn, 8 error."),
							"msg": computedString("The logged values as JSON text: usually an array of strings (`jsondecode` it), " +
								"but WeChat has also sent an object here since July 2023, so check its shape before indexing it."),
						}},
					},
				}},
			},
		},
	}
}

func (d *realtimeLogsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateClocked(ctx, req, resp, d.clocked, func(m *realtimeLogsModel) []attr.Value { return []attr.Value{m.BeginTime, m.EndTime, m.Window} },
		func(m *realtimeLogsModel, now time.Time) error {
			_, err := m.query(now)
			return err
		})
}

func (d *realtimeLogsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m realtimeLogsModel
	var q wechat.RealtimeLogQuery
	check := func(now time.Time) (err error) { q, err = m.query(now); return err }
	d.readChecked(ctx, req, resp, &m, check, d.now(), func(ctx context.Context, c *wechat.Client) error {
		page, err := c.SearchRealtimeLogs(ctx, q)
		if err == nil {
			m.fill(q, page)
			m.AppID = optionalString(c.AppID())
		}
		return err
	})
}

// query fills in the default window: the last hour, cut at Beijing midnight.
func (m *realtimeLogsModel) query(now time.Time) (wechat.RealtimeLogQuery, error) {
	begin, hasBegin, err := timeArg("begin_time", m.BeginTime)
	if err != nil {
		return wechat.RealtimeLogQuery{}, err
	}
	end, hasEnd, err := timeArg("end_time", m.EndTime)
	if err != nil {
		return wechat.RealtimeLogQuery{}, err
	}
	switch {
	case !hasEnd && hasBegin:
		end = now
		if dayEnd := wechat.BeijingDay(begin).AddDate(0, 0, 1).Add(-time.Second); dayEnd.Before(now) {
			end = dayEnd
		}
	case !hasEnd:
		end = now
	}
	if !hasBegin {
		window := time.Hour
		if !m.Window.IsNull() && !m.Window.IsUnknown() {
			if window, err = parseWindow(m.Window.ValueString()); err != nil {
				return wechat.RealtimeLogQuery{}, &wechat.QueryError{Field: "window", Problem: err.Error()}
			}
		}
		begin = end.Add(-window)
		if midnight := wechat.BeijingDay(end); begin.Before(midnight) {
			begin = midnight
		}
	}
	if err := wechat.CheckRealtimeWindow(begin, end, now); err != nil {
		return wechat.RealtimeLogQuery{}, err
	}
	return wechat.RealtimeLogQuery{Begin: begin, End: end, Start: int(m.Start.ValueInt64()), Limit: int(m.Limit.ValueInt64()),
		TraceID: m.TraceID.ValueString(), URL: m.URL.ValueString(), ID: m.ID.ValueString(), FilterMsg: m.FilterMsg.ValueString(),
		Level: wechat.LogLevels[m.Level.ValueString()]}, nil
}

var windowValidator = checkValidator{
	description: "must be a positive duration of at most a day, such as 30m or 2h",
	summary:     "Invalid window",
	check: func(s string) error {
		_, err := parseWindow(s)
		return err
	},
}

func parseWindow(s string) (time.Duration, error) {
	d, err := parseTimeout(s)
	if err == nil && d > 24*time.Hour {
		err = errors.New("is longer than a day: WeChat searches one Beijing day per query")
	}
	return d, err
}

func (m *realtimeLogsModel) fill(q wechat.RealtimeLogQuery, p *wechat.RealtimeLogPage) {
	if m.BeginTime.IsNull() {
		m.BeginTime = rfc3339(q.Begin)
	}
	if m.EndTime.IsNull() {
		m.EndTime = rfc3339(q.End)
	}
	m.Date = types.StringValue(wechat.BeijingDay(q.Begin).Format(wechat.DateLayout))
	m.Total = types.Int64Value(int64(len(p.Entries)))
	if p.Total != nil {
		m.Total = types.Int64Value(*p.Total)
	}
	m.Entries = make([]logEntryModel, 0, len(p.Entries))
	for _, e := range p.Entries {
		_, at := timeValues(e.Time)
		em := logEntryModel{Time: at, Level: types.Int64PointerValue(e.Level), LevelName: types.StringNull(),
			LibraryVersion: types.StringValue(e.LibraryVersion), ClientVersion: types.StringValue(e.ClientVersion),
			ID: types.StringValue(e.ID), Platform: types.Int64PointerValue(e.Platform), URL: types.StringValue(e.URL),
			FilterMsg: types.StringValue(e.FilterMsg), TraceID: types.StringValue(e.TraceID), Messages: []logMessageModel{}}
		if e.Level != nil {
			em.LevelName = optionalString(wechat.LogLevelName(*e.Level))
		}
		for _, msg := range e.Messages {
			_, mt := timeValues(msg.Time)
			em.Messages = append(em.Messages, logMessageModel{Time: mt, Level: types.Int64PointerValue(msg.Level), Msg: optionalString(msg.Msg)})
		}
		m.Entries = append(m.Entries, em)
	}
}

func (m *realtimeLogsModel) appIDArg() types.String { return m.AppID }
