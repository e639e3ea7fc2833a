variable "token_command" {
  type    = string
  default = "/usr/local/bin/wechat-token"
}

provider "wechat" {
  component_appid = "wx00000000000000c1"
  token_command   = { command = var.token_command }
}

# Take over a rollout started in WeChat's console: the plan reads it, and
# shows no change when the configuration says what WeChat shows.
import {
  to = wechat_release.shop
  id = "wx1234567890abcdef"
}

resource "wechat_release" "shop" {
  appid           = "wx1234567890abcdef"
  version         = "2.4.0"
  gray_percentage = 30
}
