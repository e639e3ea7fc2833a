package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The echo provider copies the ephemeral token into state, which a real
// configuration never does: it is how the token's value can be checked.
func TestAccessToken_ephemeral(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	factories := factories()
	factories["echo"] = echoprovider.NewProviderServer()
	rfc3339 := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

	unitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
ephemeral "wechat_access_token" "t" {}
provider "echo" {
  data = ephemeral.wechat_access_token.t
}
resource "echo" "token" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("access_token"), knownvalue.StringRegexp(regexp.MustCompile(`^MOCK_`))),
				statecheck.ExpectKnownValue("echo.token", tfjsonpath.New("data").AtMapKey("expires_at"), knownvalue.StringRegexp(rfc3339)),
			},
			Check: func(*terraform.State) error {
				if n := mock.Calls("/cgi-bin/stable_token"); n == 0 {
					return fmt.Errorf("the token must come from the stable token API")
				}
				return nil
			},
		}},
	})
}
