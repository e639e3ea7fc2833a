variable "wechat_access_token" {
  description = "A token from the team's central token server."
  type        = string
  sensitive   = true
}

# When a central server alone refreshes the app's token, hand its current
# token to the provider instead of the secret.
provider "wechat" {
  alias        = "from_token_server"
  access_token = var.wechat_access_token
}
