package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const planAddr = "data.wechat_gray_release_plan.app"

func expectAttr(attr string, v knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(planAddr, tfjsonpath.New(attr), v)
}

func TestGrayReleasePlan_everyAttribute(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	plan := runningPlan()
	plan["support_debuger_first"] = true
	plan["support_experiencer_first"] = false
	plan["a_field_from_the_future"] = "ignored"
	mock.SetPlan(testAppID, plan)

	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + planDataSource,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("appid", knownvalue.StringExact(testAppID)),
				expectAttr("status", knownvalue.Int64Exact(1)),
				expectAttr("status_name", knownvalue.StringExact("running")),
				expectAttr("gray_percentage", knownvalue.Int64Exact(8)),
				expectAttr("create_timestamp", knownvalue.Int64Exact(1517553721)),
				expectAttr("create_time", knownvalue.StringExact("2018-02-02T06:42:01Z")),
				expectAttr("default_finish_timestamp", knownvalue.Int64Exact(1517554721)),
				expectAttr("default_finish_time", knownvalue.StringExact("2018-02-02T06:58:41Z")),
				expectAttr("support_debuger_first", knownvalue.Bool(true)),
				expectAttr("support_experiencer_first", knownvalue.Bool(false)),
			},
		}},
	})
}

// Each step gives the mock another plan and reads it again through the CLI.
func TestGrayReleasePlan_statusNamesAndAbsentFields(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	config := providerConfig(url) + planDataSource
	step := func(plan map[string]any, checks ...statecheck.StateCheck) resource.TestStep {
		return resource.TestStep{
			PreConfig:         func() { mock.SetPlan(testAppID, plan) },
			Config:            config,
			ConfigStateChecks: checks,
		}
	}
	var steps []resource.TestStep
	for status, name := range []string{"initial", "running", "paused", "finished", "deleted"} {
		steps = append(steps, step(map[string]any{"status": status, "gray_percentage": 50},
			expectAttr("status", knownvalue.Int64Exact(int64(status))),
			expectAttr("status_name", knownvalue.StringExact(name)),
		))
	}
	steps = append(steps,
		// A status WeChat has not documented.
		step(map[string]any{"status": 9},
			expectAttr("status", knownvalue.Int64Exact(9)),
			expectAttr("status_name", knownvalue.StringExact("unknown")),
			expectAttr("gray_percentage", knownvalue.Null()),
		),
		// A newer answer: no default_finish_timestamp, errcode-style strings for numbers.
		step(map[string]any{"status": "2", "gray_percentage": "100", "create_timestamp": 1517553721, "support_experiencer_first": true},
			expectAttr("status_name", knownvalue.StringExact("paused")),
			expectAttr("gray_percentage", knownvalue.Int64Exact(100)),
			expectAttr("default_finish_timestamp", knownvalue.Null()),
			expectAttr("default_finish_time", knownvalue.Null()),
			expectAttr("support_debuger_first", knownvalue.Null()),
			expectAttr("support_experiencer_first", knownvalue.Bool(true)),
		),
		// No plan at all.
		step(nil,
			expectAttr("appid", knownvalue.StringExact(testAppID)),
			expectAttr("status_name", knownvalue.StringExact("none")),
			expectAttr("status", knownvalue.Null()),
			expectAttr("gray_percentage", knownvalue.Null()),
			expectAttr("create_time", knownvalue.Null()),
			expectAttr("support_experiencer_first", knownvalue.Null()),
		),
	)
	unitTest(t, resource.TestCase{ProtoV6ProviderFactories: factories(), Steps: steps})
}

func TestGrayReleasePlan_configFromEnvironment(t *testing.T) {
	_, url := newMock(t)
	t.Setenv("WECHAT_APPID", testAppID)
	t.Setenv("WECHAT_SECRET", testSecret)
	t.Setenv("WECHAT_BASE_URL", url)

	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `provider "wechat" {}` + planDataSource,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("appid", knownvalue.StringExact(testAppID)),
				expectAttr("gray_percentage", knownvalue.Int64Exact(8)),
			},
		}},
	})
}

// The configuration wins over the environment, and a credential set in the
// configuration makes the environment's credentials irrelevant.
func TestGrayReleasePlan_configWinsOverEnvironment(t *testing.T) {
	mock, url := newMock(t)
	mock.AddAccessToken(testAppID, "MOCK_FROM_TOKEN_SERVER")
	t.Setenv("WECHAT_APPID", otherAppID)
	t.Setenv("WECHAT_SECRET", "not-the-secret")
	t.Setenv("WECHAT_BASE_URL", "https://api.weixin.qq.com")

	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "wechat" {
  appid        = %q
  access_token = "MOCK_FROM_TOKEN_SERVER"
  base_url     = %q
}
`, testAppID, url) + planDataSource,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("appid", knownvalue.StringExact(testAppID)),
				expectAttr("status_name", knownvalue.StringExact("running")),
			},
			Check: func(*terraform.State) error {
				if n := mock.TokenCalls(); n != 0 {
					return fmt.Errorf("a ready access_token must need no token call, saw %d", n)
				}
				return nil
			},
		}},
	})
}

func TestGrayReleasePlan_readyMadeTokens(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	mock.AddAccessToken(testAppID, "MOCK_AUTHORIZER_TOKEN")
	mock.AddCloudBaseToken(testAppID, "MOCK_CLOUDBASE_TOKEN")

	for _, attr := range []string{"access_token", "cloudbase_access_token"} {
		t.Run(attr, func(t *testing.T) {
			token := map[string]string{"access_token": "MOCK_AUTHORIZER_TOKEN", "cloudbase_access_token": "MOCK_CLOUDBASE_TOKEN"}[attr]
			unitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "wechat" {
  %s = %q
  base_url = %q
}
`, attr, token, url) + planDataSource,
					ConfigStateChecks: []statecheck.StateCheck{
						expectAttr("appid", knownvalue.Null()),
						expectAttr("gray_percentage", knownvalue.Int64Exact(8)),
					},
				}},
			})
		})
	}
	if n := mock.TokenCalls(); n != 0 {
		t.Errorf("ready-made tokens must need no token call, saw %d", n)
	}
}

func TestGrayReleasePlan_classicTokenAPI(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            providerConfig(url, `token_api = "classic"`) + planDataSource,
			ConfigStateChecks: []statecheck.StateCheck{expectAttr("status_name", knownvalue.StringExact("running"))},
		}},
	})
	if mock.Calls(wechatmock.PathToken) == 0 || mock.Calls(wechatmock.PathStableToken) != 0 {
		t.Errorf("token_api = classic must use only /cgi-bin/token: classic %d, stable %d calls",
			mock.Calls(wechatmock.PathToken), mock.Calls(wechatmock.PathStableToken))
	}
}

// Terraform reads up to 10 data sources at once; each provider process must
// fetch the token once however many reads it serves.
func TestGrayReleasePlan_oneTokenCallForManyReads(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	const reads = 30
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			// Every read its own call, so that the token is what they share.
			Config: providerConfig(url, `answer_reuse_window = "0s"`) + fmt.Sprintf(`
data "wechat_gray_release_plan" "many" {
  count = %d
}
`, reads),
			Check: func(*terraform.State) error {
				planCalls, tokenCalls := mock.Calls(wechatmock.PathGrayReleasePlan), mock.TokenCalls()
				// Each CLI command that reads starts a provider and reads all 30.
				if planCalls == 0 || planCalls%reads != 0 || tokenCalls != planCalls/reads {
					return fmt.Errorf("want 1 token call per %d reads, saw %d token calls for %d reads", reads, tokenCalls, planCalls)
				}
				return nil
			},
		}},
	})
}

// A token another system invalidated is dropped and fetched again, once.
func TestGrayReleasePlan_staleTokenRefetched(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				mock.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{ErrCode: 40001, ErrMsg: "invalid credential, access_token is invalid or not latest"})
			},
			Config: providerConfig(url) + planDataSource,
			Check: func(*terraform.State) error {
				// The first command pays one extra token call for the stale token.
				if got, want := mock.TokenCalls(), mock.Calls(wechatmock.PathGrayReleasePlan); got != want {
					return fmt.Errorf("want one token call per read plus one for the stale token (%d), saw %d", want, got)
				}
				return nil
			},
			ConfigStateChecks: []statecheck.StateCheck{expectAttr("status_name", knownvalue.StringExact("running"))},
		}},
	})
}
