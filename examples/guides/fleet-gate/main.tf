variable "token_command" {
  type    = string
  default = "/usr/local/bin/wechat-token"
}

provider "wechat" {
  component_appid = "wx00000000000000c1"
  token_command   = { command = var.token_command }
}

data "wechat_authorizers" "all" {}

# One read per authorized mini program, each with its own token.
data "wechat_gray_release_plan" "fleet" {
  for_each = toset(data.wechat_authorizers.all.appids)
  appid    = each.key
}

locals {
  unfinished = [for appid, plan in data.wechat_gray_release_plan.fleet : appid if !plan.fully_released]
}

# The backend follows only once every authorized mini program has finished
# its rollout.
resource "terraform_data" "backend_deploy" {
  input = "backend v2"

  lifecycle {
    precondition {
      condition     = alltrue([for plan in data.wechat_gray_release_plan.fleet : plan.fully_released])
      error_message = "Still rolling out: ${join(", ", local.unfinished)}."
    }
  }
}
