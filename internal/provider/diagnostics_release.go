package provider

import (
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// The wording of wechat_release: why a target cannot be reached, what a
// lost answer left behind, and one line of advice per errcode WeChat's
// release writes are documented to answer.

// revertHint says how to revert: revert_on_destroy is read from the state
// at destroy, so it takes an apply of its own first.
const revertHint = "revert the staged release: in WeChat's console, or here in two applies: first set revert_on_destroy = true, " +
	"with gray_percentage still at WeChat's figure; then remove this resource from the configuration (or terraform destroy -target it)"

// explainRelease words the release's own errors; ok is false for others.
func explainRelease(err error) (summary, advice string, ok bool) {
	var conflict *wechat.ReleaseConflict
	var lost *wechat.LostAnswerError
	switch {
	case errors.As(err, &conflict):
		summary, advice = explainConflict(conflict)
	case errors.As(err, &lost) && lost.Undecidable:
		summary = "WeChat's answer to a release write was lost"
		advice = fmt.Sprintf("The provider read WeChat back instead of sending %s blindly again, and WeChat's answers cannot show whether it acted "+
			"(getversioninfo names no live version, or the staged release's percentage is left out), so it was not sent again. "+
			"Check the release in WeChat's console (版本管理), then apply again: apply reads WeChat afresh, and WeChat's 85052 (already released) counts as done.", lost.Write)
	case errors.As(err, &lost):
		summary = "WeChat's answer to a release write was lost"
		advice = fmt.Sprintf("The provider read WeChat back instead of sending %s blindly again, and could not tell that it took effect. "+
			"Run terraform plan to see what WeChat shows now, then apply again: the plan says what is left to do.", lost.Write)
	default:
		apiErr, isAPI := wechat.AsAPIError(err)
		if !isAPI {
			return "", "", false
		}
		summary, advice, ok = explainWriteCode(apiErr)
		return summary, advice, ok
	}
	return summary, advice, true
}

// explainConflict says what to change for each reason PlanRelease gives.
func explainConflict(c *wechat.ReleaseConflict) (summary, advice string) {
	v := c.Target.Version
	approvedOrLive := "Set version to the latest approved version or to the live one"
	switch c.Kind {
	case wechat.ConflictInReview, wechat.ConflictDelayed:
		return "Version " + v + " is not approved yet",
			"WeChat releases only the version of its latest audit once approved. Wait for the audit (data.wechat_audit_status shows it), then plan again; or " + lower(approvedOrLive) + "."
	case wechat.ConflictRejected, wechat.ConflictWithdrawn:
		return "Version " + v + " cannot be released",
			"WeChat did not approve it. Fix it and submit it for audit again, or " + lower(approvedOrLive) + "."
	case wechat.ConflictOtherVersion, wechat.ConflictNoAudit:
		return "Version " + v + " is neither approved nor live", approvedOrLive + ", as WeChat names them below."
	case wechat.ConflictLowerPercentage:
		return "WeChat only raises a staged release",
			fmt.Sprintf("Raise gray_percentage to %d or more. To start over lower, %s, and add it back at the lower figure.", derefInt64(c.Current), revertHint)
	case wechat.ConflictLiveBelowFull:
		return "Version " + v + " is live for everyone already",
			"A staged release cannot serve a live version to fewer users. Set gray_percentage = 100 (or leave it out), or set version to the next approved version to stage it."
	case wechat.ConflictStagedOther:
		return "Another version is being rolled out",
			"Set version to the version being rolled out to keep moving that rollout. To keep " + v + " for everyone instead, " + revertHint + "."
	}
	return "WeChat's rollout cannot be read", "WeChat left out the staged release's percentage. Run terraform plan again; if it persists, check the rollout in WeChat's console."
}

// explainWriteCode gives each documented errcode of the three writes its
// advice; ok is false for other codes and paths (the token kinds and the
// platform's codes are worded where the reads' are).
func explainWriteCode(e *wechat.APIError) (summary, advice string, ok bool) {
	if e.Path != wechat.PathGrayRelease && e.Path != wechat.PathRelease && e.Path != wechat.PathRevertGrayRelease {
		return "", "", false
	}
	switch e.Code {
	case wechat.CodeNoOnlineVersion:
		return "The mini program has no live version yet", "A staged release needs a version live for everyone first: release one with gray_percentage = 100, then stage the next.", true
	case wechat.CodeAuditNotPassed:
		return "The version has not passed its audit", "WeChat stages only an approved version, and may refuse to raise a staged release while a newer version's audit is pending. " +
			"Wait for the audit (data.wechat_audit_status shows it), then apply again.", true
	case wechat.CodeInvalidPercentage:
		return "WeChat refused the percentage", "gray_percentage must be 1 to 100. If it was, please report this with the rid below.", true
	case wechat.CodePercentageNotHigher:
		return "WeChat only raises a staged release", "WeChat already serves as much or more than asked (someone raised it since the plan). Run terraform plan to see the figure, then raise gray_percentage to at least that. To go lower, " + revertHint + ".", true
	case wechat.CodeNoApprovedVersion:
		return "WeChat has no approved version to release", "Submit the version for audit and wait for approval (data.wechat_audit_status shows it), then apply again.", true
	case wechat.CodeReleaseNotAllowed:
		return "WeChat does not allow this release now", "WeChat refused the release in the version's current status. Check the version in the console's version management (版本管理), then plan again.", true
	case wechat.CodeAlreadyReleased:
		return "WeChat says the version is released already", "WeChat answered that the approved version is live, but does not show it live yet. Run terraform plan in a minute to see what WeChat shows.", true
	case wechat.CodeUnauthorized: // guarded by TestExplainRelease_writeCodes
		return "WeChat refused the release write for this platform",
			"The code-management writes need the mini program to grant the platform permission set 18 (小程序开发与数据分析, code management), " +
				"and an authorizer token of this mini program (not the component token, nor an Official Account's). Check the appid, the token kind " +
				"and the set in the platform's func_info for it; its admin authorizes the platform again with set 18 ticked.", true
	case wechat.CodeSetNotGranted:
		return "The mini program has not granted permission set 18",
			"wechat_release's writes, like its reads, need set 18 (小程序开发与数据分析, code management). The mini program's admin authorizes the platform again " +
				"with that set ticked; a fresh token would not help, so none was asked for.", true
	case wechat.CodeNotInitialised:
		return "The mini program has not finished its setup", "Its admin completes the basic settings (name, icon, category) in the admin console; then apply again.", true
	case wechat.CodeEmptyPostData:
		return "WeChat got an empty request body", "This is a bug in the provider, or a proxy dropped the body: please report it with the rid below.", true
	case wechat.CodeMinuteLimit:
		return "WeChat's per-minute limit refused the release write", "WeChat refused the write before acting; a write is not sent again on its own. Apply again in a minute, or raise fewer mini programs at once (-parallelism).", true
	}
	return "", "", false
}

// readBackWarning: the write was done, but what WeChat shows after it is
// not known; the state holds what was asked until the next refresh.
func readBackWarning(err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("WeChat could not be read after the release",
		"The write succeeded, but reading WeChat back failed, so the state holds the version and percentage asked for, not yet what WeChat shows. "+
			"The next terraform plan reads WeChat again.\n\nError: "+capitalized(err.Error()))
}

// notReachedDiagnostic: WeChat answered the write with success, and shows
// something else than asked.
func notReachedDiagnostic(t wechat.ReleaseTarget, s *wechat.ReleaseState) diag.Diagnostic {
	return diag.NewErrorDiagnostic("WeChat does not show the release asked for",
		fmt.Sprintf("WeChat accepted the write for %s at %d %%, and now shows %s. The state holds what WeChat shows; run terraform plan to see what is left to do.",
			t.Version, t.Percentage, s))
}

// unconfirmedWarning: WeChat answered the write with success, and what it
// shows neither confirms nor contradicts the target (getversioninfo
// without release_info, a plan without its percentage, a newer audit).
func unconfirmedWarning(t wechat.ReleaseTarget, s *wechat.ReleaseState) diag.Diagnostic {
	return diag.NewWarningDiagnostic("WeChat accepted the release but does not show it",
		fmt.Sprintf("WeChat accepted the write for %s at %d %%, and now shows %s: its answers leave out what would confirm it. "+
			"The state holds what was asked where WeChat does not say; the next terraform plan reads WeChat again.", t.Version, t.Percentage, s))
}

// takenOverWarning: the destroy of a replaced instance whose successor
// adopted the rollout in the same apply.
func takenOverWarning(m releaseModel) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The staged release was not reverted",
		fmt.Sprintf("A new wechat_release of %s took over its rollout in this apply (a replace with create_before_destroy, or a moved resource), "+
			"so destroying the old one sent nothing, though it had revert_on_destroy set: %s stays as WeChat shows it.", m.AppID.ValueString(), m.Version.ValueString()))
}

func releaseStaysWarning(m releaseModel) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The release stays as it is",
		fmt.Sprintf("Destroying this wechat_release sends nothing to WeChat: %s stays live for %d %% of the users of %s. "+
			"To cancel a staged release on destroy, set revert_on_destroy = true first; a full release is never undone by this provider.",
			m.Version.ValueString(), m.GrayPercentage.ValueInt64(), m.AppID.ValueString()))
}

func nothingToRevertWarning(m releaseModel, s *wechat.ReleaseState) diag.Diagnostic {
	return diag.NewWarningDiagnostic("No staged release to revert",
		fmt.Sprintf("revert_on_destroy is set, but WeChat shows %s for %s, so nothing was sent. A full release is never undone by this provider.", s, m.AppID.ValueString()))
}

func flagsOnlyWarning() diag.Diagnostic {
	return diag.NewWarningDiagnostic("support_debuger_first and support_experiencer_first take effect with the next raise",
		"WeChat takes them only with a staged release's raise (/wxa/grayrelease), so a change of them alone sends nothing: the state records them, "+
			"and they are sent when gray_percentage next goes up.")
}

func lower(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

func derefInt64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
