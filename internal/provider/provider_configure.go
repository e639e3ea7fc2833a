package provider

import (
	"context"
	"fmt"
	"net/url"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// providerData is what data sources and ephemeral resources receive: one
// client per provider block, so every read shares its tokens and connections.
type providerData struct {
	client *wechat.Client
	appID  string
	// tokenAPI is how the block fetches tokens with a secret; "" with a ready-made token.
	tokenAPI string
	// secrets are masked in every log line written while serving a request.
	secrets []string
	// host is base_url's host, named in advice; "" for WeChat's own.
	host string
	// releases order wechat_release's creates and destroys per app.
	releases releaseClaims
}

// wechatHost is the host of wechat.DefaultBaseURL.
const wechatHost = "api.weixin.qq.com"

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
	data := newProviderData(cfg, client)
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	resp.ResourceData = data
}

// newProviderData is what every entity of one provider block shares.
func newProviderData(cfg wechat.Config, client *wechat.Client) *providerData {
	data := &providerData{client: client, appID: cfg.AppID, secrets: cfg.Credentials()}
	if cfg.BaseURL != "" {
		if u, err := url.Parse(cfg.BaseURL); err == nil && u.Host != wechatHost {
			data.host = u.Host
		}
	}
	if cfg.TokenCommand != nil {
		// The program's env often holds a key to the token server.
		// Guarded by TestProviderData_masksTokenCommandEnv.
		data.secrets = append(data.secrets, cfg.TokenCommand.Secrets()...)
	}
	if cfg.Secret != "" {
		data.tokenAPI = cfg.TokenAPI
		if data.tokenAPI == "" {
			data.tokenAPI = wechat.TokenAPIStable
		}
	}
	return data
}

// clientConfig turns the provider block and the environment into the
// client's configuration, reporting every problem at once and making no
// network call.
func (m providerModel) clientConfig(getenv func(string) string) (wechat.Config, diag.Diagnostics) {
	if diags := m.unknownValues(); diags.HasError() {
		return wechat.Config{}, diags
	}
	s := m.resolve(getenv)
	diags := checkSettings(s)
	cfg := wechat.Config{
		AppID:                s.appID.value,
		BaseURL:              s.baseURL.value,
		Secret:               s.secret.value,
		AccessToken:          s.accessToken.value,
		CloudBaseAccessToken: s.cloudBaseAccessToken.value,
		TokenAPI:             m.TokenAPI.ValueString(),
		MaxRetries:           wechat.DefaultMaxRetries,
	}
	if !m.MaxRetries.IsNull() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if !m.RequestTimeout.IsNull() {
		// Checked at validate time; a value that got past it is a bug here.
		d, err := parseTimeout(m.RequestTimeout.ValueString())
		if err != nil {
			diags.AddError("Invalid request_timeout", err.Error())
		}
		cfg.RequestTimeout = d
	}
	if tc, d := m.tokenCommand(); tc != nil {
		diags.Append(d...)
		diags.Append(tc.unknownValues()...)
		if !diags.HasError() {
			cfg.TokenCommand, d = tc.build(s.componentAppID.value)
			diags.Append(d...)
		}
	}
	var err error
	if cfg.ShareWindow, err = answerReuseWindow(m.AnswerReuseWindow); err != nil { // checked at validate time too
		diags.AddAttributeError(path.Root("answer_reuse_window"), "Invalid answer_reuse_window", err.Error())
	}
	if cfg.TokenAPI != "" && cfg.Secret == "" && len(s.setCredentials()) == 1 {
		diags.AddAttributeWarning(path.Root("token_api"), "token_api has no effect",
			"token_api chooses how tokens are fetched with secret; with a ready-made token nothing is fetched.")
	}
	return cfg, diags
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
	logDebug(ctx, "WeChat API call", fields)
}

// logDebug logs msg with fields from a context of its own. The client logs
// from goroutines that share one ctx (a release's three reads run side by
// side), and terraform-plugin-log's masking writes into the ctx's field
// map: SetField copies that map first. Guarded by
// TestLogDebug_concurrentCallsWithMasking (under -race, as make test runs it).
func logDebug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(tflog.SetField(ctx, "wechat_log", "provider"), msg, fields)
}
