package provider

import (
	"fmt"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// explainOpsCode words the errcodes of the ops data sources' APIs. Codes
// are only read on the path that defines them: 76003 means something else
// on getRidInfo.
func explainOpsCode(e *wechat.APIError) (summary, advice string, ok bool) {
	switch e.Path {
	case wechat.PathRealtimeLogSearch:
		return explainLogSearchCode(e)
	case wechat.PathJSErrList:
		if e.Code == wechat.CodeJSErrRateLimit {
			return "WeChat's rate limit for reading JS errors is reached", fmt.Sprintf("WeChat answered 20011 (频率限制, rate limit) to jserr_list. "+
				"The provider reads pages at most %d a second, waited once (%s) and WeChat still refused, or there was no time left to wait. "+
				"Run fewer reads of this app's JS errors at once, or run again in a minute.", time.Second/wechat.JSErrPagePace, wechat.RateLimitWait), true
		}
		return "", "", false
	case wechat.PathDailyVisitTrend:
		if e.Code == wechat.CodeDateRange {
			return "WeChat refused the date range", "WeChat answered 61501 (date range error): the datacube serves one day per query, a day that is over in Beijing " +
				"(yesterday at the latest). The provider asks for one day and checks it against this machine's clock, so WeChat's clock or calendar " +
				"sees that day differently: set date to an earlier day, or leave it out for yesterday.", true
		}
		return "", "", false
	case wechat.PathAPIQuota:
	default:
		return "", "", false
	}
	switch e.Code {
	case wechat.CodeCgiPathNotFound:
		return "WeChat does not know this cgi_path", "WeChat answered 76021 (cgi_path not found): it keeps no quota for the cgi_path asked for. " +
			"Check its spelling against the API's URL in WeChat's documentation: the path alone, starting with /, without host or query.", true
	case wechat.CodeTokenNotPathOwner:
		return "This token may not read the quota of this cgi_path",
			"WeChat answers this for /sns/ paths, and for an API that belongs to another account: a third-party platform's own APIs need its component token, " +
				"a mini program's APIs its own or authorizer token.", true
	case wechat.CodeBadPathOrRid:
		return "WeChat refused the format of cgi_path", "Write cgi_path as the path alone, starting with /, without host or query.", true
	}
	return "", "", false
}

// explainLogSearchCode words userlog_search's own errcodes.
func explainLogSearchCode(e *wechat.APIError) (summary, advice string, ok bool) {
	switch e.Code {
	case wechat.CodeLogDateRange:
		return "WeChat refused the day or window of the log search", fmt.Sprintf("WeChat answered 200002: the day is not among those it serves real-time logs for, "+
			"or end_time is not after begin_time. Its parameter table says the last %d days, but its error text says the last three, "+
			"so a day 3 to %d days back may be refused: search a more recent day (begin_time and end_time within the last three Beijing days).",
			wechat.RealtimeLogDays, wechat.RealtimeLogDays-1), true
	case wechat.CodeLogNoPermission:
		return "WeChat refused the log search: no permission", "WeChat answered 200007 (无权限): this account or this kind of token may not read real-time logs. " +
			"Check the token: the mini program's own (secret), or for a third-party platform an authorizer token of a mini program that granted permission set 18; " +
			"and check that the appid is a mini program or mini game whose admin console shows 实时日志 (开发管理 > 运维中心).", true
	case wechat.CodeLogRateLimit:
		return "WeChat's limit of 50 log searches a minute is reached", fmt.Sprintf("WeChat answered 200010 (每分钟50次): an account gets 50 real-time log searches a minute. "+
			"The provider waited once (%s) and WeChat still refused, or there was no time left to wait. "+
			"Search less often: fewer wechat_realtime_logs reads of this app in one run, or fewer runs at once.", wechat.RateLimitWait), true
	}
	return "", "", false
}
