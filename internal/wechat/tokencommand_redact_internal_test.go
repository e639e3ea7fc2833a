package wechat

import (
	"strings"
	"testing"
	"time"
)

// Each case guards one line of redact or knownValues: removing the line
// makes its case fail.
func TestTokenCommand_redact(t *testing.T) {
	const long = "83_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-AbCdEfGhIjKlMnOp"
	tc := &TokenCommand{cfg: TokenCommandConfig{
		Secrets: []string{"conf-secret-1"},
		Env:     map[string]string{"TOKEN_SERVICE_KEY": "svc-key-42", "REGION": "cn"},
	}, seen: []string{"seen-tok-77"}}
	tests := []struct {
		name, in, stdout string
		cut              bool
		want             string
	}{
		{"configured secret", "auth with conf-secret-1 failed", "", false, "auth with [redacted] failed"},
		{"env value", "calling with svc-key-42", "", false, "calling with [redacted]"},
		{"short env values stay", "region cn", "", false, "region cn"},
		{"a token handed out earlier", "old token seen-tok-77 refused", "", false, "old token [redacted] refused"},
		{"a value printed on stdout", "stored out-tok-9", `{"access_token":"out-tok-9"}`, false, "stored [redacted]"},
		{"a word of a stdout that is not JSON", "stored plainword99", "token plainword99", false, "stored [redacted]"},
		{"query parameter", "GET /x?access_token=abc&y=1", "", false, "GET /x?access_token=[redacted]&y=1"},
		{"JSON field", `{"authorizer_refresh_token": "abc"}`, "", false, `{"authorizer_refresh_token": "[redacted]"}`},
		{"secret field", "component_appsecret: abc", "", false, "component_appsecret: [redacted]"},
		{"header and YAML forms", "X-Api-Key: abc\npassword: hunter2", "", false, "X-Api-Key: [redacted]\npassword: [redacted]"},
		{"bearer header", "Authorization: Bearer abc.def", "", false, "Authorization: Bearer [redacted]"},
		{"bare long token", "got " + long + " back", "", false, "got [redacted] back"},
		{"rids stay", "rid: 61725984-6126f6f9-040f19c4", "", false, "rid: 61725984-6126f6f9-040f19c4"},
		{"terminal escapes and controls", "\x1b[31mred\x1b[0m\a\r\x1b]0;title\x07ok\u202etxt", "", false, "red oktxt"},
		{"lines stay lines", "a\n\tb", "", false, "a\nb"},
		{"a cut capture drops its last partial line", "line one\naccess_tok", "", true, "line one (cut)"},
		{"invalid UTF-8", "bad \xff byte", "", false, "bad ? byte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tc.redact([]byte(tt.in), tt.cut, []byte(tt.stdout)); got != tt.want {
				t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// A secret that straddles the 4 KiB cut must still go whole: values are
// replaced before the text is cut.
func TestTokenCommand_redactBeforeCut(t *testing.T) {
	tc := &TokenCommand{cfg: TokenCommandConfig{Secrets: []string{"straddling-secret"}}}
	in := strings.Repeat("x ", (shownStderrSize-8)/2) + "straddling-secret and more"
	got := tc.redact([]byte(in), false, nil)
	if strings.Contains(got, "straddl") {
		t.Errorf("a part of the secret survived the cut: ...%q", got[len(got)-40:])
	}
	if len(got) > shownStderrSize+len(" (cut)")+len("…") || !strings.HasSuffix(got, " (cut)") {
		t.Errorf("shown %d bytes ending %q; want at most 4 KiB, marked as cut", len(got), got[len(got)-10:])
	}
}

func TestParseTokenOutput(t *testing.T) {
	req := tokenRequest{Version: 1, Kind: TokenKindAuthorizer, AppID: cmdAppID}
	now := mustTime(t, "2026-05-01T10:00:00Z")
	tests := []struct {
		out         string
		wantExpires string // RFC 3339, "" for none
		wantProblem string
	}{
		{`{"access_token":"t","expires_in":7200}`, "2026-05-01T12:00:00Z", ""},
		{`{"access_token":"t","expires_in":"600"}`, "2026-05-01T10:10:00Z", ""},
		{`{"version":1,"access_token":"t","expires_at":"2026-05-01T20:00:00+08:00"}`, "2026-05-01T12:00:00Z", ""},
		{`{"access_token":"t","expires_in":null,"expires_at":null,"extra":[1]}`, "", ""},
		{` {"access_token":"t","kind":"authorizer"} ` + "\n", "", ""},
		{`{"access_token":"t"} {"access_token":"u"}`, "", "not one JSON object"},
		{`["t"]`, "", "not one JSON object"},
		{`{"access_token":42}`, "", "not a JSON string"},
		{`{"access_token":""}`, "", "empty access_token"},
		{`{"access_token":"t t"}`, "", "whitespace"},
		{`{"access_token":"t\u0007"}`, "", "control characters"},
		{`{"access_token":"t","expires_in":0}`, "", "not a positive whole number"},
		{`{"access_token":"t","expires_in":"soon"}`, "", "not a positive whole number"},
		{`{"access_token":"t","expires_in":7200000000}`, "", "more than a year"},
		{`{"access_token":"t","expires_at":"tomorrow"}`, "", "not an RFC 3339 time"},
		{`{"access_token":"t","expires_at":1777777777}`, "", "expires_at on stdout that is not a JSON string"},
		{`{"access_token":"t","version":"x"}`, "", "version on stdout that is not a number"},
		{`{"access_token":"t","kind":"component"}`, "", `answered kind "component" for a request of kind "authorizer"; kind, when given, must be the kind asked for`},
		{`{"access_token":"t","kind":"tk-secret"}`, "", `answered a kind that is neither "authorizer" nor "component" for a request of kind "authorizer"`},
		{`{"access_token":"t","kind":7}`, "", "kind on stdout that is not a JSON string"},
	}
	for _, tt := range tests {
		tok, problem := parseTokenOutput([]byte(tt.out), req, now)
		switch {
		case tt.wantProblem != "":
			if !strings.Contains(problem, tt.wantProblem) {
				t.Errorf("%s: problem %q, want %q", tt.out, problem, tt.wantProblem)
			}
		case problem != "":
			t.Errorf("%s: unexpected problem %q", tt.out, problem)
		case tok.Value != "t":
			t.Errorf("%s: token %q", tt.out, tok.Value)
		case tt.wantExpires == "" && !tok.ExpiresAt.IsZero(), tt.wantExpires != "" && !tok.ExpiresAt.Equal(mustTime(t, tt.wantExpires)):
			t.Errorf("%s: expires %v, want %q", tt.out, tok.ExpiresAt, tt.wantExpires)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A kind the provider does not know is not quoted: a program that mixes
// up its fields may have put a token there.
func TestParseTokenOutput_unknownKindIsNotQuoted(t *testing.T) {
	req := tokenRequest{Version: 1, Kind: TokenKindComponent, AppID: cmdComponentID}
	_, problem := parseTokenOutput([]byte(`{"access_token":"t","kind":"tk-wx00000000000000a1"}`), req, time.Now())
	if problem == "" || strings.Contains(problem, "tk-wx") {
		t.Errorf("problem %q; want one that does not quote the kind", problem)
	}
}

// Values are replaced in the whole text before it is split into lines: a
// value read with file() ends in a newline and a PEM key spans lines, so
// no single line holds either whole.
func TestTokenCommand_redactWholeValues(t *testing.T) {
	const pem = "-----BEGIN TEST KEY-----\nMIIBOgIBAAJBAKj34+/GqjK9\nX2Zx+hQ7/oRP0rQ3e1w9Vx==\n-----END TEST KEY-----\n"
	tc := &TokenCommand{cfg: TokenCommandConfig{Env: map[string]string{
		"SERVICE_KEY": pem, "FROM_FILE": "file-secret-5f3a\n", "PADDED": "  padded-secret-77  ",
		"SHORT_LINES": "ab12\ncd34\nef56",
	}}}
	tests := []struct{ name, in string }{
		{"a PEM key echoed whole", "loading key:\n" + pem + "failed"},
		{"one line of a PEM key", "bad line X2Zx+hQ7/oRP0rQ3e1w9Vx== in key"},
		{"a file() value with its newline", "using file-secret-5f3a\nthen failed"},
		{"a file() value without its newline", "using file-secret-5f3a, failed"},
		{"a padded value, trimmed", "using padded-secret-77 failed"},
		{"a value of lines too short to redact alone", "got ab12\ncd34\nef56 back"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tc.redact([]byte(tt.in), false, nil)
			for _, part := range []string{"MIIBOgIBAAJBAKj34", "X2Zx+hQ7", "file-secret", "padded-secret", "cd34"} {
				if strings.Contains(got, part) {
					t.Errorf("redact(%q) = %q: %q survived", tt.in, got, part)
				}
			}
			if !strings.Contains(got, redactedMark) {
				t.Errorf("redact(%q) = %q: nothing redacted", tt.in, got)
			}
		})
	}
	// The trimmed forms are the provider's to mask in logs too.
	secrets := strings.Join(tc.Secrets(), "\x00")
	for _, want := range []string{"file-secret-5f3a", "padded-secret-77", "X2Zx+hQ7/oRP0rQ3e1w9Vx=="} {
		if !strings.Contains(secrets, "\x00"+want+"\x00") && !strings.HasPrefix(secrets, want+"\x00") && !strings.HasSuffix(secrets, "\x00"+want) {
			t.Errorf("Secrets() lacks %q", want)
		}
	}
}

// The by-shape rule redacts what follows a credential key, not every word
// after "token:": the path of the command the docs use, or a program
// naming itself, reads as it is.
func TestTokenCommand_redactOnlyAfterCredentialKeys(t *testing.T) {
	tc := &TokenCommand{}
	for _, in := range []string{
		"fork/exec /usr/local/bin/wechat-token: no such file or directory",
		`exec: "wechat-token": executable file not found in $PATH`,
		`C:\tools\wechat-token: access denied`,
		"wechat-token: the token server at tokens.internal refused",
		"open /etc/wechat/app.key: permission denied",
		"keyword: hello, tokens: 3",
	} {
		if got := tc.redact([]byte(in), false, nil); got != in {
			t.Errorf("redact(%q) = %q, want it unchanged", in, got)
		}
	}
	for in, want := range map[string]string{
		"token: abc123":                 "token: " + redactedMark,
		"X-Auth-Token: abc123":          "X-Auth-Token: " + redactedMark,
		"accessToken:abc123":            "accessToken:" + redactedMark,
		"my_api_key=abc123":             "my_api_key=" + redactedMark,
		`{"password": "abc 123"}`:       `{"password": "` + redactedMark + `"}`,
		"TOKEN_SERVICE_KEY: abc123":     "TOKEN_SERVICE_KEY: " + redactedMark,
		"curl: (22) ?api_token=abc123&": "curl: (22) ?api_token=" + redactedMark + "&",
	} {
		if got := tc.redact([]byte(in), false, nil); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// A value inside a longer one: the longer goes first, or its rest would
// be shown (guarded line: the sort in knownValues).
func TestTokenCommand_redactLongerValueFirst(t *testing.T) {
	tc := &TokenCommand{cfg: TokenCommandConfig{Secrets: []string{"abcdef", "abcdef-and-the-rest-of-it"}}}
	got := tc.redact([]byte("using abcdef-and-the-rest-of-it now"), false, nil)
	if got != "using "+redactedMark+" now" {
		t.Errorf("got %q: the longer value must be replaced whole", got)
	}
}
