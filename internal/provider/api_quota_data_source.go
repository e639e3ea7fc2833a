package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

type apiQuotaDataSource struct{ baseDataSource }

func newAPIQuotaDataSource() datasource.DataSource {
	return &apiQuotaDataSource{baseDataSource{entityBase{name: "api_quota"}}}
}

// apiQuotaModel mirrors the schema below; keep them in step.
type apiQuotaModel struct {
	AppID              types.String `tfsdk:"appid"`
	CGIPath            types.String `tfsdk:"cgi_path"`
	DailyLimit         types.Int64  `tfsdk:"daily_limit"`
	Used               types.Int64  `tfsdk:"used"`
	Remain             types.Int64  `tfsdk:"remain"`
	RateLimit          types.Object `tfsdk:"rate_limit"`
	ComponentRateLimit types.Object `tfsdk:"component_rate_limit"`
}

var rateLimitType = map[string]attr.Type{"call_count": types.Int64Type, "refresh_second": types.Int64Type}

var cgiPathValidator = checkValidator{
	description: "must be an API path without host or query, such as /wxaapi/log/jserr_list",
	summary:     "Invalid cgi_path",
	check: func(s string) error {
		if wechat.CheckCGIPath(s) != nil {
			return errors.New("is not an API path: write it without host or query, such as /wxaapi/log/jserr_list")
		}
		return nil
	},
}

func (d *apiQuotaDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	rate := func(desc string) schema.SingleNestedAttribute {
		return schema.SingleNestedAttribute{
			MarkdownDescription: desc + " Null when WeChat did not report it (answers before July 2022 carry no rate limits): not reported, not zero.",
			Computed:            true,
			Attributes: map[string]schema.Attribute{
				"call_count":     computedInt("Calls allowed per window."),
				"refresh_second": computedInt("The window, in seconds."),
			},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The daily quota and rate limits of one WeChat API for this mini program, from `POST " + wechat.PathAPIQuota + "` (getApiQuota). " +
			"The daily quota resets at midnight, Beijing time. An API's own business quota, where it has one, takes precedence.",
		Attributes: map[string]schema.Attribute{
			"appid": appIDDataSourceAttribute(),
			"cgi_path": schema.StringAttribute{MarkdownDescription: "The API's path, without host or query: `/wxaapi/log/jserr_list`. " +
				"WeChat answers 76021 for a path it does not know and 76022 for one this token may not query (any `/sns/` path, or another account's API).",
				Required: true, Validators: []validator.String{cgiPathValidator}},
			"daily_limit":          computedInt("Calls allowed per Beijing day."),
			"used":                 computedInt("Calls made today."),
			"remain":               computedInt("Calls left today."),
			"rate_limit":           rate("The limit on ordinary calls."),
			"component_rate_limit": rate("The limit on calls a third-party platform makes on the account's behalf."),
		},
	}
}

func (d *apiQuotaDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m apiQuotaModel
	d.read(ctx, req, resp, &m, func(ctx context.Context, c *wechat.Client) error {
		q, err := c.GetAPIQuota(ctx, wechat.APIQuotaQuery{CGIPath: m.CGIPath.ValueString()})
		if err == nil {
			m.fill(q)
			m.AppID = optionalString(c.AppID())
		}
		return err
	})
}

func (m *apiQuotaModel) fill(q *wechat.APIQuota) {
	m.DailyLimit, m.Used, m.Remain = types.Int64PointerValue(q.DailyLimit), types.Int64PointerValue(q.Used), types.Int64PointerValue(q.Remain)
	m.RateLimit, m.ComponentRateLimit = rateLimitValue(q.RateLimit), rateLimitValue(q.ComponentRateLimit)
}

func rateLimitValue(l *wechat.RateLimit) types.Object {
	if l == nil {
		return types.ObjectNull(rateLimitType)
	}
	return basetypes.NewObjectValueMust(rateLimitType, map[string]attr.Value{
		"call_count": types.Int64PointerValue(l.CallCount), "refresh_second": types.Int64PointerValue(l.RefreshSecond),
	})
}

func (m *apiQuotaModel) appIDArg() types.String { return m.AppID }
