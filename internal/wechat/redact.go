package wechat

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// Redact makes text that came from a server, a proxy or a token command
// fit to show: every given credential is replaced by "[redacted]", so is
// any value that has the shape of one (after access_token=, secret=,
// "secret": and their kin, in any case, in query, URL-encoded and JSON
// form), and control characters are removed so the text is one printable
// line that cannot drive a terminal. It does not shorten s: cut it after
// redacting, or a credential cut in two escapes both checks.
func Redact(s string, secrets ...string) string {
	s = redactValues(s, secrets) // guarded by TestRedact/a_value_that_cleaning_would_change
	s = redactShapes(s)          // guarded by TestRedact/an_escape_sequence_eating_into_a_key
	s = printableLine(s)         // guarded by TestRedact/BEL,_CR,_DEL,_C1 and TestClient_errmsgIsCleanedAndCapped
	// Again after cleaning: a control character may have split a value or key.
	s = redactValues(s, secrets) // guarded by TestRedact/a_control_character_inside_a_configured_value
	return redactShapes(s)       // guarded by TestRedact/query_* and TestRedact/JSON_*
}

// redactShapes replaces every value the shapes find, all found in s as it
// came: a shape applied after another could no longer see a key that the
// other took for a value, as in "access_token":"secret": TOKEN.
func redactShapes(s string) string {
	var spans [][2]int
	for _, shape := range credentialShapes {
		spans = appendValueSpans(spans, shape, s) // guarded by TestRedact/a_key_as_another_key's_value,_then_unquoted
	}
	return replaceSpans(s, spans)
}

// appendValueSpans appends where shape finds values in s. Each search
// after a match starts again at the value's opening quotes, as the value
// may be the next credential's key: in "access_token":"secret":"TOKEN"
// the value of access_token is "secret", and TOKEN is secret's.
func appendValueSpans(spans [][2]int, shape *regexp.Regexp, s string) [][2]int {
	for from := 0; from < len(s); {
		m := shape.FindStringSubmatchIndex(s[from:])
		if m == nil {
			break
		}
		matchStart, valueStart := from+m[0], from+m[3]
		spans = append(spans, [2]int{valueStart, from + m[1]})
		from = valueStart // guarded by TestRedact/a_key_as_another_key's_value
		for from > matchStart+1 && (s[from-1] == '"' || s[from-1] == '\\') {
			from--
		}
	}
	return spans
}

// replaceSpans replaces each span of s, overlapping spans as one, with
// "[redacted]".
func replaceSpans(s string, spans [][2]int) string {
	if len(spans) == 0 {
		return s
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var b strings.Builder
	done := 0
	for i := 0; i < len(spans); {
		start, end := spans[i][0], spans[i][1]
		for i++; i < len(spans) && spans[i][0] < end; i++ {
			end = max(end, spans[i][1])
		}
		b.WriteString(s[done:start])
		b.WriteString("[redacted]")
		done = end
	}
	b.WriteString(s[done:])
	return b.String()
}

func redactValues(s string, secrets []string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

// credentialKey matches the names WeChat gives secrets and tokens:
// access_token, component_access_token, authorizer_access_token,
// cloudbase_access_token, secret, appsecret, component_appsecret,
// refresh_token, authorizer_refresh_token and component_verify_ticket.
const credentialKey = `[a-z_]*(?:access_token|secret|refresh_token|verify_ticket)`

// credentialShapes find a credential's value by what precedes it. Group 1
// is kept; the rest of the match is the value.
var credentialShapes = []*regexp.Regexp{
	// key=value in a query or form; the value ends where the parameter does.
	regexp.MustCompile(`(?i)(` + credentialKey + `\s*=\s*)[^&\s"'<>;,\\]+`),
	// key%3Dvalue in a URL-encoded URL; the value ends at %26 (&).
	regexp.MustCompile(`(?i)(` + credentialKey + `%3D)(?:[^&%\s"'<>;,\\]|%[013-9a-f][0-9a-f]|%2[0-57-9a-f])+`),
	// "key": "value" in JSON, also inside a JSON string (\"key\":\"value\").
	regexp.MustCompile(`(?i)(\\*"` + credentialKey + `\\*"\s*:\s*\\*")[^"\\]+`),
	// "key": value without quotes.
	regexp.MustCompile(`(?i)(\\*"` + credentialKey + `\\*"\s*:\s*)[^"\\\s,}\]]+`),
}

// escapeSequence matches terminal escape sequences whole, so that their
// parameters do not remain as printable litter: CSI (colors, cursor
// moves), OSC (window titles, links) and two-character escapes.
var escapeSequence = regexp.MustCompile(`\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?`)

// Printable makes free text from a server (an error message, a stack, a
// description) fit for Terraform state and a terminal: escape sequences
// and control characters (C0, DEL, C1, bidi overrides) go, line breaks
// and tabs become spaces, and invalid UTF-8 becomes "?". Unlike Redact it
// keeps everything else as it was, runs of spaces included.
func Printable(s string) string {
	s = strings.ToValidUTF8(s, "?")
	s = escapeSequence.ReplaceAllString(s, "")
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
}

// printableLine is Printable on one line: runs of spaces become one and
// the ends are trimmed.
func printableLine(s string) string {
	return strings.Join(strings.Fields(Printable(s)), " ")
}
