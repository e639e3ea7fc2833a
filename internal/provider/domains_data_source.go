package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

type domainsDataSource struct{ baseDataSource }

func newDomainsDataSource() datasource.DataSource {
	return &domainsDataSource{baseDataSource{entityBase{name: "domains"}}}
}

// domainsModel mirrors the schema below; keep them in step.
type domainsModel struct {
	AppID            types.String   `tfsdk:"appid"`
	RequestDomains   []types.String `tfsdk:"request_domains"`
	WSRequestDomains []types.String `tfsdk:"ws_request_domains"`
	UploadDomains    []types.String `tfsdk:"upload_domains"`
	DownloadDomains  []types.String `tfsdk:"download_domains"`
	UDPDomains       []types.String `tfsdk:"udp_domains"`
	BizDomains       []types.String `tfsdk:"biz_domains"`
}

func (d *domainsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	list := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{MarkdownDescription: desc + " Empty when none is configured or WeChat left the list out.",
			ElementType: types.StringType, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The domains the mini program may talk to, as configured under 开发管理 > 开发设置 > 服务器域名, from `POST " + wechat.PathDomainInfo + "` (getDomainInfo). " +
			"A gate can refuse to point the app at a new backend host before it is allowed here, since WeChat blocks requests to any other host. " +
			"Entries are written as WeChat shows them, with their scheme: `https://api.example.com`.",
		Attributes: map[string]schema.Attribute{
			"appid":              appIDDataSourceAttribute(),
			"request_domains":    list("Hosts for `wx.request` (`requestdomain`)."),
			"ws_request_domains": list("Hosts for WebSocket (`wsrequestdomain`)."),
			"upload_domains":     list("Hosts for `wx.uploadFile` (`uploaddomain`)."),
			"download_domains":   list("Hosts for `wx.downloadFile` (`downloaddomain`)."),
			"udp_domains":        list("Hosts for UDP (`udpdomain`)."),
			"biz_domains":        list("Business domains (业务域名, `bizdomain`) that `web-view` may open."),
		},
	}
}

func (d *domainsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m domainsModel
	d.read(ctx, req, resp, &m, func(ctx context.Context, c *wechat.Client) error {
		info, err := c.GetDomainInfo(ctx, wechat.DomainQuery{})
		if err == nil {
			m.fill(info)
			m.AppID = optionalString(c.AppID())
		}
		return err
	})
}

// fill writes absent lists as empty ones, so that contains() in a gate
// never fails on null; an empty list refuses every host, the safe answer.
func (m *domainsModel) fill(info *wechat.DomainInfo) {
	strs := func(in []string) []types.String {
		out := make([]types.String, 0, len(in))
		for _, s := range in {
			out = append(out, types.StringValue(s))
		}
		return out
	}
	*m = domainsModel{RequestDomains: strs(info.Request), WSRequestDomains: strs(info.WSRequest), UploadDomains: strs(info.Upload),
		DownloadDomains: strs(info.Download), UDPDomains: strs(info.UDP), BizDomains: strs(info.Biz)}
}

func (m *domainsModel) appIDArg() types.String { return m.AppID }
