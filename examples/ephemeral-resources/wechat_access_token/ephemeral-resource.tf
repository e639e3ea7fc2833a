# An access token that never reaches the plan or the state (Terraform 1.10+,
# OpenTofu 1.11+), for another provider or a provider alias.
ephemeral "wechat_access_token" "current" {}

provider "wechat" {
  alias        = "with_token"
  access_token = ephemeral.wechat_access_token.current.access_token
}

data "wechat_gray_release_plan" "via_token" {
  provider = wechat.with_token
}

output "fully_released" {
  value = data.wechat_gray_release_plan.via_token.fully_released
}
