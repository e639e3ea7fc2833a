package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// providerModel mirrors the schema below; keep them in step.
type providerModel struct {
	AppID                types.String `tfsdk:"appid"`
	Secret               types.String `tfsdk:"secret"`
	AccessToken          types.String `tfsdk:"access_token"`
	CloudBaseAccessToken types.String `tfsdk:"cloudbase_access_token"`
	BaseURL              types.String `tfsdk:"base_url"`
	TokenAPI             types.String `tfsdk:"token_api"`
	MaxRetries           types.Int64  `tfsdk:"max_retries"`
	RequestTimeout       types.String `tfsdk:"request_timeout"`
	TokenCommand         types.Object `tfsdk:"token_command"`
	ComponentAppID       types.String `tfsdk:"component_appid"`
	AnswerReuseWindow    types.String `tfsdk:"answer_reuse_window"`
}

func (p *wechatProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the WeChat Mini Program server API, so that infrastructure code can see a mini program's staged release (分阶段发布), " +
			"for one mini program or, through a third-party platform's token_command, for a whole fleet.",
		Attributes: map[string]schema.Attribute{
			"appid": schema.StringAttribute{
				MarkdownDescription: "The mini program's AppID (`wx` and 16 hex digits), from the admin console under 开发管理 > 开发设置. " +
					"Required with `secret`; optional with a ready-made token. With `token_command`, the default appid of data sources that set none. May come from `WECHAT_APPID`.",
				Optional:   true,
				Validators: []validator.String{appIDValidator},
			},
			"secret": schema.StringAttribute{
				MarkdownDescription: "The mini program's AppSecret. The provider uses it only to fetch access tokens, and keeps them in memory. " +
					"May come from `WECHAT_SECRET`. Set exactly one of `secret`, `access_token`, `cloudbase_access_token` and `token_command`.",
				Optional:   true,
				Sensitive:  true, // guarded by TestSchema_credentialsAreSensitive
				Validators: []validator.String{credentialValidator},
			},
			"access_token": schema.StringAttribute{
				MarkdownDescription: "A ready access token, for teams whose central token server alone refreshes the token, or a third-party platform's authorizer access token. " +
					"The provider cannot refresh it: when WeChat rejects it, the run fails and says so. May come from `WECHAT_ACCESS_TOKEN`.",
				Optional:   true,
				Sensitive:  true, // guarded by TestSchema_credentialsAreSensitive
				Validators: []validator.String{credentialValidator},
			},
			"cloudbase_access_token": schema.StringAttribute{
				MarkdownDescription: "A WeChat CloudBase (云开发) access token, sent as the `cloudbase_access_token` query parameter. May come from `WECHAT_CLOUDBASE_ACCESS_TOKEN`.",
				Optional:            true,
				Sensitive:           true, // guarded by TestSchema_credentialsAreSensitive
				Validators:          []validator.String{credentialValidator},
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("The API host. Defaults to `%s`; `https://api2.weixin.qq.com` is WeChat's disaster-recovery host, and `sh.`, `sz.` and `hk.api.weixin.qq.com` are regional. "+
					"A bare host, without a path (the provider adds each API's path); `http://` is accepted only for loopback hosts such as a local mock. "+
					"May come from `WECHAT_BASE_URL`.", wechat.DefaultBaseURL),
				Optional:   true,
				Validators: []validator.String{baseURLValidator},
			},
			"token_api": schema.StringAttribute{
				MarkdownDescription: "Where tokens come from when `secret` is set. `stable` (default) uses `POST /cgi-bin/stable_token`, which hands every caller the same token and so never disturbs other systems of the app. " +
					"`classic` uses `GET /cgi-bin/token`: **each fetch invalidates the token every other system of the app holds**, which can break a production backend. Use it only if nothing else uses the app's token.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(wechat.TokenAPIStable, wechat.TokenAPIClassic)},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How often a transient failure (errcode -1, HTTP 429 or 5xx, a reset connection, a timeout) is retried, with exponential backoff. Defaults to %d; 0 disables retries; at most 10.", wechat.DefaultMaxRetries),
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(0, 10)},
			},
			"token_command":   tokenCommandSchema(),
			"component_appid": componentAppIDSchema(),
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one HTTP request may take before it is abandoned (and retried), as a Go duration such as `10s` or `1m`. Defaults to `%s`.", wechat.DefaultRequestTimeout),
				Optional:            true,
				Validators:          []validator.String{durationValidator},
			},
			"answer_reuse_window": schema.StringAttribute{
				MarkdownDescription: answerReuseWindowDescription,
				Optional:            true,
				Validators:          []validator.String{answerReuseWindowValidator},
			},
		},
	}
}

func (p *wechatProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	return []provider.ConfigValidator{oneCredentialValidator{}}
}

// oneCredentialValidator refuses credentials set together in the
// configuration with the same words Configure uses when the environment
// sets them together (the framework's own validator says less).
type oneCredentialValidator struct{}

func (oneCredentialValidator) Description(context.Context) string {
	return "at most one of secret, access_token, cloudbase_access_token and token_command"
}

func (v oneCredentialValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (oneCredentialValidator) ValidateProvider(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var set []setting
	for _, c := range m.resolve(func(string) string { return "" }).credentials() {
		if c.value != "" {
			set = append(set, c)
		}
	}
	if len(set) > 1 {
		resp.Diagnostics.Append(conflictingCredentials(set))
	}
}
