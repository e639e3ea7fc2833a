package wechat

import (
	"slices"
	"strings"
	"testing"
)

// dirty is an escape sequence, BEL and CR around text, as JSON; clean is
// what any free-text field must make of it.
const (
	dirty = `a\u001b[31mb\u0007\rc`
	clean = "ab c"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\x1b[31mb\a\rc", clean},
		{"at f (app.js:1)\n    at g\t(x)", "at f (app.js:1)     at g (x)"},
		{"\x1b]0;title\a\u202eevil\x7f\u0085", "evil "}, // U+0085 is a line break
		{"caf\xe9", "caf?"},
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every free-text field the ops and third-party decoders return comes out
// without control characters.
func TestDecoders_cleanFreeText(t *testing.T) {
	d := `"` + dirty + `"`
	jsErr := func(field string) func(*testing.T) string {
		return func(t *testing.T) string {
			p, err := decodeOK[jsErrAnswer](t, PathJSErrList, `{"data":[{"`+field+`":`+d+`}],"totalCount":1}`).toPage()
			if err != nil {
				t.Fatal(err)
			}
			e := p.errors[0]
			return e.Message + e.Stack + e.MessageMD5 + e.StackMD5
		}
	}
	logEntry := func(field string) func(*testing.T) string {
		return func(t *testing.T) string {
			p, err := decodeOK[realtimeLogAnswer](t, PathRealtimeLogSearch, `{"data":{"list":[{"`+field+`":`+d+`}]}}`).toPage()
			if err != nil {
				t.Fatal(err)
			}
			e := p.Entries[0]
			return e.LibraryVersion + e.ClientVersion + e.ID + e.URL + e.FilterMsg + e.TraceID
		}
	}
	logMsg := func(msg string) func(*testing.T) string {
		return func(t *testing.T) string {
			p, err := decodeOK[realtimeLogAnswer](t, PathRealtimeLogSearch, `{"data":{"list":[{"msg":[{"msg":`+msg+`}]}]}}`).toPage()
			if err != nil {
				t.Fatal(err)
			}
			return p.Entries[0].Messages[0].Msg
		}
	}
	audit := func(field string) func(*testing.T) string {
		return func(t *testing.T) string {
			a, err := decodeOK[auditAnswer](t, PathLatestAuditStatus, `{"status":1,"`+field+`":`+d+`}`).toAudit()
			if err != nil {
				t.Fatal(err)
			}
			return deref(a.Reason) + deref(a.UserVersion) + deref(a.UserDesc) + strings.Join(a.ScreenShots, "")
		}
	}
	version := func(field string) func(*testing.T) string {
		return func(t *testing.T) string {
			a := decodeOK[versionInfoAnswer](t, PathVersionInfo, `{"release_info":{"release_`+field+`":`+d+`},"exp_info":{"exp_`+field+`":`+d+`}}`)
			r, err := toVersion("release_time", a.Release.Time, a.Release.Version, a.Release.Desc)
			if err != nil {
				t.Fatal(err)
			}
			e, err := toVersion("exp_time", a.Exp.Time, a.Exp.Version, a.Exp.Desc)
			if err != nil {
				t.Fatal(err)
			}
			return deref(r.Version) + deref(r.Description) + "|" + deref(e.Version) + deref(e.Description)
		}
	}
	domain := func(t *testing.T) string {
		info := decodeOK[domainAnswer](t, PathDomainInfo, `{"requestdomain":[`+d+`],"wsrequestdomain":[`+d+`],`+
			`"uploaddomain":[`+d+`],"downloaddomain":[`+d+`],"udpdomain":[`+d+`],"bizdomain":[`+d+`]}`).toInfo()
		return strings.Join(slices.Concat(info.Request, info.WSRequest, info.Upload, info.Download, info.UDP, info.Biz), "|")
	}
	tests := []struct {
		name string
		got  func(*testing.T) string
		want string
	}{
		{"JS error message", jsErr("errorMsg"), clean},
		{"JS error stack", jsErr("errorStack"), clean},
		{"JS error message md5", jsErr("errorMsgMd5"), clean},
		{"JS error stack md5", jsErr("errorStackMd5"), clean},
		{"log library version", logEntry("libraryVersion"), clean},
		{"log client version", logEntry("clientVersion"), clean},
		{"log id", logEntry("id"), clean},
		{"log url", logEntry("url"), clean},
		{"log filter_msg", logEntry("filterMsg"), clean},
		{"log trace id", logEntry("traceid"), clean},
		{"log msg array", logMsg(`["x",` + d + `]`), `["x","` + clean + `"]`},
		{"log msg object", logMsg(`{"k` + dirty + `":{"v":` + d + `}}`), `{"k` + clean + `":{"v":"` + clean + `"}}`},
		{"clean log msg is kept verbatim", logMsg(`{"z":1,"a":"\u00e9 x"}`), `{"z":1,"a":"\u00e9 x"}`},
		{"audit reason", audit("reason"), clean},
		{"audit user_version", audit("user_version"), clean},
		{"audit user_desc", audit("user_desc"), clean},
		{"audit screenshot", audit("screenshot"), clean},
		{"version", version("version"), clean + "|" + clean},
		{"version description", version("desc"), clean + "|" + clean},
		{"domains", domain, strings.Repeat(clean+"|", 5) + clean},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(t); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
