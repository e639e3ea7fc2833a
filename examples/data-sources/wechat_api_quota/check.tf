# Warn when the daily quota of the API the release gates read runs low:
# each wechat_js_errors read costs one call per page.
check "ops_api_quota" {
  data "wechat_api_quota" "jserr" {
    cgi_path = "/wxaapi/log/jserr_list"
  }

  assert {
    condition     = try(data.wechat_api_quota.jserr.remain >= 0.2 * data.wechat_api_quota.jserr.daily_limit, true)
    error_message = "Only ${data.wechat_api_quota.jserr.remain} of ${data.wechat_api_quota.jserr.daily_limit} calls to /wxaapi/log/jserr_list are left today; the quota resets at midnight, Beijing time."
  }
}
