variable "token_command" {
  description = "The program that asks the platform's central token server for tokens."
  type        = string
  default     = "/usr/local/bin/wechat-token"
}

variable "token_service_key" {
  description = "The key the token command presents to the token server."
  type        = string
  sensitive   = true
}

# A third-party platform reads the mini programs authorized to it. The
# provider runs the program for each mini program's authorizer token and
# never fetches a platform token from WeChat itself.
provider "wechat" {
  alias           = "platform"
  component_appid = "wx00000000000000c1"

  token_command = {
    command = var.token_command
    env = {
      TOKEN_SERVICE     = "https://tokens.internal.example"
      TOKEN_SERVICE_KEY = var.token_service_key
    }
    timeout = "30s"
  }
}

data "wechat_gray_release_plan" "shop" {
  provider = wechat.platform
  appid    = "wx1234567890abcdef"
}
