package wechat

import (
	"encoding/json"
	"strings"
	"testing"
)

// A value that is not a number is named by its kind, never quoted: a
// server's string may hold anything, a credential or an escape sequence.
func TestFlexFloat_errorDoesNotQuoteTheValue(t *testing.T) {
	for _, in := range []string{`"access_token=abc123secret"`, `"\u001b]0;pwned\u0007"`, `{"x":"abc123secret"}`, `true`} {
		var f flexFloat
		err := json.Unmarshal([]byte(in), &f)
		if err == nil {
			t.Errorf("%s: no error", in)
			continue
		}
		if strings.Contains(err.Error(), "abc123secret") || strings.Contains(err.Error(), "pwned") {
			t.Errorf("%s: error quotes the value: %q", in, err)
		}
		if !strings.Contains(err.Error(), "is not a number") {
			t.Errorf("%s: error %q does not say it is not a number", in, err)
		}
	}
	var f flexFloat
	if err := json.Unmarshal([]byte(`"1.5%"`), &f); err != nil || f.Value != 1.5 || !f.Set {
		t.Errorf(`"1.5%%" gave %+v, %v`, f, err)
	}
}

// flexInt takes whole numbers, as numbers, strings or integral floats, and
// refuses the rest: 8.5 is not 8, and a 20-digit number does not wrap.
func TestFlexInt_wholeNumbersOnly(t *testing.T) {
	for in, want := range map[string]int64{`8`: 8, `8.0`: 8, `"42"`: 42, `" 7 "`: 7, `-1`: -1,
		`123456789012345678`: 123456789012345678, `1000000000000000000`: 1e18, `9223372036854775807`: 9223372036854775807} {
		var f flexInt
		if err := json.Unmarshal([]byte(in), &f); err != nil || !f.Set || f.Value != want {
			t.Errorf("%s: %+v, %v; want %d", in, f, err, want)
		}
	}
	for _, in := range []string{`8.5`, `"8.5"`, `-0.5`, `12345678901234567890`, `-12345678901234567890`, `9223372036854775808`, `1e30`, `"NaN"`} {
		var f flexInt
		if err := json.Unmarshal([]byte(in), &f); err == nil {
			t.Errorf("%s decoded as %d; want an error", in, f.Value)
		}
	}
}
