package wechat

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// minRedactedValue is the shortest configured value (an env value, say)
// that is scrubbed from a program's stderr; shorter ones ("1", "prod")
// would blank out ordinary words.
const minRedactedValue = 6

// The by-shape rules find a value after a key that names a credential,
// in the forms scripts print and Redact does not know. The key must start
// a word: not inside a path (/usr/local/bin/wechat-token: …) nor after a
// dot (app.key: …), where the text after it is an ordinary message.
const (
	keyStart        = `(^|[^A-Za-z0-9_\-/\\.])`
	credentialWords = `(?:token|secret|ticket|password|passwd|key)`
	// credentialName is a key that names a credential on its own: the word,
	// after words that qualify a credential (X-Auth-Token, api_key,
	// component_appsecret, TOKEN_SERVICE_KEY), never after other words
	// such as a program's name (wechat-token: …).
	credentialName = `(?:(?:x|access|auth|api|app|client|component|authorizer|refresh|session|private|bearer|id|service|svc|verify|cloudbase|stable|token|secret)[_-]?)*` + credentialWords
	shapeValue     = `([^\s"'&,;<>}]+)`
)

var (
	// stderrAssigned: key=value and key = "value", with any key ending in
	// a credential word (my_api_key=…): "=" leaves no doubt.
	stderrAssigned = regexp.MustCompile(`(?i)` + keyStart + `([A-Za-z0-9_-]*` + credentialWords + `\s*=\s*"?)` + shapeValue)
	// stderrJSONField: "password": "…", with the value quoted as the key is
	// (exec's `"wechat-token": executable file not found` has it unquoted).
	stderrJSONField = regexp.MustCompile(`(?i)` + keyStart + `("[A-Za-z0-9_-]*` + credentialWords + `"\s*:\s*")([^"]+)`)
	// stderrHeader: headers and YAML, X-Token: … and password: …, only
	// after a credential's name: "prog: message" has the same shape.
	stderrHeader = regexp.MustCompile(`(?i)` + keyStart + `(` + credentialName + `\s*:\s*"?)` + shapeValue)
	// bearerValue finds credentials in Authorization headers.
	bearerValue = regexp.MustCompile(`(?i)((?:bearer|basic)\s+)[^\s"']+`)
	// tokenShaped finds long unbroken runs of the characters WeChat tokens
	// are made of; WeChat's tokens run to over a hundred of them, and
	// nothing a user needs to read in an error does.
	tokenShaped = regexp.MustCompile(`[A-Za-z0-9_\-]{40,}`)
	// stdoutWord finds what may be values in a stdout that is not JSON.
	stdoutWord = regexp.MustCompile(`[^\s"'{}\[\],:]{8,}`)
)

const redactedMark = "[redacted]"

// redact makes a program's stderr fit to show: the known secret values
// replaced, in the whole text first (a value read with file() ends in a
// newline, a PEM key spans lines), then line by line anything shaped like
// a credential (Redact, then the shapes scripts print), control characters
// and terminal escapes removed, and at most 4 KiB kept. Values are
// replaced before the text is cut, so that no cut can leave part of one
// behind.
func (tc *TokenCommand) redact(text []byte, cut bool, stdout []byte) string {
	if cut {
		// The last line was cut off mid-way; a value in it may be cut too.
		if i := bytes.LastIndexByte(text, '\n'); i >= 0 { // guarded by TestTokenCommand_redact/a_cut_capture_drops_its_last_partial_line
			text = text[:i]
		} else {
			text = nil
		}
	}
	values := tc.knownValues(stdout)
	whole := redactValues(string(text), values) // guarded by TestTokenCommand_redactWholeValues
	lines := strings.Split(whole, "\n")
	for i, line := range lines {
		line = Redact(line, values...)                                         // guarded by TestTokenCommand_redact (values, query, JSON, controls)
		line = stderrAssigned.ReplaceAllString(line, "${1}${2}"+redactedMark)  // guarded by TestTokenCommand_redactOnlyAfterCredentialKeys
		line = stderrJSONField.ReplaceAllString(line, "${1}${2}"+redactedMark) // guarded by TestTokenCommand_redactOnlyAfterCredentialKeys
		line = stderrHeader.ReplaceAllString(line, "${1}${2}"+redactedMark)    // guarded by TestTokenCommand_redact/secret_field
		line = bearerValue.ReplaceAllString(line, "${1}"+redactedMark)         // guarded by TestTokenCommand_redact/bearer_header
		lines[i] = tokenShaped.ReplaceAllString(line, redactedMark)            // guarded by TestTokenCommand_redact/bare_long_token
	}
	s := strings.TrimSpace(strings.Join(lines, "\n"))
	if cut || len(s) > shownStderrSize {
		s = truncate(s, shownStderrSize) + " (cut)"
	}
	return s
}

// knownValues are the values to scrub by value, longest first so that a
// value containing another is replaced whole.
func (tc *TokenCommand) knownValues(stdout []byte) []string {
	vals := tc.Secrets()
	for _, w := range stdoutValues(stdout) {
		vals = appendValueForms(vals, w)
	}
	tc.mu.Lock()
	for _, v := range tc.seen {
		vals = appendValueForms(vals, v)
	}
	tc.mu.Unlock()
	sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) }) // guarded by TestTokenCommand_redactLongerValueFirst
	return vals
}

// appendValueForms adds the forms in which a value may be printed, each
// long enough to redact safely: the value, the value trimmed (file() keeps
// a file's final newline), and each line of a value that spans lines (a
// program may print one line of a PEM key).
func appendValueForms(vals []string, v string) []string {
	forms := []string{v, strings.TrimSpace(v)} // guarded by TestTokenCommand_redactWholeValues
	if strings.Contains(v, "\n") {
		forms = append(forms, strings.Split(v, "\n")...) // guarded by TestTokenCommand_redactWholeValues
	}
	for i, f := range forms {
		if i > 0 {
			f = strings.TrimSpace(f)
		}
		if len(f) >= minRedactedValue && !slices.Contains(vals, f) {
			vals = append(vals, f)
		}
	}
	return vals
}

// stdoutValues are the values a program printed on stdout, to be scrubbed
// from its stderr: the strings of a JSON answer, or else every longer word.
func stdoutValues(stdout []byte) []string {
	var v any
	if json.Unmarshal(stdout, &v) != nil {
		return stdoutWord.FindAllString(string(stdout), -1)
	}
	var vals []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			vals = append(vals, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return vals
}
