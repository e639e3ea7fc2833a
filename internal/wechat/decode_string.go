package wechat

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// flexString decodes a JSON string, or a number kept as its text (a
// version "1.0" sent as 1.0, an id as 123). Null leaves it unset; "" is
// set and empty, since WeChat has sent "" for versions it did know.
type flexString struct {
	Value string
	Set   bool
}

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = flexString{}
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString{Value: s, Set: true}
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("%s is not a string", jsonKind(b))
	}
	*f = flexString{Value: n.String(), Set: true}
	return nil
}

func stringPtr(f flexString) *string {
	if !f.Set {
		return nil
	}
	v := f.Value
	return &v
}
