package wechat

import (
	"strings"
	"testing"
)

// thirdPartySeeds are answers of the third-party APIs, for FuzzDecode.
var thirdPartySeeds = []string{
	`{"errcode":0,"errmsg":"ok","exp_info":{"exp_time":1700000000,"exp_version":"1.1.0","exp_desc":"t"},"release_info":{"release_time":1690000000,"release_version":"","release_desc":""}}`,
	`{"errcode":0,"errmsg":"ok","release_info":{"release_time":"1e300","release_version":1.5}}`,
	`{"errcode":0,"auditid":"1234567","status":5,"ScreenShot":"a||b","screenshot":null,"submit_audit_time":-1}`,
	`{"errcode":0,"total_count":2,"list":[{"authorizer_appid":"wx00000000000000a1","refresh_token":"REFRESH_SECRET_x","auth_time":1558000607},{"authorizer_appid":7}]}`,
}

// fuzzThirdParty decodes body as each third-party answer: never a panic,
// and what maps must be plausible.
func fuzzThirdParty(t *testing.T, body []byte) {
	var v versionInfoAnswer
	if decodeAnswer(PathVersionInfo, body, &v) == nil {
		if r := v.Release; r != nil {
			if got, err := toVersion("release_time", r.Time, r.Version, r.Desc); err == nil && got.Time != nil && got.Time.Year() > 9999 {
				t.Errorf("accepted release time %v", got.Time)
			}
		}
		if e := v.Exp; e != nil {
			_, _ = toVersion("exp_time", e.Time, e.Version, e.Desc)
		}
	}
	var a auditAnswer
	if decodeAnswer(PathLatestAuditStatus, body, &a) == nil {
		if audit, err := a.toAudit(); err == nil {
			_ = audit.StatusName()
			for _, id := range audit.ScreenShots {
				if id == "" || strings.Contains(id, "|") {
					t.Errorf("screenshot id %q", id)
				}
			}
		}
	}
	var l authorizerListAnswer
	if decodeAnswer(PathAuthorizerList, body, &l) == nil {
		for _, it := range l.List {
			if got, err := it.toAuthorizer(); err == nil && !ValidAppID(got.AppID) {
				t.Errorf("accepted appid %q", got.AppID)
			}
		}
	}
}
