package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// A fleet list whose distinct appids fall short of total_count fails,
// naming both counts: pages that ignore offset, or that shift (ten listed
// twice, ten never), must not pass for the whole fleet.
func TestAuthorizers_listThatDoesNotAddUpFails(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		opts  wechatmock.ThirdPartyOptions
		count string
	}{
		{"offset ignored", wechatmock.ThirdPartyOptions{ListIgnoresOffset: true}, "500"},
		{"pages shifted", wechatmock.ThirdPartyOptions{ListRotatesBy: 10}, "510"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := newPlatform(t, 520)
			p.mock.SetThirdPartyOptions(tt.opts)
			unitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: p.providerBlock("", "good") + `data "wechat_authorizers" "all" {}`,
					ExpectError: errorPattern("WeChat's list of authorized mini programs does not add up",
						"total_count says 520 accounts", "pages held "+tt.count+" distinct appids"),
				}},
			})
		})
	}
}
