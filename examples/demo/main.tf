# The demo: `make demo` runs this against the bundled mock WeChat server.
# Credentials come from WECHAT_APPID, WECHAT_SECRET and WECHAT_BASE_URL,
# which the demo script sets to the mock's. Every value may be null (no
# plan, a field WeChat left out) except status_name and fully_released.
terraform {
  required_providers {
    wechat = {
      source = "wxops/wechat"
    }
  }
}

provider "wechat" {}

data "wechat_gray_release_plan" "app" {}

output "rollout" {
  description = "The staged release as WeChat reports it."
  value = {
    appid           = data.wechat_gray_release_plan.app.appid
    status          = data.wechat_gray_release_plan.app.status_name
    gray_percentage = data.wechat_gray_release_plan.app.gray_percentage
    fully_released  = data.wechat_gray_release_plan.app.fully_released
    started         = data.wechat_gray_release_plan.app.create_time
    expected_full   = data.wechat_gray_release_plan.app.default_finish_time
  }
}

output "backend_may_deploy" {
  description = "Gate for a backend deploy: only once everyone has the new mini program."
  value       = data.wechat_gray_release_plan.app.fully_released
}
