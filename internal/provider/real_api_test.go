package provider

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// TestAccReal_grayReleasePlan reads a real mini program's plan. It runs
// only with TF_ACC=1 (make testacc) and WECHAT_APPID plus WECHAT_SECRET or
// WECHAT_ACCESS_TOKEN; this machine's IP must be on the app's whitelist.
func TestAccReal_grayReleasePlan(t *testing.T) {
	if os.Getenv("WECHAT_SECRET") == "" && os.Getenv("WECHAT_ACCESS_TOKEN") == "" {
		t.Skip("set WECHAT_APPID and WECHAT_SECRET (or WECHAT_ACCESS_TOKEN) to test against the real WeChat API")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(), // WeChat's real waits
		Steps: []resource.TestStep{{
			Config: `provider "wechat" {}` + planDataSource,
			ConfigStateChecks: []statecheck.StateCheck{
				// Whatever the app's rollout, the status has a name.
				expectAttr("status_name", knownvalue.StringRegexp(statusNamePattern)),
			},
		}},
	})
}
