package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// The bases below carry what every data source, ephemeral resource and
// resource shares: its type name, Configure, the not-configured guard, secret
// masking and the way a failed call becomes a diagnostic. An entity embeds
// one and writes only its schema, its model, its fill and its call.

// callFunc makes an entity's WeChat call and fills its model. It returns
// the client's error as it came; the base words it.
type callFunc func(ctx context.Context, client *wechat.Client) error

// entityBase is the part both bases share.
type entityBase struct {
	// name is the type name without the provider's prefix, such as "gray_release_plan".
	name string
	data *providerData
}

func (b *entityBase) typeName(providerTypeName string) string {
	return providerTypeName + "_" + b.name
}

func (b *entityBase) configure(providerData any, diags *diag.Diagnostics) {
	data, d := toProviderData(providerData)
	diags.Append(d...)
	b.data = data
}

// call runs fn with the client for appID ("" for the provider's appid)
// and turns its error into the entity's diagnostic. It reports whether fn
// succeeded.
func (b *entityBase) call(ctx context.Context, diags *diag.Diagnostics, appID string, fn callFunc) bool {
	if b.data == nil {
		diags.Append(notConfigured())
		return false
	}
	client, err := b.data.clientFor(appID)
	if err != nil {
		diags.Append(b.data.callDiagnostic(err))
		return false
	}
	ctx, report := wechat.WithReport(b.data.maskSecrets(ctx))
	err = fn(ctx, client)
	if waited := report.RateLimitWait(); waited > 0 {
		diags.Append(rateLimitWarning(waited, err == nil))
	}
	if err != nil {
		diags.Append(b.data.callDiagnostic(err))
		return false
	}
	return true
}

// baseDataSource is embedded by every data source.
type baseDataSource struct{ entityBase }

func (b *baseDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = b.typeName(req.ProviderTypeName)
}

func (b *baseDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}

// appIDArgument is implemented by models with an optional appid argument:
// the read then goes to that mini program.
type appIDArgument interface {
	appIDArg() types.String
}

// argAppID is the appid a model asks for, "" for the provider's.
func argAppID(model any) string {
	if a, ok := model.(appIDArgument); ok {
		return a.appIDArg().ValueString()
	}
	return ""
}

// read is a data source's whole Read: the arguments into model, the call
// (which fills model), and model into state.
func (b *baseDataSource) read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse, model any, fn callFunc) {
	resp.Diagnostics.Append(req.Config.Get(ctx, model)...)
	if resp.Diagnostics.HasError() || !b.call(ctx, &resp.Diagnostics, argAppID(model), fn) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// baseEphemeral is embedded by every ephemeral resource.
type baseEphemeral struct{ entityBase }

func (b *baseEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = b.typeName(req.ProviderTypeName)
}

func (b *baseEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}

// open is an ephemeral resource's whole Open, as read is for data sources.
func (b *baseEphemeral) open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse, model any, fn callFunc) {
	resp.Diagnostics.Append(req.Config.Get(ctx, model)...)
	if resp.Diagnostics.HasError() || !b.call(ctx, &resp.Diagnostics, argAppID(model), fn) {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, model)...)
}

// baseResource is embedded by every resource.
type baseResource struct{ entityBase }

func (b *baseResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = b.typeName(req.ProviderTypeName)
}

func (b *baseResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.configure(req.ProviderData, &resp.Diagnostics)
}
