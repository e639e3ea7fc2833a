package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// toProviderData is the one checked way from ProviderData to the client.
// It returns nil without error before the provider is configured (Terraform
// validates data sources before it configures providers).
func toProviderData(data any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil, diags
	}
	return pd, diags
}

// maskSecrets hides the credentials from every log line written with ctx,
// in case a library below logs a request. Guarded by
// TestMaskSecrets_hidesCredentialsInEveryLogLine.
func (pd *providerData) maskSecrets(ctx context.Context) context.Context {
	ctx = tflog.MaskAllFieldValuesStrings(ctx, pd.secrets...)
	return tflog.MaskMessageStrings(ctx, pd.secrets...)
}
