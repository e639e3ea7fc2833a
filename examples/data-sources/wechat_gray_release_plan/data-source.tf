data "wechat_gray_release_plan" "app" {}

output "rollout_percentage" {
  value = data.wechat_gray_release_plan.app.gray_percentage
}

output "rollout_status" {
  value = data.wechat_gray_release_plan.app.status_name
}
