# Warn when yesterday's visitors fell under a floor. Until WeChat publishes
# the day (usually after 10:00 Beijing time), ready is false and the
# figures are null, so the check passes rather than reading them as 0.
check "daily_visitors" {
  data "wechat_visit_trend" "yesterday" {}

  assert {
    condition     = data.wechat_visit_trend.yesterday.ready ? data.wechat_visit_trend.yesterday.visit_uv >= 500 : true
    error_message = "Only ${coalesce(data.wechat_visit_trend.yesterday.visit_uv, 0)} users visited the mini program on ${data.wechat_visit_trend.yesterday.date} (floor 500)."
  }
}
