package provider

import (
	"errors"
	"fmt"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// The wording of what goes wrong for third-party platforms and fleets: the
// token command, the kind of token an API takes, and the platform's
// errcodes. Each advice names what to change.

const guideHint = "See the guide \"Third-party platforms and fleets\"."

// explainThirdParty words the client's errors about token commands and
// token kinds; ok is false for any other error.
func explainThirdParty(err error) (summary, advice string, ok bool) {
	var cmdErr *wechat.TokenCommandError
	var kindErr *wechat.TokenKindError
	var otherApp *wechat.OtherAppError
	var stale *wechat.StaleTokenError
	var short *wechat.IncompleteListError
	switch {
	case errors.As(err, &short):
		summary = "WeChat's list of authorized mini programs does not add up"
		advice = fmt.Sprintf("WeChat's total_count says %d accounts authorized the platform, but its pages held %d distinct appids: "+
			"they ended early, ignored offset, or shifted while authorizations changed. A fleet read from this list would pass over the missing ones, "+
			"so none is returned. Run again; if the counts stay apart, report them to WeChat with the platform's appid.", short.Total, short.Listed)
	case errors.As(err, &cmdErr):
		summary, advice = explainTokenCommand(cmdErr)
	case errors.As(err, &kindErr):
		summary, advice = explainTokenKind(kindErr)
	case errors.As(err, &stale) && stale.FromCommand:
		summary = "WeChat keeps rejecting the token command's tokens"
		advice = "WeChat refused the token token_command handed out, and refused the one it handed out when run again with reason \"rejected\" (and WeChat's errcode) in WECHAT_TOKEN_REQUEST. " +
			"The token server it asks hands out a token that is dead: replaced by a newer one over 5 minutes ago (someone minted a new token), expired, or not this appid's. " +
			"Make the server refresh the token when asked with reason \"rejected\", and check that nothing else mints tokens for this platform. " + guideHint
	case errors.As(err, &otherApp):
		owner := "one mini program"
		if otherApp.Configured != "" {
			owner = otherApp.Configured
		}
		summary = "This provider block cannot read " + otherApp.Asked
		advice = fmt.Sprintf("The block's credentials (secret or a ready-made token) belong to %s, and WeChat serves no other mini program with them. "+
			"Read %s through a provider alias with its own credentials, or give a block a token_command, which serves any appid. %s", owner, otherApp.Asked, guideHint)
	case errors.Is(err, wechat.ErrNoAppID):
		summary = "No appid to read"
		advice = "This provider block gets its tokens from token_command and has no appid of its own: set appid on the data source " +
			"(for example each.key of a for_each over data.wechat_authorizers.all.appids), or in the provider block."
	case errors.Is(err, wechat.ErrNoComponent):
		summary = "This needs a third-party platform's component token"
		advice = "The list of authorized mini programs is the platform's own API and takes its component_access_token. " +
			"Configure token_command and component_appid in this provider block; the program is then asked `get-component`. " +
			"The provider never fetches a platform's tokens itself. " + guideHint
	default:
		return "", "", false
	}
	return summary, advice, true
}

func explainTokenCommand(e *wechat.TokenCommandError) (summary, advice string) {
	asked := fmt.Sprintf("the %s token of %s", e.Kind, e.AppID)
	if e.TimedOut {
		return "The token command timed out",
			fmt.Sprintf("The provider ran token_command for %s, and it did not finish within token_command.timeout; it was stopped with every process it started. "+
				"Check that the token server it asks answers, or raise the timeout.", asked)
	}
	return "The token command gave no token",
		fmt.Sprintf("The provider ran token_command for %s and got no usable token. Fix the program or the token server it asks: "+
			"it is run as `COMMAND ARGS… get APPID` (or `get-component`), with the request as JSON in WECHAT_TOKEN_REQUEST, "+
			"and must exit 0 after printing one JSON object with access_token and expires_in or expires_at on stdout. "+
			"Its stderr is shown below, redacted; its stdout never is, as it may hold a token.", asked)
}

func explainTokenKind(e *wechat.TokenKindError) (summary, advice string) {
	app := e.AppID
	if app == "" {
		app = "this mini program"
	}
	why := "WeChat refused the token as the wrong kind"
	if e.Likely {
		why = "WeChat kept refusing the token, after a fresh one too: on this API that is what the wrong kind of token gets"
	}
	if e.Needed == wechat.TokenKindComponent {
		return "This API needs the platform's component token",
			fmt.Sprintf("%s. %s takes the third-party platform's component_access_token: make token_command print it for `get-component` "+
				"(kind \"component\" in WECHAT_TOKEN_REQUEST).", why, e.Path)
	}
	summary = "This API needs a third-party platform's authorizer token"
	switch e.Used {
	case wechat.TokenKindOwn:
		advice = fmt.Sprintf("%s. WeChat serves %s only to a third-party platform acting for the mini program, with its authorizer_access_token; "+
			"this provider block uses the mini program's own token (secret), which WeChat refuses here. "+
			"Read it through a provider block with token_command and component_appid, whose program hands out the platform's authorizer token for %s. %s",
			why, e.Path, app, guideHint)
	case wechat.TokenKindAuthorizer:
		summary = "The token command's token is not an authorizer token"
		advice = fmt.Sprintf("%s. %s takes only an authorizer_access_token, and the token token_command handed out for %s is not one "+
			"(the program was run once more with reason \"rejected\" where a fresh token could help). "+
			"Make it print the platform's authorizer_access_token for this appid, not the mini program's own token or the component token.", why, e.Path, app)
	default:
		advice = fmt.Sprintf("%s. %s takes only an authorizer_access_token: access_token must be the third-party platform's authorizer token for %s, "+
			"or use token_command. %s", why, e.Path, app, guideHint)
	}
	return summary, advice
}

// explainPlatformCode covers the errcodes of third-party platforms; ok is
// false for any other code. None of them is cured by a fresh token, so the
// token command is never run again for them.
func explainPlatformCode(e *wechat.APIError) (summary, advice string, ok bool) {
	switch e.Code {
	case wechat.CodeNotThirdPartyCall:
		summary, advice = "Only a third-party platform may call this API",
			"WeChat answered 86000: "+e.Path+" is served only to a third-party platform acting for the mini program, with an authorizer_access_token. "+guideHint
	case wechat.CodeNotAuthorizedToPlatform:
		summary, advice = "The mini program has not authorized this platform",
			"WeChat says the appid is not, or no longer, authorized to the third-party platform. Have the mini program's admin authorize the platform again, "+
				"or leave the appid out (a for_each over data.wechat_authorizers.all.appids lists only authorized accounts)."
	case wechat.CodePlatformIPNotListed:
		ip := "this machine's address"
		if caller := e.CallerIP(); caller != "" {
			ip = caller
		}
		summary, advice = "This machine's IP address is not on the platform's whitelist",
			fmt.Sprintf("WeChat saw the call come from %s. Add it to the third-party platform's whitelist (第三方平台 > 开发资料 > 白名单; "+
				"the platform's list, not the mini program's), and publish the change with 全网发布: an edit takes effect only then.", ip)
	case wechat.CodeSetNotGranted:
		summary, advice = "The mini program has not granted the permission set this API needs",
			"The mini program's admin did not grant the platform the permission set for this API (set 18, 小程序开发与数据分析: version, audit and operations reads, and wechat_release's writes). "+
				"The admin authorizes the platform again with that set ticked; a fresh token would not help, so none was asked for."
	case wechat.CodeRefreshTokenInvalid:
		summary, advice = "The platform's refresh token for this mini program is invalid",
			"WeChat says the authorizer_refresh_token is empty, belongs to another appid, or was replaced by a new authorization. "+
				"The provider never handles refresh tokens: the platform's central token server re-reads it from api_get_authorizer_list, or the mini program authorizes again."
	case wechat.CodeThirdPartyAppID:
		summary, advice = "The appid is a third-party platform's",
			"WeChat answered 61024: this appid belongs to a third-party platform, which gets no token for a secret. "+
				"Put the platform's appid in component_appid, with a token_command that hands out its tokens, and the mini programs' appids in appid. "+guideHint
	case wechat.CodeCountOverLimit:
		if e.Path != wechat.PathAuthorizerList {
			return "", "", false
		}
		summary, advice = "WeChat refused the page size of the authorizer list",
			"WeChat answered 40170 (args count exceed count limit): the provider asks for 500 accounts a page, the largest count api_get_authorizer_list documents, "+
				"and WeChat now takes fewer. Please report it, with the rid below."
	case wechat.CodeNeedComponentToken:
		summary, advice = "This API needs the platform's component token",
			"WeChat answered 61014: the platform's APIs take its component_access_token. Make token_command print it for `get-component`."
	default:
		return "", "", false
	}
	return summary, advice, true
}
