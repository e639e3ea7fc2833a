package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const domainsAddr = "data.wechat_domains.app"

func stringList(s ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(s))
	for i, v := range s {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

func TestDomains_everyAttribute(t *testing.T) {
	t.Parallel()
	mock, url := newOpsMock(t)
	checks := []statecheck.StateCheck{
		expectAt(domainsAddr, "request_domains", stringList("https://api.example.com", "https://api-next.example.com")),
		expectAt(domainsAddr, "ws_request_domains", stringList("wss://ws.example.com")),
		expectAt(domainsAddr, "upload_domains", stringList("https://upload.example.com")),
		expectAt(domainsAddr, "download_domains", stringList("https://cdn.example.com")),
		expectAt(domainsAddr, "udp_domains", stringList()),
		expectAt(domainsAddr, "biz_domains", stringList("https://h5.example.com")),
	}
	config := providerConfig(url) + `data "wechat_domains" "app" {}`
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: opsFactories(opsNow),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: checks},
			// A list WeChat leaves out reads as empty, so contains() never meets null.
			{PreConfig: func() { mock.SetDrift(wechatmock.Drift{DomainsOmitEmpty: true, ExtraKeys: true}) }, Config: config, ConfigStateChecks: checks},
		},
	})
}
