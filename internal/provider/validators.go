package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// checkValidator runs a check on a known string at validate time, so that a
// bad value fails `terraform validate` instead of the first read. The
// check's error text is shown as it is: checks never quote a value that
// may be a secret.
type checkValidator struct {
	description string
	summary     string
	check       func(string) error
}

func (v checkValidator) Description(context.Context) string { return v.description }

func (v checkValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v checkValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, req.Path.String()+": "+err.Error()+".")
	}
}

// appIDValidator replaces stringvalidator.RegexMatches, which would print the value.
var appIDValidator = checkValidator{
	description: "must be wx followed by 16 lowercase hex digits",
	summary:     "Invalid appid",
	check:       wechat.CheckAppID,
}

var baseURLValidator = checkValidator{
	description: "must be a bare https:// host, or http:// to a loopback host, without a path",
	summary:     "Invalid base_url",
	check: func(s string) error {
		_, err := wechat.ParseBaseURL(s)
		return err
	},
}

var credentialValidator = checkValidator{
	description: "must not start or end with whitespace",
	summary:     "Credential with surrounding whitespace",
	check:       checkCredentialSpacing,
}

var durationValidator = checkValidator{
	description: "must be a positive duration such as 10s or 1m",
	summary:     "Invalid request_timeout",
	check: func(s string) error {
		_, err := parseTimeout(s)
		return err
	},
}

func parseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errInvalidDuration(s)
	}
	return d, nil
}

type errInvalidDuration string

func (e errInvalidDuration) Error() string {
	return "\"" + string(e) + "\" is not a positive duration; write it like 10s, 500ms or 1m"
}
