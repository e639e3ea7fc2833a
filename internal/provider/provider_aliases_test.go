package provider

import (
	"fmt"
	"strings"
	"testing"
)

// Two mini programs through provider aliases, with the provider as its own
// process per provider block, as Terraform runs it for users.
func TestProvider_twoAppsThroughAliases(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	mock.AddApp(otherAppID, otherSecret)
	mock.SetPlan(otherAppID, map[string]any{"status": 3, "gray_percentage": 100})

	w := newWorkspace(t, map[string]string{"main.tf": fmt.Sprintf(`
terraform {
  required_providers {
    wechat = { source = "wxops/wechat" }
  }
}
provider "wechat" {
  appid    = %q
  secret   = var.secret
  base_url = %q
}
provider "wechat" {
  alias    = "other"
  appid    = %q
  base_url = %q
}
variable "secret" {
  type      = string
  sensitive = true
}
data "wechat_gray_release_plan" "app" {}
data "wechat_gray_release_plan" "other" {
  provider = wechat.other
}
output "app" { value = [data.wechat_gray_release_plan.app.appid, data.wechat_gray_release_plan.app.status_name] }
output "other" { value = [data.wechat_gray_release_plan.other.appid, data.wechat_gray_release_plan.other.status_name] }
`, testAppID, url, otherAppID, url)},
		// The alias takes its secret from the environment, the default block from a variable.
		"TF_VAR_secret="+testSecret, "WECHAT_SECRET="+otherSecret)

	outputs := w.applyOutputs()
	if got := fmt.Sprint(outputs["app"]); got != "["+testAppID+" running]" {
		t.Errorf("app = %s, want [%s running]", got, testAppID)
	}
	if got := fmt.Sprint(outputs["other"]); got != "["+otherAppID+" finished]" {
		t.Errorf("other = %s, want [%s finished]", got, otherAppID)
	}
	state := w.state()
	for _, secret := range []string{testSecret, otherSecret, "MOCK_"} {
		if strings.Contains(state, secret) {
			t.Errorf("the state holds a credential (%.6s…)", secret)
		}
	}
}
