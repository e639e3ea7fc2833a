package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*accessTokenEphemeralResource)(nil)

type accessTokenEphemeralResource struct {
	data *providerData
}

func newAccessTokenEphemeralResource() ephemeral.EphemeralResource {
	return &accessTokenEphemeralResource{}
}

// accessTokenModel mirrors the schema below; keep them in step.
type accessTokenModel struct {
	AccessToken types.String `tfsdk:"access_token"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
}

func (r *accessTokenEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_token"
}

func (r *accessTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An access token from the provider's token source, never written to plan or state: " +
			"for handing a token to another provider, a provider alias, or a script. Needs Terraform 1.10 or OpenTofu 1.11 or later. " +
			"With `secret` the token comes from the stable token API and is shared, so other systems of the app keep working.",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "The access token.",
				Computed:            true,
				Sensitive:           true,
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the token expires, in RFC 3339, UTC; null for a ready-made token whose expiry the provider was not told.",
				Computed:            true,
			},
		},
	}
}

func (r *accessTokenEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	data, diags := toProviderData(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = data
}

func (r *accessTokenEphemeralResource) Open(ctx context.Context, _ ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	if r.data == nil {
		resp.Diagnostics.Append(notConfigured())
		return
	}
	ctx = r.data.maskSecrets(ctx)
	tok, err := r.data.client.AccessToken(ctx)
	if err != nil {
		resp.Diagnostics.Append(callDiagnostic(err))
		return
	}
	m := accessTokenModel{AccessToken: types.StringValue(tok.Value), ExpiresAt: types.StringNull()}
	if !tok.ExpiresAt.IsZero() {
		m.ExpiresAt = rfc3339(tok.ExpiresAt)
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
