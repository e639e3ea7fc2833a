variable "api_host" {
  description = "The backend host the mini program is about to call."
  type        = string
  default     = "api-next.example.com"
}

data "wechat_domains" "app" {}

# Refuse to switch the mini program to a new API host until WeChat allows it:
# requests to any other host fail inside the app.
resource "terraform_data" "api_host_switch" {
  input = var.api_host

  lifecycle {
    precondition {
      condition     = contains(data.wechat_domains.app.request_domains, "https://${var.api_host}")
      error_message = "https://${var.api_host} is not a request domain of the mini program yet; add it under 开发管理 > 开发设置 > 服务器域名 first. Allowed now: ${join(", ", data.wechat_domains.app.request_domains)}."
    }
  }
}
