variable "token_command" {
  type    = string
  default = "/usr/local/bin/wechat-token"
}

# Raised in a pull request: 10, then 30, 50, 100 (everyone).
variable "rollout_percentage" {
  type    = number
  default = 30
}

provider "wechat" {
  component_appid = "wx00000000000000c1"
  token_command   = { command = var.token_command }
}

# How 2.4.0 fares today among the users who already have it.
data "wechat_js_errors" "new" {
  appid       = "wx1234567890abcdef"
  app_version = "2.4.0"
}

resource "wechat_release" "shop" {
  appid           = "wx1234567890abcdef"
  version         = "2.4.0"
  gray_percentage = var.rollout_percentage

  # The plan fails, and nothing is raised, while the new version hurts users.
  lifecycle {
    precondition {
      condition     = data.wechat_js_errors.new.affected_users < 50
      error_message = "2.4.0 hurts users (${data.wechat_js_errors.new.affected_users} hit JS errors today); not raising the rollout."
    }
  }
}

output "rollout" {
  value = "${wechat_release.shop.version} to ${wechat_release.shop.gray_percentage} % (${wechat_release.shop.status_name}); everyone else runs ${coalesce(wechat_release.shop.live_version, "an unknown version")}"
}
