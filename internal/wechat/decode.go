package wechat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxBodyBytes bounds what the client reads of any answer. A plan is a few
// hundred bytes; anything near this size is a proxy page or a broken server.
const maxBodyBytes = 1 << 20

// envelope is the part every WeChat answer shares; answer types embed it.
type envelope struct {
	ErrCode flexInt `json:"errcode"`
	ErrMsg  string  `json:"errmsg"`
	raw     []byte  // the whole answer, for calls that share it
}

func (e *envelope) result() *envelope { return e }

// flexInt decodes a JSON number, a numeric string ("0", as cloud-call
// wrappers send errcode) or an integral float (8.0). Null leaves it unset.
type flexInt struct {
	Value int64
	Set   bool
}

func (f *flexInt) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if n, ok := parsePlainInt(b); ok {
		*f = flexInt{Value: n, Set: true}
		return nil
	}
	if bytes.Equal(b, []byte("null")) {
		*f = flexInt{}
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*f = flexInt{Value: n, Set: true}
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("%s is not a number", jsonKind(b))
	}
	// float64(math.MaxInt64) rounds up to 2^63, which is out of range
	// (guarded by TestFlexInt_wholeNumbersOnly).
	if x != math.Trunc(x) || x >= math.MaxInt64 || x < math.MinInt64 {
		return fmt.Errorf("%s is not a whole number in range", jsonKind(b))
	}
	*f = flexInt{Value: int64(x), Set: true}
	return nil
}

// parsePlainInt reads the common case, a short plain integer, without
// allocating; anything else is left to the general path.
func parsePlainInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 { // 18 digits cannot overflow; guarded by TestFlexInt_wholeNumbersOnly
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// flexBool decodes true/false, 0/1 and their string forms. Null leaves it unset.
type flexBool struct {
	Value bool
	Set   bool
}

func (f *flexBool) UnmarshalJSON(b []byte) error {
	switch strings.Trim(string(bytes.TrimSpace(b)), `"`) {
	case "null":
		*f = flexBool{}
	case "true", "1":
		*f = flexBool{Value: true, Set: true}
	case "false", "0":
		*f = flexBool{Value: false, Set: true}
	default:
		return fmt.Errorf("%s is not a boolean", jsonKind(b))
	}
	return nil
}

// decodeAnswer decodes body into out in one pass.
func decodeAnswer(path string, body []byte, out any) *BadResponseError {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return &BadResponseError{Path: path, Problem: "the body is empty"}
	case trimmed[0] != '{':
		// No WeChat API answers anything but a JSON object.
		return &BadResponseError{Path: path, Problem: "the body is not JSON", NotWeChat: true}
	}
	if err := json.Unmarshal(trimmed, out); err != nil {
		return &BadResponseError{Path: path, Problem: "the JSON does not parse: " + jsonProblem(err)}
	}
	return nil
}

// jsonProblem words a decoding error without echoing the whole input.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("%s at byte %d", syn.Error(), syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q holds a %s", typ.Field, typ.Value)
	default:
		return truncate(err.Error(), 200)
	}
}

// jsonKind names what a JSON value is without quoting it: a token
// answer's value may be a token. Numbers are safe to show.
func jsonKind(b []byte) string {
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	}
	if _, err := strconv.ParseFloat(string(b), 64); err == nil {
		return truncate(string(b), 40)
	}
	return "a value"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
