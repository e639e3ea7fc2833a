variable "wechat_secret" {
  type      = string
  sensitive = true
}

variable "token_command" {
  type    = string
  default = "/usr/local/bin/wechat-token"
}

# A mini program with its own secret...
provider "wechat" {
  appid  = "wx1234567890abcdef"
  secret = var.wechat_secret
}

# ...and the mini programs a platform reads, in one run.
provider "wechat" {
  alias           = "platform"
  component_appid = "wx00000000000000c1"
  token_command   = { command = var.token_command }
}

data "wechat_gray_release_plan" "own" {}

data "wechat_version_info" "blog" {
  provider = wechat.platform
  appid    = "wxfedcba9876543210"
}

output "versions" {
  value = {
    own_rollout  = data.wechat_gray_release_plan.own.status_name
    blog_release = data.wechat_version_info.blog.release_version
  }
}
