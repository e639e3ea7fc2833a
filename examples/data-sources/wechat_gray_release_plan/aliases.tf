variable "shop_secret" {
  type      = string
  sensitive = true
}

variable "blog_secret" {
  type      = string
  sensitive = true
}

# One provider block per mini program.
provider "wechat" {
  alias  = "shop"
  appid  = "wx1234567890abcdef"
  secret = var.shop_secret
}

provider "wechat" {
  alias  = "blog"
  appid  = "wxfedcba9876543210"
  secret = var.blog_secret
}

data "wechat_gray_release_plan" "shop" {
  provider = wechat.shop
}

data "wechat_gray_release_plan" "blog" {
  provider = wechat.blog
}

output "fully_released_by_app" {
  value = {
    shop = data.wechat_gray_release_plan.shop.fully_released
    blog = data.wechat_gray_release_plan.blog.fully_released
  }
}
