package wechat

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// minRedactedValue is the shortest configured value (an env value, say)
// that is scrubbed from a program's stderr; shorter ones ("1", "prod")
// would blank out ordinary words.
const minRedactedValue = 6

var (
	// stderrCredential finds a value after a key that names a credential in
	// the forms scripts print and Redact does not know: token=…,
	// "password": "…", api_key: …, X-Token: ….
	stderrCredential = regexp.MustCompile(`(?i)([a-z_-]*(?:token|secret|ticket|password|passwd|key)"?\s*[:=]\s*"?)([^\s"'&,;<>}]+)`)
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

// redact makes a program's stderr fit to show, line by line: the known
// secret values and anything shaped like a credential replaced (Redact,
// then the shapes scripts print), control characters and terminal escapes
// removed, and at most 4 KiB kept. Values are replaced before the text is
// cut, so that no cut can leave part of one behind.
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
	lines := strings.Split(string(text), "\n")
	for i, line := range lines {
		line = Redact(line, values...)                                      // guarded by TestTokenCommand_redact (values, query, JSON, controls)
		line = stderrCredential.ReplaceAllString(line, "${1}"+redactedMark) // guarded by TestTokenCommand_redact/secret_field
		line = bearerValue.ReplaceAllString(line, "${1}"+redactedMark)      // guarded by TestTokenCommand_redact/bearer_header
		lines[i] = tokenShaped.ReplaceAllString(line, redactedMark)         // guarded by TestTokenCommand_redact/bare_long_token
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
	var vals []string
	add := func(v string) {
		if len(v) >= minRedactedValue {
			vals = append(vals, v)
		}
	}
	for _, v := range tc.Secrets() {
		add(v)
	}
	for _, w := range stdoutValues(stdout) {
		add(w)
	}
	tc.mu.Lock()
	for _, v := range tc.seen {
		add(v)
	}
	tc.mu.Unlock()
	sort.Slice(vals, func(i, j int) bool { return len(vals[i]) > len(vals[j]) })
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
