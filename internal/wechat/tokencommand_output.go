package wechat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// maxCommandTokenLife bounds expires_in: a larger number is more likely
// milliseconds than a token that lives for a year.
const maxCommandTokenLife = 366 * 24 * time.Hour

// parseTokenOutput reads the answer of contract version 1 from stdout. The
// problem it returns, when there is one, never quotes stdout: a program
// that gets its fields wrong may well have printed a token in the wrong one.
func parseTokenOutput(stdout []byte, req tokenRequest, now time.Time) (Token, string) {
	trimmed := bytes.TrimSpace(stdout)
	if len(trimmed) == 0 {
		return Token{}, "exited 0 but printed nothing on stdout"
	}
	var fields map[string]json.RawMessage
	if trimmed[0] != '{' || json.Unmarshal(trimmed, &fields) != nil {
		return Token{}, "printed something on stdout that is not one JSON object"
	}
	if problem := checkVersionAndKind(fields, req); problem != "" {
		return Token{}, problem
	}
	value, problem := outputToken(fields["access_token"])
	if problem != "" {
		return Token{}, problem
	}
	expires, problem := outputExpiry(fields, now)
	if problem != "" {
		return Token{}, problem
	}
	return Token{Value: value, ExpiresAt: expires}, ""
}

// present reports a field that is there and not null; null means absent.
func present(raw json.RawMessage) bool {
	return len(raw) > 0 && !bytes.Equal(raw, []byte("null"))
}

func checkVersionAndKind(fields map[string]json.RawMessage, req tokenRequest) string {
	if raw := fields["version"]; present(raw) {
		var v flexInt
		if json.Unmarshal(raw, &v) != nil {
			return "printed a version on stdout that is not a number"
		}
		if v.Value != TokenCommandVersion {
			return fmt.Sprintf("answered in contract version %d; this provider speaks version %d", v.Value, TokenCommandVersion)
		}
	}
	if raw := fields["kind"]; present(raw) {
		return checkKind(raw, req.Kind)
	}
	return ""
}

// checkKind: a kind, when given, must be the one asked for, or the program
// has mixed up its requests. Only a known kind is named: the field is
// stdout, which may hold a token.
func checkKind(raw json.RawMessage, want TokenKind) string {
	const must = "; kind, when given, must be the kind asked for"
	var kind string
	if json.Unmarshal(raw, &kind) != nil {
		return "printed a kind on stdout that is not a JSON string" + must
	}
	switch k := TokenKind(kind); k {
	case want:
		return ""
	case TokenKindAuthorizer, TokenKindComponent:
		return fmt.Sprintf("answered kind %q for a request of kind %q%s", k, want, must)
	}
	return fmt.Sprintf("answered a kind that is neither %q nor %q for a request of kind %q%s",
		TokenKindAuthorizer, TokenKindComponent, want, must)
}

func outputToken(raw json.RawMessage) (string, string) {
	if !present(raw) {
		return "", "printed no access_token on stdout"
	}
	var value string
	if json.Unmarshal(raw, &value) != nil {
		return "", "printed an access_token on stdout that is not a JSON string"
	}
	if value == "" {
		return "", "printed an empty access_token on stdout"
	}
	if strings.ContainsFunc(value, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", "printed an access_token on stdout that contains whitespace or control characters"
	}
	return value, ""
}

// outputExpiry reads expires_in or expires_at. Neither means the token is
// kept for the run (a zero time).
func outputExpiry(fields map[string]json.RawMessage, now time.Time) (time.Time, string) {
	in, at := fields["expires_in"], fields["expires_at"]
	switch {
	case present(in) && present(at):
		return time.Time{}, "printed both expires_in and expires_at on stdout; give one"
	case present(in):
		var secs flexInt
		if json.Unmarshal(in, &secs) != nil || secs.Value <= 0 {
			return time.Time{}, "printed an expires_in on stdout that is not a positive whole number of seconds"
		}
		if time.Duration(secs.Value) > maxCommandTokenLife/time.Second {
			return time.Time{}, fmt.Sprintf("printed an expires_in of %d seconds on stdout, more than a year: seconds are expected", secs.Value)
		}
		return now.Add(time.Duration(secs.Value) * time.Second), ""
	case present(at):
		var s string
		if json.Unmarshal(at, &s) != nil {
			return time.Time{}, "printed an expires_at on stdout that is not a JSON string"
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return time.Time{}, "printed an expires_at on stdout that is not an RFC 3339 time such as 2026-05-01T12:00:00Z"
		}
		if !t.After(now) {
			return time.Time{}, fmt.Sprintf("printed an expires_at on stdout that has passed (%s): the token has expired", t.UTC().Format(time.RFC3339))
		}
		return t, ""
	}
	return time.Time{}, ""
}
