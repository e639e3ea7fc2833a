package provider

import (
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Conversions from the client's plain Go values to Terraform values, shared
// by every entity so that times and absent values look the same everywhere.

func timeValues(t *time.Time) (types.Int64, types.String) {
	if t == nil {
		return types.Int64Null(), types.StringNull()
	}
	return types.Int64Value(t.Unix()), rfc3339(*t)
}

// rfc3339 is how every time reaches the state: RFC 3339, UTC.
func rfc3339(t time.Time) types.String {
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// stringListValue is a list of strings; empty, not null, when there are none.
func stringListValue(values []string) types.List {
	elems := make([]attr.Value, len(values))
	for i, v := range values {
		elems[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, elems)
}
