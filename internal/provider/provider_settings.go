package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Environment variables read when an attribute is not set in the configuration.
const (
	envAppID                = "WECHAT_APPID"
	envSecret               = "WECHAT_SECRET"
	envAccessToken          = "WECHAT_ACCESS_TOKEN"
	envCloudBaseAccessToken = "WECHAT_CLOUDBASE_ACCESS_TOKEN"
	envBaseURL              = "WECHAT_BASE_URL"
)

// setting is one string the provider resolved, and where it came from, so
// that errors can point at the provider block or the environment variable.
type setting struct {
	attr, env string
	value     string
	fromEnv   bool
}

func (s setting) source() string {
	if s.fromEnv {
		return s.env
	}
	return "the provider configuration"
}

// settings are the provider's string settings after the environment has
// filled what the configuration left out.
type settings struct {
	appID, baseURL                            setting
	secret, accessToken, cloudBaseAccessToken setting
	// tokenCommand's value is the command; it comes only from the
	// configuration, as does componentAppID.
	tokenCommand, componentAppID setting
}

// credentials are the ways to authenticate, in the order errors name them.
func (s settings) credentials() []setting {
	return []setting{s.secret, s.accessToken, s.cloudBaseAccessToken, s.tokenCommand}
}

// setCredentials lists the credentials that have a value.
func (s settings) setCredentials() []setting {
	var out []setting
	for _, c := range s.credentials() {
		if c.value != "" {
			out = append(out, c)
		}
	}
	return out
}

// unknownValues reports every attribute whose value is not known yet: the
// provider reads during plan, so it cannot wait for them.
func (m providerModel) unknownValues() diag.Diagnostics {
	var diags diag.Diagnostics
	for _, a := range []struct {
		attr, env string
		unknown   bool
	}{
		{"appid", envAppID, m.AppID.IsUnknown()},
		{"secret", envSecret, m.Secret.IsUnknown()},
		{"access_token", envAccessToken, m.AccessToken.IsUnknown()},
		{"cloudbase_access_token", envCloudBaseAccessToken, m.CloudBaseAccessToken.IsUnknown()},
		{"base_url", envBaseURL, m.BaseURL.IsUnknown()},
		{"token_api", "", m.TokenAPI.IsUnknown()},
		{"max_retries", "", m.MaxRetries.IsUnknown()},
		{"request_timeout", "", m.RequestTimeout.IsUnknown()},
		{"token_command", "", m.TokenCommand.IsUnknown()},
		{"component_appid", "", m.ComponentAppID.IsUnknown()},
		{"answer_reuse_window", "", m.AnswerReuseWindow.IsUnknown()},
	} {
		if a.unknown {
			diags.AddAttributeError(path.Root(a.attr), "Value not known during plan",
				fmt.Sprintf("The provider needs %s to read data during plan, but it depends on something not yet applied. "+
					"Use a value known at plan time (a literal, a variable%s), or apply what it depends on first.", a.attr, envHint(a.env)))
		}
	}
	return diags
}

// resolve fills what the configuration leaves out from the environment.
// Credentials resolve as a group, appid with them: a block that sets any
// credential takes none of them from the environment, so an alias given
// another app's access_token is not labeled with WECHAT_APPID's app or
// thrown off by a WECHAT_SECRET exported for another block.
func (m providerModel) resolve(getenv func(string) string) settings {
	s := settings{
		appID:                setting{attr: "appid", env: envAppID, value: m.AppID.ValueString()},
		baseURL:              setting{attr: "base_url", env: envBaseURL, value: m.BaseURL.ValueString()},
		secret:               setting{attr: "secret", env: envSecret, value: m.Secret.ValueString()},
		accessToken:          setting{attr: "access_token", env: envAccessToken, value: m.AccessToken.ValueString()},
		cloudBaseAccessToken: setting{attr: "cloudbase_access_token", env: envCloudBaseAccessToken, value: m.CloudBaseAccessToken.ValueString()},
		tokenCommand:         setting{attr: "token_command", value: m.commandName()},
		componentAppID:       setting{attr: "component_appid", value: m.ComponentAppID.ValueString()},
	}
	fromEnv := func(st *setting) {
		if st.value == "" {
			st.value = getenv(st.env)
			st.fromEnv = st.value != ""
		}
	}
	fromEnv(&s.baseURL)
	if len(s.setCredentials()) > 0 {
		return s
	}
	for _, st := range []*setting{&s.appID, &s.secret, &s.accessToken, &s.cloudBaseAccessToken} {
		fromEnv(st)
	}
	return s
}

func envHint(env string) string {
	if env == "" {
		return ""
	}
	return " or " + env
}

// commandName is token_command.command, or "" when token_command is not
// set (or not known yet).
func (m providerModel) commandName() string {
	if m.TokenCommand.IsNull() || m.TokenCommand.IsUnknown() {
		return ""
	}
	if cmd, ok := m.TokenCommand.Attributes()["command"].(types.String); ok && !cmd.IsUnknown() {
		if v := cmd.ValueString(); v != "" {
			return v
		}
	}
	// Set, but its command not known or empty: still a credential, so that
	// the environment's credentials are not mixed in.
	return "(token_command)"
}
