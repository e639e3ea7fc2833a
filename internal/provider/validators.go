package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// baseURLValidator rejects URLs the client would refuse, at validate time.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https:// URL, or http:// to a loopback host"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := wechat.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid base_url", err.Error())
	}
}

// appIDValidator checks the appid's form without echoing a value that may
// be a misplaced secret (stringvalidator.RegexMatches would print it).
type appIDValidator struct{}

func (appIDValidator) Description(context.Context) string {
	return "must be wx followed by 16 lowercase hex digits"
}

func (v appIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (appIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := wechat.CheckAppID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid appid", err.Error()+".")
	}
}

// durationValidator accepts a positive Go duration string.
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive duration such as 10s or 1m"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseTimeout(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid request_timeout", err.Error())
	}
}

func parseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errInvalidDuration(s)
	}
	if d <= 0 {
		return 0, errInvalidDuration(s)
	}
	return d, nil
}

type errInvalidDuration string

func (e errInvalidDuration) Error() string {
	return "\"" + string(e) + "\" is not a positive duration; write it like 10s, 500ms or 1m"
}
