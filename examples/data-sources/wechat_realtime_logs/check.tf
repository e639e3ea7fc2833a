# Warn on every plan and apply when error logs spiked in the last 30 minutes.
# The app tags its logs with its version (setFilterMsg("v1.4.2")), so the
# check can look at one version only.
check "error_log_spike" {
  data "wechat_realtime_logs" "errors" {
    level      = "error"
    window     = "30m"
    filter_msg = "v1.4.2"
  }

  assert {
    condition     = data.wechat_realtime_logs.errors.total <= 3
    error_message = "${data.wechat_realtime_logs.errors.total} page visits logged errors since ${data.wechat_realtime_logs.errors.begin_time}."
  }
}
