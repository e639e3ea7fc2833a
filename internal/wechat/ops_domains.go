package wechat

import (
	"context"
	"encoding/json"
	"net/http"
)

// PathDomainInfo is getDomainInfo.
const PathDomainInfo = "/wxa/getwxadevinfo"

// DomainQuery is getDomainInfo's body. Action "" asks for every list;
// "getbizdomain" and "getserverdomain" for one kind.
type DomainQuery struct {
	Action string
}

// DomainInfo is a mini program's configured domains. A nil list is one
// WeChat did not send (the getserverdomain answer has no bizdomain).
type DomainInfo struct {
	Request   []string // requestdomain: wx.request
	WSRequest []string // wsrequestdomain: WebSocket
	Upload    []string
	Download  []string
	UDP       []string
	Biz       []string // bizdomain (业务域名): web-view pages
}

// GetDomainInfo reads the configured domains.
func (c *Client) GetDomainInfo(ctx context.Context, q DomainQuery) (*DomainInfo, error) {
	// No action asks for every list.
	body, err := json.Marshal(struct {
		Action string `json:"action,omitempty"`
	}{q.Action})
	if err != nil {
		return nil, err
	}
	resp, err := callWithToken[domainAnswer](ctx, c, request{method: http.MethodPost, path: PathDomainInfo, body: body})
	if err != nil {
		return nil, err
	}
	return resp.toInfo(), nil
}

func (a *domainAnswer) toInfo() *DomainInfo {
	return &DomainInfo{Request: printableAll(a.Request), WSRequest: printableAll(a.WSRequest),
		Upload: printableAll(a.Upload), Download: printableAll(a.Download), UDP: printableAll(a.UDP),
		Biz: printableAll(a.Biz)}
}

// domainAnswer ignores lists the docs do not name (TCP, prefetch DNS).
type domainAnswer struct {
	envelope
	Request   []string `json:"requestdomain"`
	WSRequest []string `json:"wsrequestdomain"`
	Upload    []string `json:"uploaddomain"`
	Download  []string `json:"downloaddomain"`
	UDP       []string `json:"udpdomain"`
	Biz       []string `json:"bizdomain"`
}

func (a *domainAnswer) hasPayload() bool {
	for _, l := range [][]string{a.Request, a.WSRequest, a.Upload, a.Download, a.UDP, a.Biz} {
		if l != nil {
			return true
		}
	}
	return false
}
