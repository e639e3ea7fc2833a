package wechat

import (
	"bytes"
	"encoding/json"
)

// The decoders pass every free-text field through these, so that no
// caller can put a server's escape sequence into state or a terminal
// (guarded, field by field, by TestDecoders_cleanFreeText).

func printablePtr(s *string) *string {
	if s == nil {
		return nil
	}
	v := Printable(*s)
	return &v
}

// printableAll cleans each string; nil stays nil, which callers read as
// "not sent".
func printableAll(list []string) []string {
	if list == nil {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = Printable(s)
	}
	return out
}

// printableJSON cleans the strings inside compact JSON text: a control
// character there is an escape such as \u001b, harmless as text but real
// again to whoever decodes it. Clean text is kept verbatim; cleaned text
// is encoded anew, which sorts object keys.
func printableJSON(text string) string {
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return Printable(text) // not JSON after all: clean it as text
	}
	v, changed := printableValue(v)
	if !changed {
		return text
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return Printable(text)
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func printableValue(v any) (any, bool) {
	switch v := v.(type) {
	case string:
		p := Printable(v)
		return p, p != v
	case []any:
		changed := false
		for i, e := range v {
			var c bool
			v[i], c = printableValue(e)
			changed = changed || c
		}
		return v, changed
	case map[string]any:
		out := make(map[string]any, len(v))
		changed := false
		for k, e := range v {
			pk := Printable(k)
			pe, c := printableValue(e)
			out[pk] = pe
			changed = changed || c || pk != k
		}
		return out, changed
	}
	return v, false
}
