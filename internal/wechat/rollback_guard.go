package wechat

import (
	"errors"
	"net/url"
	"path"
	"strings"
)

// One WeChat path has two meanings: GET /wxa/revertcoderelease with
// action=get_history_version lists the versions a mini program could roll
// back to, and the same path without it rolls the live version back. No
// function of the client sends it; this guard, on every request's final
// URL, keeps a future one (or a path built by mistake) from sending the
// rollback (the ops reference's rule 2).

const pathRevertCodeRelease = "/wxa/revertcoderelease"

// ErrRollbackRefused is the client's refusal to send /wxa/revertcoderelease
// without action=get_history_version.
var ErrRollbackRefused = errors.New("the client refuses to send /wxa/revertcoderelease without action=get_history_version: " +
	"that request rolls the mini program's live version back, and this provider never does")

// refuseRollback returns ErrRollbackRefused for a URL that WeChat would
// take as a rollback: the path, however spelled (a base path before it, a
// trailing slash, escapes, upper case), without exactly one action, which
// is get_history_version.
func refuseRollback(u *url.URL) error {
	p := strings.ToLower(u.Path) // no copy unless it has upper case: this runs on every call
	if !strings.Contains(p, "revertcoderelease") || !strings.HasSuffix(path.Clean("/"+p), pathRevertCodeRelease) {
		return nil
	}
	if action := u.Query()["action"]; len(action) == 1 && action[0] == "get_history_version" {
		return nil
	}
	return ErrRollbackRefused
}
