package provider

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// Environment variables read when an attribute is not set in the configuration.
const (
	envAppID                = "WECHAT_APPID"
	envSecret               = "WECHAT_SECRET"
	envAccessToken          = "WECHAT_ACCESS_TOKEN"
	envCloudBaseAccessToken = "WECHAT_CLOUDBASE_ACCESS_TOKEN"
	envBaseURL              = "WECHAT_BASE_URL"
)

// providerData is what data sources and ephemeral resources receive: one
// client per provider block, so every read shares its tokens and connections.
type providerData struct {
	client *wechat.Client
	appID  string
	// secrets are masked in every log line written while serving a request.
	secrets []string
}

// credential is one way to authenticate, as the user may write it.
type credential struct {
	attr, env string
	value     types.String
}

func (p *wechatProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg, diags := m.clientConfig(os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	cfg.UserAgent = fmt.Sprintf("terraform-provider-wechat/%s (+https://registry.terraform.io/providers/wxops/wechat) Terraform/%s",
		p.version, req.TerraformVersion)
	cfg.OnAttempt = logAttempt
	client, err := wechat.New(cfg, p.clientOpts...)
	if err != nil {
		resp.Diagnostics.AddError("Invalid provider configuration", err.Error())
		return
	}
	data := &providerData{client: client, appID: cfg.AppID, secrets: cfg.Credentials()}
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
}

// clientConfig resolves each setting (configuration first, then its
// environment variable) and checks them all before any network call.
func (m providerModel) clientConfig(getenv func(string) string) (wechat.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	creds := []credential{
		{"secret", envSecret, m.Secret},
		{"access_token", envAccessToken, m.AccessToken},
		{"cloudbase_access_token", envCloudBaseAccessToken, m.CloudBaseAccessToken},
	}
	for _, c := range append(creds,
		credential{"appid", envAppID, m.AppID},
		credential{"base_url", envBaseURL, m.BaseURL},
		credential{"token_api", "", m.TokenAPI},
		credential{"request_timeout", "", m.RequestTimeout},
	) {
		if c.value.IsUnknown() {
			diags.AddAttributeError(path.Root(c.attr), "Value not known during plan",
				fmt.Sprintf("The provider needs %s to read data during plan, but it depends on something not yet applied. "+
					"Use a value known at plan time (a literal, a variable%s), or apply what it depends on first.", c.attr, envHint(c.env)))
		}
	}
	if m.MaxRetries.IsUnknown() {
		diags.AddAttributeError(path.Root("max_retries"), "Value not known during plan",
			"The provider needs max_retries to read data during plan. Use a value known at plan time.")
	}
	if diags.HasError() {
		return wechat.Config{}, diags
	}

	cfg := wechat.Config{
		AppID:      setting(m.AppID, envAppID, getenv),
		BaseURL:    setting(m.BaseURL, envBaseURL, getenv),
		TokenAPI:   m.TokenAPI.ValueString(),
		MaxRetries: wechat.DefaultMaxRetries,
	}
	if !m.MaxRetries.IsNull() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if !m.RequestTimeout.IsNull() {
		d, err := parseTimeout(m.RequestTimeout.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid request_timeout", err.Error())
		}
		cfg.RequestTimeout = d
	}

	// Credentials resolve as a group: when the configuration names one, the
	// environment's are ignored, so a provider alias given access_token is
	// not thrown off by a WECHAT_SECRET exported for another.
	values := resolveCredentials(creds, getenv)
	cfg.Secret, cfg.AccessToken, cfg.CloudBaseAccessToken = values[0], values[1], values[2]
	var set []string
	for i, c := range creds {
		if values[i] != "" {
			set = append(set, c.attr)
		}
	}
	switch len(set) {
	case 0:
		diags.AddAttributeError(path.Root("secret"), "No WeChat credentials",
			"Set secret (or WECHAT_SECRET) together with appid (or WECHAT_APPID), or give a ready token with access_token "+
				"(WECHAT_ACCESS_TOKEN) or cloudbase_access_token (WECHAT_CLOUDBASE_ACCESS_TOKEN).")
	case 1:
	default:
		diags.AddAttributeError(path.Root(set[1]), "Conflicting WeChat credentials",
			fmt.Sprintf("Both %s are set (in the configuration or the environment). Set exactly one of secret, access_token and cloudbase_access_token.",
				strings.Join(set, " and ")))
	}

	if cfg.Secret != "" && cfg.AppID == "" {
		diags.AddAttributeError(path.Root("appid"), "Missing appid",
			"A secret needs the appid it belongs to. Set appid in the provider block or WECHAT_APPID.")
	}
	if cfg.AppID != "" {
		if err := wechat.CheckAppID(cfg.AppID); err != nil {
			diags.AddAttributeError(path.Root("appid"), "Invalid appid",
				fmt.Sprintf("From %s: %s. The AppID is shown under 开发管理 > 开发设置.", sourceOf(m.AppID, envAppID), err))
		}
	}
	if cfg.BaseURL != "" {
		if _, err := wechat.ParseBaseURL(cfg.BaseURL); err != nil {
			diags.AddAttributeError(path.Root("base_url"), "Invalid base_url",
				fmt.Sprintf("%s (from %s).", err, sourceOf(m.BaseURL, envBaseURL)))
		}
	}
	if cfg.TokenAPI != "" && cfg.TokenAPI != wechat.TokenAPIStable && cfg.TokenAPI != wechat.TokenAPIClassic {
		diags.AddAttributeError(path.Root("token_api"), "Invalid token_api",
			fmt.Sprintf("token_api must be %q or %q.", wechat.TokenAPIStable, wechat.TokenAPIClassic))
	}
	if cfg.TokenAPI != "" && cfg.Secret == "" && len(set) == 1 {
		diags.AddAttributeWarning(path.Root("token_api"), "token_api has no effect",
			"token_api chooses how tokens are fetched with secret; with a ready-made token nothing is fetched.")
	}
	return cfg, diags
}

// resolveCredentials returns the credentials' values in order, from the
// configuration when any is set there, else from the environment.
func resolveCredentials(creds []credential, getenv func(string) string) []string {
	values := make([]string, len(creds))
	fromConfig := false
	for i, c := range creds {
		values[i] = c.value.ValueString()
		fromConfig = fromConfig || values[i] != ""
	}
	if !fromConfig {
		for i, c := range creds {
			values[i] = getenv(c.env)
		}
	}
	return values
}

// setting is the configured value, or else the environment variable's.
func setting(v types.String, env string, getenv func(string) string) string {
	if s := v.ValueString(); s != "" {
		return s
	}
	return getenv(env)
}

func sourceOf(v types.String, env string) string {
	if v.ValueString() != "" {
		return "the provider configuration"
	}
	return env
}

func envHint(env string) string {
	if env == "" {
		return ""
	}
	return " or " + env
}

// logAttempt writes one DEBUG line per HTTP attempt. Attempt holds no query
// string, so no token or secret reaches the log.
func logAttempt(ctx context.Context, a wechat.Attempt) {
	fields := map[string]any{
		"method":      a.Method,
		"path":        a.Path,
		"attempt":     a.Number,
		"duration_ms": a.Duration.Milliseconds(),
		"http_status": a.StatusCode,
		"errcode":     a.ErrCode,
	}
	if a.Err != nil {
		fields["error"] = a.Err.Error()
	}
	tflog.Debug(ctx, "WeChat API call", fields)
}
