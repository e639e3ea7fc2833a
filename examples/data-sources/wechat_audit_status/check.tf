variable "token_command" {
  type    = string
  default = "/usr/local/bin/wechat-token"
}

provider "wechat" {
  component_appid = "wx00000000000000c1"
  token_command   = { command = var.token_command }
}

# Warn on every plan while WeChat has rejected the latest submission.
check "mini_program_audit" {
  data "wechat_audit_status" "shop" {
    appid = "wx1234567890abcdef"
  }

  assert {
    condition     = data.wechat_audit_status.shop.status_name != "rejected"
    error_message = "WeChat rejected version ${coalesce(data.wechat_audit_status.shop.version, "?")}: ${coalesce(data.wechat_audit_status.shop.reason, "no reason given")}"
  }
}
