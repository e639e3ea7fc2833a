variable "token_command" {
  type    = string
  default = "/usr/local/bin/wechat-token"
}

# One pull request per raise: change percentage, and the plan shows every
# mini program of the platform going up together.
variable "rollout" {
  type = object({ version = string, percentage = number })
  default = {
    version    = "2.4.0"
    percentage = 10
  }
}

provider "wechat" {
  component_appid = "wx00000000000000c1"
  token_command   = { command = var.token_command }
}

data "wechat_authorizers" "all" {}

# Today's JS errors of the new version, per mini program.
data "wechat_js_errors" "new" {
  for_each    = toset(data.wechat_authorizers.all.appids)
  appid       = each.key
  app_version = var.rollout.version
}

# Error logs of the last hour from visits tagged with the new version
# (the app calls setFilterMsg("v2.4.0")).
data "wechat_realtime_logs" "errors" {
  for_each   = toset(data.wechat_authorizers.all.appids)
  appid      = each.key
  level      = "error"
  window     = "1h"
  filter_msg = "v${var.rollout.version}"
}

resource "wechat_release" "fleet" {
  for_each        = toset(data.wechat_authorizers.all.appids)
  appid           = each.key
  version         = var.rollout.version
  gray_percentage = var.rollout.percentage

  lifecycle {
    precondition {
      condition     = data.wechat_js_errors.new[each.key].affected_users < 50
      error_message = "${each.key}: ${var.rollout.version} hurts ${data.wechat_js_errors.new[each.key].affected_users} users with JS errors today; not raising the rollout."
    }
    precondition {
      condition     = data.wechat_realtime_logs.errors[each.key].total <= 3
      error_message = "${each.key}: ${data.wechat_realtime_logs.errors[each.key].total} visits of ${var.rollout.version} logged errors in the last hour; not raising the rollout."
    }
  }
}

output "rollout" {
  value = { for id, r in wechat_release.fleet : id => "${r.status_name} at ${r.gray_percentage} %" }
}
