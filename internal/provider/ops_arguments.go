package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

// What the ops data sources (JS errors, real-time logs, domains, visit
// trend, API quota) share: a clock for their Beijing-day defaults and
// rules, and one way to check their arguments at plan time and again at
// read time, when values unknown at plan time have arrived.

// clocked is embedded by data sources whose defaults depend on the time.
type clocked struct {
	now func() time.Time
}

// queryCheck builds a data source's WeChat query from its arguments and
// the time, or says which argument WeChat would refuse.
type queryCheck func(now time.Time) error

// validateClocked is a clocked data source's ValidateConfig: its query
// check runs at plan time once every argument in args is known.
func validateClocked[M any](ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse,
	c clocked, args func(*M) []attr.Value, check func(*M, time.Time) error) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, v := range args(&m) {
		if v.IsUnknown() {
			return
		}
	}
	addQueryError(check(&m, c.now()), &resp.Diagnostics)
}

// addQueryError words a refused argument against the argument itself.
func addQueryError(err error, diags *diag.Diagnostics) bool {
	if err == nil {
		return false
	}
	var qe *wechat.QueryError
	if errors.As(err, &qe) {
		diags.AddAttributeError(path.Root(qe.Field), "Invalid "+qe.Field, qe.Field+" "+qe.Problem+".")
	} else {
		diags.AddError("Invalid arguments", err.Error())
	}
	return true
}

// readChecked is a clocked data source's Read: the arguments, their check
// (the error is the argument's, not WeChat's), then the call.
func (b *baseDataSource) readChecked(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse,
	model any, check queryCheck, now time.Time, fn callFunc) {
	resp.Diagnostics.Append(req.Config.Get(ctx, model)...)
	if resp.Diagnostics.HasError() || addQueryError(check(now), &resp.Diagnostics) || !b.call(ctx, &resp.Diagnostics, argAppID(model), fn) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// dateArg reads an optional YYYY-MM-DD argument as a Beijing day.
func dateArg(field string, v types.String, def time.Time) (time.Time, error) {
	if v.IsNull() || v.IsUnknown() {
		return wechat.BeijingDay(def), nil
	}
	d, err := wechat.ParseDate(v.ValueString())
	if err != nil {
		return time.Time{}, &wechat.QueryError{Field: field, Problem: "must be a date in the form YYYY-MM-DD"}
	}
	return d, nil
}

// timeArg reads an optional RFC 3339 argument; ok is false when it is null.
func timeArg(field string, v types.String) (t time.Time, ok bool, err error) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false, nil
	}
	t, err = time.Parse(time.RFC3339, v.ValueString())
	if err != nil {
		return time.Time{}, false, &wechat.QueryError{Field: field, Problem: "must be a time in RFC 3339, such as 2026-03-02T10:00:00+08:00"}
	}
	return t, true, nil
}

var dateValidator = checkValidator{
	description: "must be a date in the form YYYY-MM-DD, a day in Beijing time",
	summary:     "Invalid date",
	check: func(s string) error {
		_, err := wechat.ParseDate(s)
		return err
	},
}

var rfc3339Validator = checkValidator{
	description: "must be a time in RFC 3339, such as 2026-03-02T10:00:00+08:00",
	summary:     "Invalid time",
	check: func(s string) error {
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			return errors.New("is not a time in RFC 3339, such as 2026-03-02T10:00:00+08:00 or the result of timestamp()")
		}
		return nil
	},
}
