package wechat

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	const sec = "s3cr3t-value-0123456789"
	withCode := &envelope{ErrCode: flexInt{Value: 48001, Set: true}, ErrMsg: "api unauthorized, secret " + sec}
	zero := &envelope{ErrCode: flexInt{Value: 0, Set: true}}
	absent := &envelope{}
	notParsed := &BadResponseError{Path: "/p", Problem: "the JSON does not parse: field \"x\" holds a string"}
	tests := []struct {
		name string
		x    exchange
		want string // the error's text, "" for success
	}{
		{"success", exchange{status: 200, env: zero, payload: true}, ""},
		{"errcode 0 without payload is no data, not an error", exchange{status: 200, env: zero, payload: false}, ""},
		{"no errcode with payload is an ops answer", exchange{status: 200, env: absent, payload: true}, ""},
		{"errcode", exchange{status: 200, env: withCode}, "WeChat /p returned errcode 48001: api unauthorized, secret [redacted]"},
		{"rid holding a secret", exchange{status: 200, env: &envelope{ErrCode: flexInt{Value: 1, Set: true}, ErrMsg: "x rid: " + sec}}, "WeChat /p returned errcode 1: x rid: [redacted]"},
		{"errcode over HTTP status", exchange{status: 502, env: withCode}, "WeChat /p returned errcode 48001: api unauthorized, secret [redacted]"},
		{"errcode over decoding error", exchange{status: 200, env: withCode, decodeErr: notParsed}, "WeChat /p returned errcode 48001: api unauthorized, secret [redacted]"},
		{"HTTP status", exchange{status: 502, env: absent, body: []byte("bad gateway " + sec)}, "WeChat /p answered HTTP 502: bad gateway [redacted]"},
		{"HTTP status over decoding error", exchange{status: 404, decodeErr: notParsed, body: []byte("<html>")}, "WeChat /p answered HTTP 404: <html>"},
		{"decoding error", exchange{status: 200, decodeErr: notParsed, body: []byte(`{"x":"y"}`)}, `WeChat /p sent an unusable answer: the JSON does not parse: field "x" holds a string (body starts "{\"x\":\"y\"}")`},
		{"problem quoting a secret", exchange{status: 200, decodeErr: &BadResponseError{Path: "/p", Problem: "odd " + sec}}, "WeChat /p sent an unusable answer: odd [redacted]"},
		{"not WeChat", exchange{status: 200, env: absent, body: []byte(`{"message":"Forbidden"}`)}, `WeChat /p sent an unusable answer: the answer has neither errcode nor the expected data, so it is not WeChat's; check base_url and any proxy between here and WeChat (body starts "{\"message\":\"Forbidden\"}")`},
		{"token call: HTTP status without body", exchange{tokenCall: true, status: 500, body: []byte(`{"access_token":"T"}`)}, "WeChat /p answered HTTP 500"},
		{"token call: decoding error without body", exchange{tokenCall: true, status: 200, decodeErr: notParsed, body: []byte(`{"access_token":"T"`)}, `WeChat /p sent an unusable answer: the JSON does not parse: field "x" holds a string`},
		{"token call: not WeChat without body", exchange{tokenCall: true, status: 200, env: absent, body: []byte(`{"message":"T"}`)}, "WeChat /p sent an unusable answer: the answer has neither errcode nor the expected data, so it is not WeChat's; check base_url and any proxy between here and WeChat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.x.path = "/p"
			tt.x.secrets = []string{sec}
			got := ""
			if err := classify(tt.x); err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestClassify_kinds(t *testing.T) {
	ridErr := classify(exchange{path: "/p", status: 200, secrets: []string{"s3cr3t-value"},
		env: &envelope{ErrCode: flexInt{Value: 1, Set: true}, ErrMsg: "x rid: s3cr3t-value"}})
	if apiErr, ok := AsAPIError(ridErr); !ok || apiErr.RID != "" {
		t.Errorf("a rid that is a secret: %#v, want no rid", ridErr)
	}
	var bad *BadResponseError
	if err := classify(exchange{path: "/p", status: 200, env: &envelope{}}); !errors.As(err, &bad) || !bad.NotWeChat {
		t.Errorf("an answer without errcode or data: %#v, want NotWeChat", err)
	}
	if err := classify(exchange{path: "/p", status: 200, decodeErr: notJSON()}); !errors.As(err, &bad) || !bad.NotWeChat {
		t.Errorf("a body that is not JSON: %#v, want NotWeChat", err)
	}
	if err := classify(exchange{path: "/p", status: 200, decodeErr: &BadResponseError{Problem: "the JSON does not parse"}}); !errors.As(err, &bad) || bad.NotWeChat {
		t.Errorf("broken JSON: %#v, want a BadResponseError that may be WeChat's", err)
	}
	for _, tt := range []struct {
		status int
		want   time.Duration
	}{{429, 5 * time.Second}, {503, 5 * time.Second}, {500, 0}, {502, 0}} {
		t.Run(fmt.Sprint(tt.status), func(t *testing.T) {
			var h *HTTPError
			err := classify(exchange{path: "/p", status: tt.status, retryAfter: 5 * time.Second})
			if !errors.As(err, &h) || h.RetryAfter != tt.want {
				t.Errorf("HTTP %d: %#v, want RetryAfter %v", tt.status, err, tt.want)
			}
		})
	}
}

func notJSON() *BadResponseError {
	return decodeAnswer("/p", []byte("<html>"), &envelope{})
}

func TestRedactedStart(t *testing.T) {
	const sec = "s3cr3t-value-0123456789"
	tests := []struct {
		name string
		in   string
	}{
		{"short", "page " + sec},
		{"secret at the start of a long page", sec + strings.Repeat("x", 1<<20)},
		{"secret behind a run of spaces", strings.Repeat(" ", 5000) + sec + strings.Repeat("x", 1<<20)},
		{"secret behind escape sequences", strings.Repeat("\x1b[0m", 4000) + sec + strings.Repeat("x", 1<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redactedStart(tt.in, []string{sec}, maxSnippet)
			if strings.Contains(got, sec[:8]) || !strings.Contains(got, "[redacted]") {
				t.Errorf("got %q, want the secret redacted", got)
			}
		})
	}
}
