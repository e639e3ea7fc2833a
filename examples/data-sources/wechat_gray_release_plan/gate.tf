data "wechat_gray_release_plan" "app" {}

# Hold a backend deploy back until every user has the new mini program:
# the plan fails, saying why, until the rollout is finished.
resource "terraform_data" "backend_deploy" {
  input = "backend v2"

  lifecycle {
    precondition {
      condition     = data.wechat_gray_release_plan.app.status_name == "finished" || data.wechat_gray_release_plan.app.gray_percentage == 100
      error_message = "The mini program is at ${coalesce(data.wechat_gray_release_plan.app.gray_percentage, 0)} % (${data.wechat_gray_release_plan.app.status_name}); deploy the backend once it reaches 100 %."
    }
  }
}
