data "wechat_gray_release_plan" "app" {}

# true once every user has the new version; never null.
output "fully_released" {
  value = data.wechat_gray_release_plan.app.fully_released
}

# running, paused, finished, ...; "none" when WeChat's answer carries no plan.
output "rollout_status" {
  value = data.wechat_gray_release_plan.app.status_name
}

# Null when WeChat does not say, as with no plan.
output "rollout_percentage" {
  value = data.wechat_gray_release_plan.app.gray_percentage
}
