package wechat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// flexFloat decodes a JSON number or a string holding one, with an
// optional trailing "%" (jserr_list sends percentages as "1.1%"). Null and
// "" leave it unset.
type flexFloat struct {
	Value float64
	Set   bool
}

func (f *flexFloat) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*f = flexFloat{}
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSuffix(strings.TrimSpace(s), "%")
		if s == "" {
			*f = flexFloat{}
			return nil
		}
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("%s is not a number", jsonKind(b)) // guarded by TestFlexFloat_errorDoesNotQuoteTheValue
	}
	*f = flexFloat{Value: x, Set: true}
	return nil
}

// rawJSON keeps a value of unknown or changing shape as its compact JSON
// text. Null leaves it unset.
type rawJSON struct {
	Text string
	Set  bool
}

func (r *rawJSON) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*r = rawJSON{}
		return nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return err
	}
	*r = rawJSON{Text: buf.String(), Set: true}
	return nil
}

func floatPtr(f flexFloat) *float64 {
	if !f.Set {
		return nil
	}
	v := f.Value
	return &v
}

// countPtr is intPtr for values that count something and so cannot be negative.
func countPtr(field string, f flexInt) (*int64, error) {
	if f.Set && f.Value < 0 {
		return nil, fmt.Errorf("%s %d is negative", field, f.Value)
	}
	return intPtr(f), nil
}
