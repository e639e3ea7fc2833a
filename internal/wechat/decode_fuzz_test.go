package wechat

import (
	"testing"
)

// FuzzDecode feeds arbitrary bodies through the decoding a plan answer
// takes. It must never panic, and what it accepts must be a plan a release
// gate can trust.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"errcode":0,"errmsg":"ok","gray_release_plan":{"status":1,"create_timestamp":1517553721,"default_finish_timestamp":1517554721,"gray_percentage":8}}`,
		`{"errcode":0,"errmsg":"ok","gray_release_plan":{"status":3,"gray_percentage":100,"support_debuger_first":true,"support_experiencer_first":false}}`,
		`{"errcode":"0","errmsg":"ok","gray_release_plan":{"status":"2","gray_percentage":"50"}}`,
		`{"errcode":0,"errmsg":"ok"}`,
		`{"errcode":0,"gray_release_plan":null}`,
		`{"errcode":-1,"errmsg":"system error rid: 6571a2b3-0000"}`,
		`{"errcode":40164,"errmsg":"invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 1"}`,
		`{"errcode":0,"gray_release_plan":{"gray_percentage":150}}`,
		`{"errcode":0,"gray_release_plan":{"create_timestamp":1e300}}`,
		`{"errcode":0,"gray_release_plan":{"status":1.5}}`,
		`{"errcode":0,"gray_release_plan":{"sta`,
		`<html><body>502 Bad Gateway</body></html>`,
		``,
		`[]`,
		`{"errcode":{"nested":true}}`,
	} {
		f.Add([]byte(seed))
	}
	for _, seed := range thirdPartySeeds {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzThirdParty(t, body)
		var answer planAnswer
		if err := decodeAnswer(PathGrayReleasePlan, body, &answer); err != nil {
			var env envelope
			_ = decodeAnswer(PathGrayReleasePlan, body, &env) // the errcode fallback must not panic either
			return
		}
		if answer.ErrCode.Value != 0 {
			return
		}
		plan, err := answer.Plan.toPlan()
		if err != nil || plan == nil {
			return
		}
		if p := plan.GrayPercentage; p != nil && (*p < 0 || *p > 100) {
			t.Errorf("accepted gray_percentage %d", *p)
		}
		if plan.CreateTime != nil && plan.CreateTime.Year() > 9999 {
			t.Errorf("accepted create time %v", plan.CreateTime)
		}
		_ = plan.StatusName()
	})
}
