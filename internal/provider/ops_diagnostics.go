package provider

import "github.com/wxops/terraform-provider-wechat/internal/wechat"

// explainOpsCode words the errcodes of the ops data sources' APIs. Codes
// are only read on the path that defines them: 76003 means something else
// on getRidInfo.
func explainOpsCode(e *wechat.APIError) (summary, advice string, ok bool) {
	switch {
	case e.Path == wechat.PathDailyVisitTrend && e.Code == wechat.CodeDateRange:
		return "WeChat has no visit data for that day yet", "The datacube serves one day at a time, once it is over in Beijing (yesterday at the latest). " +
			"Set date to an earlier day, or leave it out for yesterday.", true
	case e.Path != wechat.PathAPIQuota:
		return "", "", false
	case e.Code == wechat.CodeCgiPathNotFound:
		return "WeChat does not know this cgi_path", "Check cgi_path against the API's documentation: the path alone, such as /wxaapi/log/jserr_list.", true
	case e.Code == wechat.CodeTokenNotPathOwner:
		return "This token may not read the quota of this cgi_path",
			"WeChat answers this for /sns/ paths, and for an API that belongs to another account: a third-party platform's own APIs need its component token, " +
				"a mini program's APIs its own or authorizer token.", true
	case e.Code == wechat.CodeBadPathOrRid:
		return "WeChat refused the format of cgi_path", "Write cgi_path as the path alone, starting with /, without host or query.", true
	}
	return "", "", false
}
