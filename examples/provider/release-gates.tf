variable "app_version" {
  type    = string
  default = "1.4.2"
}

variable "api_host" {
  type    = string
  default = "api.example.com"
}

data "wechat_gray_release_plan" "app" {}

data "wechat_js_errors" "release" {
  app_version = var.app_version
}

data "wechat_domains" "app" {}

# The backend follows the mini program only when the rollout is finished,
# the new version is healthy, and the app may call the backend's host.
resource "terraform_data" "backend_deploy" {
  input = "backend for ${var.app_version} on ${var.api_host}"

  lifecycle {
    precondition {
      condition     = data.wechat_gray_release_plan.app.fully_released
      error_message = "Not every user has the new mini program yet (${data.wechat_gray_release_plan.app.status_name} at ${coalesce(data.wechat_gray_release_plan.app.gray_percentage, "?")} %)."
    }
    precondition {
      condition     = data.wechat_js_errors.release.occurrences <= 50
      error_message = "Mini program ${var.app_version} has ${data.wechat_js_errors.release.occurrences} JS error occurrences today (limit 50)."
    }
    precondition {
      condition     = contains(data.wechat_domains.app.request_domains, "https://${var.api_host}")
      error_message = "https://${var.api_host} is not a request domain of the mini program."
    }
  }
}

# Warn, without failing, when error logs spike during the rollout.
check "error_log_spike" {
  data "wechat_realtime_logs" "errors" {
    level  = "error"
    window = "30m"
  }

  assert {
    condition     = data.wechat_realtime_logs.errors.total <= 3
    error_message = "${data.wechat_realtime_logs.errors.total} page visits logged errors in the last 30 minutes, with the rollout at ${coalesce(data.wechat_gray_release_plan.app.gray_percentage, "?")} %."
  }
}
