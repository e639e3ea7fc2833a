variable "token_command" {
  type    = string
  default = "/usr/local/bin/wechat-token"
}

variable "app_version" {
  type    = string
  default = "1.4.2"
}

provider "wechat" {
  component_appid = "wx00000000000000c1"
  token_command   = { command = var.token_command }
}

data "wechat_version_info" "shop" {
  appid = "wx1234567890abcdef"
}

# Switch the backend over only once the version it serves is live.
resource "terraform_data" "backend_deploy" {
  input = "backend for ${var.app_version}"

  lifecycle {
    precondition {
      condition     = data.wechat_version_info.shop.release_version == var.app_version
      error_message = "The live mini program is ${coalesce(data.wechat_version_info.shop.release_version, "unknown")}, not ${var.app_version}."
    }
  }
}
