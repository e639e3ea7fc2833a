package provider

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// This file holds the wording of every error a WeChat call can end in: a
// summary that names the problem, then what to do, then the facts WeChat
// support asks for. The client's error text comes last, as it came.

// callDiagnostic words err for the provider block that made the call.
func (pd *providerData) callDiagnostic(err error) diag.Diagnostic {
	return diagnose(err, pd.tokenAPI, pd.host)
}

// callDiagnostic turns an error from the client into one diagnostic, for a
// block on WeChat's own host. tokenAPI is the block's token_api ("" for a
// ready-made token), which changes the likely cause of some errors.
func callDiagnostic(err error, tokenAPI string) diag.Diagnostic {
	return diagnose(err, tokenAPI, "")
}

// diagnose is callDiagnostic for a block whose base_url points at host
// ("" for WeChat's).
func diagnose(err error, tokenAPI, host string) diag.Diagnostic {
	summary, advice := explain(err, tokenAPI, host)
	detail := advice
	// A lost write's -1 is a detail of its text, which says what WeChat
	// showed after. Guarded by TestExplainRelease_lostAnswer.
	if apiErr, ok := wechat.AsAPIError(err); ok && !wechat.IsOutcomeUnknown(err) {
		detail += fmt.Sprintf("\n\nerrcode: %d\nerrmsg: %s", apiErr.Code, apiErr.MessageWithoutRID())
		if apiErr.RID != "" {
			detail += "\nrid: " + apiErr.RID + " (quote it to WeChat support)"
		}
	} else {
		// Not "Error:", which the CLI's output would show as a second
		// failure (guarded by TestProvider_oneErrorBlockPerFailure).
		detail += "\n\nCause: " + capitalized(err.Error())
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// rateLimitWarning tells the user why a read took a minute longer: WeChat
// refused a call with 45011 and the client waited for the limit to reset.
func rateLimitWarning(waited time.Duration, succeeded bool) diag.Diagnostic {
	outcome := "and the call then succeeded"
	if !succeeded {
		outcome = "but the call failed all the same"
	}
	return diag.NewWarningDiagnostic("Waited for WeChat's per-minute limit",
		fmt.Sprintf("WeChat refused a call for its rate limit (errcode 45011, the per-minute call limit, or an API's own: 20011 on JS errors, 200010 on real-time logs). "+
			"The provider waited %s for the limit to reset, %s. If this happens often, run fewer plans of this app at once.", waited.Round(time.Second), outcome))
}

// notConfigured guards reads that Terraform made before configuring the
// provider, which it never should.
func notConfigured() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Provider not configured",
		"The wechat provider was not configured before this read. This is a bug in the provider; please report it.")
}

// capitalized starts a Go error text (lower case by convention) as the
// sentence it becomes in a diagnostic.
func capitalized(s string) string {
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

func explain(err error, tokenAPI, host string) (summary, advice string) {
	var stale *wechat.StaleTokenError
	var retries *wechat.RetriesExhaustedError
	var transport *wechat.TransportError
	var httpErr *wechat.HTTPError
	var bad *wechat.BadResponseError

	if summary, advice, ok := explainThirdParty(err); ok {
		return summary, advice
	}
	if summary, advice, ok := explainRelease(err); ok {
		return summary, advice
	}
	switch {
	case errors.Is(err, context.Canceled):
		return "Canceled", "The WeChat call was canceled before it finished, as asked."
	case errors.Is(err, context.DeadlineExceeded):
		return "Out of time", "The WeChat call did not finish before Terraform's deadline. Run again, or raise request_timeout if WeChat is slow from here."
	case errors.As(err, &stale):
		return explainStale(stale, tokenAPI)
	}
	if apiErr, ok := wechat.AsAPIError(err); ok {
		return explainCode(apiErr)
	}
	switch {
	case errors.As(err, &transport):
		attempts := "The call"
		if errors.As(err, &retries) {
			attempts = fmt.Sprintf("All %d attempts", retries.Attempts)
		}
		if transport.Timeout {
			return "WeChat did not answer in time",
				attempts + " ran out of request_timeout. Check that this machine reaches " + hostHint(host) + ", and raise request_timeout or max_retries if the link is slow."
		}
		return "Could not reach WeChat",
			attempts + " failed before WeChat answered. Check that this machine reaches " + hostHint(host) + ": the network, any proxy (HTTPS_PROXY, NO_PROXY) and base_url."
	case errors.As(err, &httpErr):
		if httpErr.StatusCode == 429 || httpErr.StatusCode >= 500 {
			return fmt.Sprintf("WeChat kept failing with HTTP %d", httpErr.StatusCode),
				"WeChat or a proxy in between answered with a server error to every attempt. Try again later, or raise max_retries."
		}
		return fmt.Sprintf("Unexpected HTTP %d from WeChat", httpErr.StatusCode),
			"The answer did not come from the WeChat API. Check that base_url points at it (for example " + wechat.DefaultBaseURL + ") and that no proxy rewrites the request."
	case errors.As(err, &bad) && bad.NotWeChat:
		return "The answer did not come from the WeChat API",
			"Something answered in WeChat's place: check that base_url is a bare WeChat host such as " + wechat.DefaultBaseURL +
				" (no path), and that no proxy or gateway (HTTPS_PROXY) intercepts the request."
	case errors.As(err, &bad):
		return "WeChat sent an answer the provider cannot use",
			"If a proxy or gateway sits between this machine and WeChat, check it. Otherwise WeChat changed its answer: please report this text (it holds no secret)."
	}
	return "WeChat call failed", "Run again; if it fails the same way, please report this text (it holds no secret)."
}

// explainStale words a token WeChat kept rejecting; tokenAPI is the
// block's token_api, which changes the likely cause.
func explainStale(stale *wechat.StaleTokenError, tokenAPI string) (summary, advice string) {
	switch {
	case stale.Refreshed && tokenAPI == wechat.TokenAPIClassic:
		return "WeChat keeps rejecting fresh access tokens",
			"This provider block uses token_api = \"classic\": every fetch from /cgi-bin/token invalidates the token fetched before it, " +
				"so other provider blocks (aliases) of this app in the same run, or another system using the classic API, keep replacing each other's tokens. " +
				"Remove token_api (the default \"stable\" API hands every caller the same token), or give every block the central token server's token through access_token."
	case stale.Refreshed:
		return "WeChat keeps rejecting fresh access tokens",
			"WeChat rejected an access token the provider had just fetched. Most likely another system of this app force-refreshed the token " +
				"(stable_token with force_refresh, or the classic /cgi-bin/token API, which invalidates older tokens) at the same moment. " +
				"Run again; if it keeps happening, make every system of the app fetch tokens from stable_token without force_refresh, " +
				"or give the provider the token your central token server hands out through access_token."
	default:
		return "The configured access token was rejected",
			"WeChat says the ready-made token (access_token, cloudbase_access_token or their WECHAT_* variables) is invalid, expired, or was replaced by a newer one. " +
				"The provider cannot refresh a token it was given: fetch a current one from the system that issues it and run again, or configure appid and secret instead."
	}
}

// notFoundCode is the errcode WeChat gives an unknown API path.
const notFoundCode = 404

// hostHint names the host calls go to: base_url's when it is set
// (guarded by TestDiagnose_namesBaseURLHost).
func hostHint(host string) string {
	if host == "" {
		return "api.weixin.qq.com"
	}
	return host + " (base_url)"
}

// explainCode covers the errcodes a user can act on; see WeChat's global
// error code list for the rest, which are shown as they came.
func explainCode(e *wechat.APIError) (summary, advice string) {
	switch e.Code {
	case wechat.CodeSystemBusy:
		return "WeChat is busy", "WeChat answered errcode -1 (system busy) to every attempt. Try again in a few minutes, or raise max_retries."
	case wechat.CodeMinuteLimit:
		return "WeChat's per-minute call limit is reached",
			fmt.Sprintf("The provider waited once (%s) for the limit to reset and WeChat still refused, or there was no time left to wait. Run fewer plans of this app at once, or run again in a minute.", wechat.RateLimitWait)
	case wechat.CodeDailyQuota:
		return "WeChat's daily quota for this call is used up",
			"The provider does not retry: more calls only count against the quota. It resets at midnight (Beijing time); an admin can reset it sooner with clear_quota (10 times a month)."
	case wechat.CodeInvalidAppID:
		return "WeChat does not recognize the appid",
			"Check appid (or WECHAT_APPID) against the mini program's admin console, 开发管理 > 开发设置 > AppID."
	case wechat.CodeInvalidSecret:
		return "WeChat rejected the AppSecret", secretAdvice
	case wechat.CodeInvalidToken:
		if e.WrongSecret() {
			return "WeChat rejected the AppSecret", secretAdvice
		}
	case wechat.CodeSecretFrozen:
		return "The AppSecret is frozen",
			"An admin froze this app's AppSecret, so no token can be fetched with it. Unfreeze it in the admin console under 开发管理 > 开发设置, or give the provider a ready token through access_token."
	case wechat.CodeIPNotWhitelist:
		ip := "this machine's address"
		if caller := e.CallerIP(); caller != "" {
			ip = caller
		}
		return "This machine's IP address is not on the app's API IP whitelist",
			fmt.Sprintf("WeChat saw the call come from %s. Add it to the API IP whitelist (开发管理 > 开发设置 > IP白名单) in the mini program's admin console; "+
				"the code-upload whitelist of the developer tools is a different list. Or fetch tokens on a whitelisted machine and pass one through access_token.", ip)
	case wechat.CodeIPAwaitingConfirm, wechat.CodeIPConfirmRequired:
		return "This machine's IP address awaits an admin's confirmation",
			"WeChat asked the app's admin to confirm calls from this IP address. Ask the admin to confirm it in the WeChat notification, then run again."
	case wechat.CodeIPRefusedTwice, wechat.CodeIPRefusedOnce:
		return "An admin refused calls from this IP address",
			"The app's admin refused calls from this IP address; WeChat blocks it for a while (up to 24 hours). Ask the admin, then run again later, or add the address to the API IP whitelist."
	case wechat.CodeUnauthorized:
		return "WeChat refused " + e.Path + " for this account or token",
			"WeChat says the API is not open to this account or this kind of token. Check the mini program's verification and, for a third-party platform, that the authorizer granted the operations (运维中心) permission set. " +
				"WeChat's current pages list some APIs, getgrayreleaseplan among them, for third-party platforms only: if the mini program's own token is refused here, read it through a provider block with token_command. " + guideHint
	case notFoundCode:
		return "WeChat does not know this API path",
			"WeChat answered that the API does not exist. base_url is a bare host, so a proxy or gateway between here and WeChat (HTTPS_PROXY) " +
				"may have rewritten the path, or base_url's host is not a WeChat API host such as " + wechat.DefaultBaseURL + "."
	case wechat.CodeMissingToken, wechat.CodeMissingAppID, wechat.CodeMissingSecret, wechat.CodeInvalidGrantType,
		wechat.CodeRequireGET, wechat.CodeRequirePOST:
		return "WeChat says the request was malformed",
			"This is a bug in the provider, or a proxy rewrote the request. Please report it with the rid below."
	}
	if summary, advice, ok := explainPlatformCode(e); ok {
		return summary, advice
	}
	if summary, advice, ok := explainOpsCode(e); ok {
		return summary, advice
	}
	return fmt.Sprintf("WeChat returned errcode %d", e.Code),
		"Look the errcode up in WeChat's global error code list (全局错误码); errmsg below is WeChat's own text."
}

const secretAdvice = "Check secret (or WECHAT_SECRET) against the mini program's admin console, 开发管理 > 开发设置 > AppSecret. " +
	"If the secret was reset there, the old one no longer works."
