data "wechat_gray_release_plan" "rollout" {}

# Hold a backend deploy back until every user has the new mini program:
# the plan fails, saying why, until fully_released is true. The percentage
# reads "?" where WeChat does not report one (no plan, say).
resource "terraform_data" "backend_deploy" {
  input = "backend v2"

  lifecycle {
    precondition {
      condition     = data.wechat_gray_release_plan.rollout.fully_released
      error_message = "Not every user has the new mini program yet (${data.wechat_gray_release_plan.rollout.status_name} at ${coalesce(data.wechat_gray_release_plan.rollout.gray_percentage, "?")} %); deploy the backend once they do."
    }
  }
}
