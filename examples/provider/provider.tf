terraform {
  required_providers {
    wechat = {
      source = "wxops/wechat"
    }
  }
}

variable "wechat_secret" {
  description = "The mini program's AppSecret."
  type        = string
  sensitive   = true
}

# Tokens come from the stable token API, so other systems of the app keep
# theirs. The secret can also come from WECHAT_SECRET.
provider "wechat" {
  appid  = "wx1234567890abcdef"
  secret = var.wechat_secret
}
