package wechat

// Error codes of single APIs, from their own error tables. A code is read
// only on the path that defines it: 20011 or 200002 elsewhere may mean
// something else.
const (
	// CodeJSErrRateLimit is jserr_list's 频率限制 (rate limit).
	CodeJSErrRateLimit = 20011
	// CodeLogDateRange is userlog_search's "date只能是最近三天的日期，endtime必须大于begintime":
	// the date is not among the days WeChat serves (its text says three,
	// the parameter table seven), or endtime is not after begintime.
	CodeLogDateRange = 200002
	// CodeLogNoPermission is userlog_search's 无权限 (no permission).
	CodeLogNoPermission = 200007
	// CodeLogRateLimit is userlog_search's 每分钟50次 (50 searches a minute).
	CodeLogRateLimit = 200010
	// CodeCountOverLimit is api_get_authorizer_list's "args count exceed
	// count limit" (count over 500).
	CodeCountOverLimit = 40170
)

// IsRateLimit reports whether WeChat refused the call for coming too often:
// 45011 (the per-minute limit) on any API, or an API's own code for it.
// The client waits once and retries these (see RateLimitWait).
func (e *APIError) IsRateLimit() bool {
	switch {
	case e.Code == CodeMinuteLimit:
		return true
	case e.Path == PathJSErrList:
		return e.Code == CodeJSErrRateLimit
	case e.Path == PathRealtimeLogSearch:
		return e.Code == CodeLogRateLimit
	}
	return false
}
