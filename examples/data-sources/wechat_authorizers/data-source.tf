variable "token_command" {
  type    = string
  default = "/usr/local/bin/wechat-token"
}

provider "wechat" {
  component_appid = "wx00000000000000c1"
  token_command   = { command = var.token_command }
}

# Every account authorized to the platform, sorted by appid.
data "wechat_authorizers" "all" {}

output "authorized_appids" {
  value = data.wechat_authorizers.all.appids
}
