// Package provider maps the WeChat client onto Terraform: the provider's
// configuration, its data sources, its ephemeral resources and the one
// resource that writes, wechat_release.
package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

var (
	_ provider.Provider                       = (*wechatProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*wechatProvider)(nil)
)

type wechatProvider struct {
	version string
	// clientOpts are passed to every client; tests use them to shorten
	// backoff and rate-limit waits. None in the released provider.
	clientOpts []wechat.Option
	// now is the clock of the ops data sources' Beijing-day defaults and
	// rules; tests set it to the mock's. Nil means time.Now.
	now func() time.Time
}

// New returns the provider factory main serves.
func New(version string) func() provider.Provider {
	return newProvider(version)
}

// newProvider is New with options for each client, so tests can inject
// waits without package globals.
func newProvider(version string, opts ...wechat.Option) func() provider.Provider {
	return func() provider.Provider {
		return &wechatProvider{version: version, clientOpts: opts}
	}
}

func (p *wechatProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "wechat"
	resp.Version = p.version
}

func (p *wechatProvider) DataSources(context.Context) []func() datasource.DataSource {
	now := p.now
	if now == nil {
		now = time.Now
	}
	withClock := func(f func(func() time.Time) datasource.DataSource) func() datasource.DataSource {
		return func() datasource.DataSource { return f(now) }
	}
	return []func() datasource.DataSource{
		newGrayReleasePlanDataSource,
		withClock(newJSErrorsDataSource),
		withClock(newRealtimeLogsDataSource),
		newDomainsDataSource,
		withClock(newVisitTrendDataSource),
		newAPIQuotaDataSource,
		newVersionInfoDataSource,
		newAuditStatusDataSource,
		newAuthorizersDataSource,
	}
}

func (p *wechatProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{newAccessTokenEphemeralResource}
}

func (p *wechatProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newReleaseResource}
}
