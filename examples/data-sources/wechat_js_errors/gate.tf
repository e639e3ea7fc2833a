variable "app_version" {
  description = "The mini program version the backend deploy goes with."
  type        = string
  default     = "1.4.2"
}

# Today's JS errors of that version (Beijing day).
data "wechat_js_errors" "release" {
  app_version = var.app_version
}

# Hold the backend deploy while the version is unhealthy: the plan fails,
# saying why, until its errors stay at or under 50 occurrences today.
resource "terraform_data" "backend_deploy" {
  input = "backend for ${var.app_version}"

  lifecycle {
    precondition {
      condition     = data.wechat_js_errors.release.occurrences <= 50
      error_message = "Mini program ${var.app_version} has ${data.wechat_js_errors.release.occurrences} JS error occurrences today (limit 50); the worst: ${try(data.wechat_js_errors.release.errors[0].message, "none")}."
    }
  }
}
