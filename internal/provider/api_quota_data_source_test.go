package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const quotaAddr = "data.wechat_api_quota.app"

func quotaConfig(url, path string) string {
	return providerConfig(url) + "data \"wechat_api_quota\" \"app\" {\n  cgi_path = \"" + path + "\"\n}\n"
}

func TestAPIQuota_everyAttribute(t *testing.T) {
	t.Parallel()
	mock, url := newOpsMock(t)
	checks := []statecheck.StateCheck{
		expectAt(quotaAddr, "cgi_path", knownvalue.StringExact(wechat.PathJSErrList)),
		expectAt(quotaAddr, "daily_limit", knownvalue.Int64Exact(500)),
		expectAt(quotaAddr, "used", knownvalue.Int64Exact(460)),
		expectAt(quotaAddr, "remain", knownvalue.Int64Exact(40)),
		expectAt(quotaAddr, "rate_limit", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"call_count": knownvalue.Int64Exact(100), "refresh_second": knownvalue.Int64Exact(60)})),
		// Not reported, not zero.
		expectAt(quotaAddr, "component_rate_limit", knownvalue.Null()),
	}
	config := quotaConfig(url, wechat.PathJSErrList)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: opsFactories(opsNow),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: checks},
			{PreConfig: func() { mock.SetDrift(wechatmock.Drift{QuotaNestedInQuota: true, NumbersAsStrings: true}) }, Config: config, ConfigStateChecks: checks},
		},
	})
}

func TestAPIQuota_errors(t *testing.T) {
	t.Parallel()
	_, url := newOpsMock(t)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: opsFactories(opsNow),
		Steps: []resource.TestStep{
			{Config: quotaConfig(url, "https://api.weixin.qq.com/wxa/getwxadevinfo"), PlanOnly: true,
				ExpectError: errorPattern("Invalid cgi_path", "is not an API path")},
			{Config: providerConfig(url) + `data "wechat_api_quota" "app" {}`, PlanOnly: true,
				ExpectError: errorPattern(`The argument "cgi_path" is required`)},
			{Config: quotaConfig(url, "/wxa/nothing"), ExpectError: errorPattern("WeChat does not know this cgi_path", "errcode: 76021")},
			{Config: quotaConfig(url, "/sns/jscode2session"), ExpectError: errorPattern("This token may not read the quota of this cgi_path", "errcode: 76022")},
		},
	})
}
