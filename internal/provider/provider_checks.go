package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// Which layer checks what, once each:
//
//   - Validate time (schema validators and ConfigValidators) checks the
//     values written in the configuration: the form of appid, base_url,
//     request_timeout and answer_reuse_window, whitespace around credentials, token_api's values,
//     max_retries' range, and credentials set together. `terraform
//     validate` needs no environment for them.
//   - Configure checks the resolved settings: values that came from
//     variables (unknown at validate time) or WECHAT_* variables, and the
//     rules between credentials (none, several, a secret without its
//     appid). It reports every problem at once. When validate time found
//     nothing, Configure's checks of literal values find nothing either.
//   - wechat.New refuses configurations no caller should build; the
//     provider never reaches those errors.

// checkSettings applies Configure's rules to resolved settings and reports
// every problem it finds.
func checkSettings(s settings) diag.Diagnostics {
	var diags diag.Diagnostics
	set := s.setCredentials()
	switch {
	case len(set) == 0:
		diags.AddAttributeError(path.Root("secret"), "No WeChat credentials",
			"Set secret (or WECHAT_SECRET) together with appid (or WECHAT_APPID), give a ready token with access_token "+
				"(WECHAT_ACCESS_TOKEN) or cloudbase_access_token (WECHAT_CLOUDBASE_ACCESS_TOKEN), "+
				"or, for a third-party platform or a fleet, a token_command that hands out tokens.")
	case len(set) > 1:
		diags.Append(conflictingCredentials(set))
	}
	if s.secret.value != "" && s.appID.value == "" {
		diags.AddAttributeError(path.Root("appid"), "Missing appid",
			"A secret needs the appid it belongs to. Set appid in the provider block, or WECHAT_APPID when the block sets no credential "+
				"(a block that sets one takes no credential, and no appid, from the environment).")
	}
	if s.componentAppID.value != "" && s.tokenCommand.value == "" {
		diags.AddAttributeError(path.Root("component_appid"), "component_appid without token_command",
			"component_appid names the third-party platform whose tokens token_command hands out; set token_command too, or remove component_appid. "+
				"The provider never fetches a platform's tokens itself.")
	}
	for _, st := range []setting{s.appID, s.baseURL, s.secret, s.accessToken, s.cloudBaseAccessToken, s.componentAppID} {
		if st.value == "" {
			continue
		}
		if err := st.check(); err != nil {
			summary := "Invalid " + st.attr
			if st.fromEnv {
				summary = "Invalid " + st.env
				if errors.Is(err, errSurroundingSpace) {
					err = envSurroundingSpace(st.env) // guarded by TestClientConfig_errors
				}
			}
			diags.AddAttributeError(path.Root(st.attr), summary, fmt.Sprintf("From %s: %s.", st.source(), err))
		}
	}
	return diags
}

// check applies the validator of the setting's attribute to its value.
func (s setting) check() error {
	switch s.attr {
	case "appid", "component_appid":
		return wechat.CheckAppID(s.value)
	case "base_url":
		_, err := wechat.ParseBaseURL(s.value)
		return err
	default:
		return checkCredentialSpacing(s.value)
	}
}

// conflictingCredentials is the one error for several credentials, whether
// the configuration or the environment set them.
func conflictingCredentials(set []setting) diag.Diagnostic {
	names := make([]string, len(set))
	for i, st := range set {
		names[i] = st.attr
		if st.fromEnv {
			names[i] += " (from " + st.env + ")"
		}
	}
	return diag.NewAttributeErrorDiagnostic(path.Root(set[1].attr), "Conflicting WeChat credentials",
		fmt.Sprintf("Both %s are set. Set exactly one of secret, access_token, cloudbase_access_token and token_command "+
			"(a fleet that mixes own secrets and a platform uses one provider alias for each); "+
			"a block that sets one in the configuration ignores the WECHAT_* credential variables.",
			strings.Join(names, " and ")))
}

// checkCredentialSpacing refuses a credential with surrounding whitespace:
// WeChat would reject it and the user would be told the secret is wrong.
// The value is never quoted, as it is a secret.
func checkCredentialSpacing(v string) error {
	if v != strings.TrimSpace(v) {
		return errSurroundingSpace
	}
	return nil
}

var errSurroundingSpace = fmt.Errorf("the value has leading or trailing whitespace (file() keeps a file's final newline); " +
	"remove it, for example with trimspace(file(...)) (the value is not shown, as it is a secret)")

// envSurroundingSpace is errSurroundingSpace for a value from the
// environment variable name, which no file() read: a shell's $(cat file)
// or a CI secret pasted with a newline leaves the whitespace there.
func envSurroundingSpace(name string) error {
	return fmt.Errorf("the variable's value has leading or trailing whitespace (a pasted secret's newline, say); "+
		"set %s without it, for example %s=\"$(tr -d '[:space:]' < file)\" (the value is not shown, as it is a secret)", name, name)
}
