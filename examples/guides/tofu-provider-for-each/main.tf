# OpenTofu 1.9 and later only: one provider block per mini program, made
# with for_each, for fleets whose mini programs each use their own secret.
variable "apps" {
  description = "AppSecrets by appid."
  type        = map(string)
  sensitive   = true
}

provider "wechat" {
  alias    = "app"
  for_each = nonsensitive(toset(keys(var.apps)))
  appid    = each.key
  secret   = var.apps[each.key]
}

data "wechat_gray_release_plan" "fleet" {
  for_each = nonsensitive(toset(keys(var.apps)))
  provider = wechat.app[each.key]
}

output "all_released" {
  value = alltrue([for plan in data.wechat_gray_release_plan.fleet : plan.fully_released])
}
