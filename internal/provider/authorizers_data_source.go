package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

var _ datasource.DataSourceWithConfigure = (*authorizersDataSource)(nil)

type authorizersDataSource struct{ baseDataSource }

func newAuthorizersDataSource() datasource.DataSource {
	return &authorizersDataSource{baseDataSource{entityBase{name: "authorizers"}}}
}

// authorizersModel mirrors the schema below; keep them in step.
type authorizersModel struct {
	ComponentAppID types.String `tfsdk:"component_appid"`
	AppIDs         types.List   `tfsdk:"appids"`
	Authorizers    types.List   `tfsdk:"authorizers"`
}

// authorizerAttrTypes are the attributes of one element of authorizers.
var authorizerAttrTypes = map[string]attr.Type{
	"appid":          types.StringType,
	"auth_time":      types.StringType,
	"auth_timestamp": types.Int64Type,
}

func (d *authorizersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The accounts authorized to the provider's third-party platform, from `POST /cgi-bin/component/api_get_authorizer_list` (every page, 500 a page). " +
			"Needs `token_command` and `component_appid`: the list takes the platform's component token (`get-component`). " +
			"Use `for_each = toset(data.wechat_authorizers.all.appids)` to read every mini program. WeChat lists every account type, Official Accounts included. " +
			"The refresh tokens in WeChat's answer are never decoded, so they cannot reach state, plan or logs.",
		Attributes: map[string]schema.Attribute{
			"component_appid": schema.StringAttribute{
				MarkdownDescription: "The platform whose accounts are listed: the provider's `component_appid`.",
				Computed:            true,
			},
			"appids": schema.ListAttribute{
				MarkdownDescription: "The authorized appids, without duplicates and sorted, so that plans stay stable.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"authorizers": schema.ListNestedAttribute{
				MarkdownDescription: "The authorized accounts, in the order of `appids`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"appid":          schema.StringAttribute{MarkdownDescription: "The account's appid.", Computed: true},
					"auth_time":      schema.StringAttribute{MarkdownDescription: "When it authorized the platform, in RFC 3339, UTC.", Computed: true},
					"auth_timestamp": schema.Int64Attribute{MarkdownDescription: "`auth_time` in Unix seconds.", Computed: true},
				}},
			},
		},
	}
}

func (d *authorizersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m authorizersModel
	d.read(ctx, req, resp, &m, func(ctx context.Context, c *wechat.Client) error {
		list, err := c.GetAuthorizers(ctx)
		if err == nil {
			m.fill(c.ComponentAppID(), list)
		}
		return err
	})
}

// fill maps the list onto the model.
func (m *authorizersModel) fill(componentAppID string, list []wechat.Authorizer) {
	ids := make([]string, len(list))
	objs := make([]attr.Value, len(list))
	for i, a := range list {
		ids[i] = a.AppID
		ts, at := timeValues(a.AuthTime)
		objs[i] = types.ObjectValueMust(authorizerAttrTypes, map[string]attr.Value{
			"appid": types.StringValue(a.AppID), "auth_time": at, "auth_timestamp": ts,
		})
	}
	m.ComponentAppID = optionalString(componentAppID)
	m.AppIDs = stringListValue(ids)
	m.Authorizers = types.ListValueMust(types.ObjectType{AttrTypes: authorizerAttrTypes}, objs)
}
