# Warn on every plan and apply while the staged release is paused short of
# everyone. The percentage reads "?" where WeChat does not report one.
check "mini_program_rollout" {
  data "wechat_gray_release_plan" "now" {}

  assert {
    condition     = data.wechat_gray_release_plan.now.fully_released || data.wechat_gray_release_plan.now.status_name != "paused"
    error_message = "The mini program's staged release is paused at ${coalesce(data.wechat_gray_release_plan.now.gray_percentage, "?")} %."
  }
}
