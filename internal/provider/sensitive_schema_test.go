package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
)

// The credentials and the token the ephemeral resource hands out are
// sensitive: Terraform then keeps them out of plan output and logs.
func TestSchema_credentialsAreSensitive(t *testing.T) {
	var resp provider.SchemaResponse
	newProvider("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	for _, name := range []string{"secret", "access_token", "cloudbase_access_token"} {
		a, ok := resp.Schema.Attributes[name]
		if !ok || !a.IsSensitive() {
			t.Errorf("provider attribute %s must be sensitive", name)
		}
	}
	var eresp ephemeral.SchemaResponse
	(&accessTokenEphemeralResource{}).Schema(context.Background(), ephemeral.SchemaRequest{}, &eresp)
	if a, ok := eresp.Schema.Attributes["access_token"]; !ok || !a.IsSensitive() {
		t.Error("wechat_access_token's access_token must be sensitive")
	}
}
