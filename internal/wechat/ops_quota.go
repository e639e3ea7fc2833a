package wechat

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// PathAPIQuota is getApiQuota.
const PathAPIQuota = "/cgi-bin/openapi/quota/get"

// getApiQuota's errcodes are CodeBadPathOrRid (76003), CodeCgiPathNotFound
// (76021) and CodeTokenNotPathOwner (76022, also for any /sns/ path).

// APIQuotaQuery names the API, as a path without host: "/wxa/getwxadevinfo".
type APIQuotaQuery struct {
	CGIPath string
}

// CheckCGIPath catches what WeChat answers with 76003.
func CheckCGIPath(p string) error {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "?# ") {
		return &QueryError{"cgi_path", "must be an API path without host or query, such as /wxaapi/log/jserr_list"}
	}
	return nil
}

// APIQuota is the daily quota and the rate limits of one API. Nil means
// WeChat did not report it: older answers carry no rate objects at all.
type APIQuota struct {
	DailyLimit, Used, Remain *int64
	RateLimit                *RateLimit // ordinary calls
	ComponentRateLimit       *RateLimit // calls a third-party platform makes on the account's behalf
}

// RateLimit allows CallCount calls per RefreshSecond seconds.
type RateLimit struct {
	CallCount, RefreshSecond *int64
}

// GetAPIQuota reads one API's quota.
func (c *Client) GetAPIQuota(ctx context.Context, q APIQuotaQuery) (*APIQuota, error) {
	body, err := json.Marshal(map[string]string{"cgi_path": q.CGIPath})
	if err != nil {
		return nil, err
	}
	resp, err := callWithToken[quotaAnswer](ctx, c, request{method: http.MethodPost, path: PathAPIQuota, body: body})
	if err != nil {
		return nil, err
	}
	return resp.toQuota()
}

// quotaAnswer takes the rate objects at the top level, where the current
// docs and live answers put them, or inside quota, where one SDK does.
type quotaAnswer struct {
	envelope
	Quota *struct {
		DailyLimit         flexInt       `json:"daily_limit"`
		Used               flexInt       `json:"used"`
		Remain             flexInt       `json:"remain"`
		RateLimit          *rawRateLimit `json:"rate_limit"`
		ComponentRateLimit *rawRateLimit `json:"component_rate_limit"`
	} `json:"quota"`
	RateLimit          *rawRateLimit `json:"rate_limit"`
	ComponentRateLimit *rawRateLimit `json:"component_rate_limit"`
}

func (a *quotaAnswer) hasPayload() bool {
	return a.Quota != nil || a.RateLimit != nil || a.ComponentRateLimit != nil
}

type rawRateLimit struct {
	CallCount     flexInt `json:"call_count"`
	RefreshSecond flexInt `json:"refresh_second"`
}

func (a *quotaAnswer) toQuota() (*APIQuota, error) {
	q := &APIQuota{}
	rate, component := a.RateLimit, a.ComponentRateLimit
	if a.Quota != nil {
		q.DailyLimit, q.Used, q.Remain = intPtr(a.Quota.DailyLimit), intPtr(a.Quota.Used), intPtr(a.Quota.Remain)
		if rate == nil {
			rate = a.Quota.RateLimit
		}
		if component == nil {
			component = a.Quota.ComponentRateLimit
		}
	}
	q.RateLimit, q.ComponentRateLimit = rate.toLimit(), component.toLimit()
	for _, v := range []*int64{q.DailyLimit, q.Used, q.Remain} {
		if v != nil && *v < 0 {
			return nil, &BadResponseError{Path: PathAPIQuota, Problem: "a quota value is negative"}
		}
	}
	return q, nil
}

func (r *rawRateLimit) toLimit() *RateLimit {
	if r == nil {
		return nil
	}
	return &RateLimit{CallCount: intPtr(r.CallCount), RefreshSecond: intPtr(r.RefreshSecond)}
}
