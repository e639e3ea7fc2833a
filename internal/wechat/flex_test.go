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
