# Makes this folder a configuration of its own: run `terraform plan` here,
# against `make mock` or your mini program.
terraform {
  required_providers {
    wechat = {
      source = "wxops/wechat"
    }
  }
}
