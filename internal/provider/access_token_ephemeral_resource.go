package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

var _ ephemeral.EphemeralResourceWithConfigure = (*accessTokenEphemeralResource)(nil)

type accessTokenEphemeralResource struct{ baseEphemeral }

func newAccessTokenEphemeralResource() ephemeral.EphemeralResource {
	return &accessTokenEphemeralResource{baseEphemeral{entityBase{name: "access_token"}}}
}

// accessTokenModel mirrors the schema below; keep them in step.
type accessTokenModel struct {
	AppID       types.String `tfsdk:"appid"`
	AccessToken types.String `tfsdk:"access_token"`
	ExpiresAt   types.String `tfsdk:"expires_at"`
}

func (m *accessTokenModel) appIDArg() types.String { return m.AppID }

func (r *accessTokenEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An access token from the provider's token source, never written to plan or state: " +
			"for handing a token to another provider, a provider alias, or a script. Needs Terraform 1.10 or OpenTofu 1.11 or later. " +
			"With `secret` the token comes from the stable token API and is shared, so other systems of the app keep working; " +
			"with `token_command`, from the program, for any `appid`.",
		Attributes: map[string]schema.Attribute{
			"appid": appIDEphemeralAttribute(),
			"access_token": schema.StringAttribute{
				MarkdownDescription: "The access token.",
				Computed:            true,
				Sensitive:           true, // guarded by TestSchema_credentialsAreSensitive
			},
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the token expires, in RFC 3339, UTC; null for a ready-made token whose expiry the provider was not told.",
				Computed:            true,
			},
		},
	}
}

func (r *accessTokenEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m accessTokenModel
	r.open(ctx, req, resp, &m, func(ctx context.Context, c *wechat.Client) error {
		tok, err := c.AccessToken(ctx)
		if err == nil {
			m.fill(c.AppID(), tok)
		}
		return err
	})
}

func (m *accessTokenModel) fill(appID string, tok wechat.Token) {
	m.AppID = optionalString(appID)
	m.AccessToken = types.StringValue(tok.Value)
	m.ExpiresAt = types.StringNull()
	if !tok.ExpiresAt.IsZero() {
		m.ExpiresAt = rfc3339(tok.ExpiresAt)
	}
}
