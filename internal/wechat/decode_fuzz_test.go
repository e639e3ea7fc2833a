package wechat

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
)

// plantedSecret and plantedToken are put into fuzzed bodies: the secret as
// a configured credential, the token where only its shape gives it away.
const (
	plantedSecret = "PLANTEDs3cr3t0123456789abcdef"
	plantedToken  = "PLANTEDtok_98765ZYX"
)

// FuzzDecode feeds arbitrary bodies through what an answer goes through:
// decoding, classification and redaction. It must never panic; what it
// accepts must be a plan a release gate can trust; and no error text may
// hold a credential or a control character.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"errcode":0,"errmsg":"ok","gray_release_plan":{"status":1,"create_timestamp":1517553721,"default_finish_timestamp":1517554721,"gray_percentage":8}}`,
		`{"errcode":0,"errmsg":"ok","gray_release_plan":{"status":3,"gray_percentage":100,"support_debuger_first":true,"support_experiencer_first":false}}`,
		`{"errcode":"0","errmsg":"ok","gray_release_plan":{"status":"2","gray_percentage":"50"}}`,
		`{"errcode":0,"errmsg":"ok"}`,
		`{"errcode":0,"gray_release_plan":null}`,
		`{"message":"Forbidden"}`,
		`{"gray_release_plan":{"status":1}}`,
		`{"errcode":-1,"errmsg":"system error rid: 6571a2b3-0000"}`,
		`{"errcode":40164,"errmsg":"invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 1"}`,
		`{"errcode":48001,"errmsg":"\u001b[31mred\u0007","gray_release_plan":"n/a"}`,
		`{"errcode":0,"gray_release_plan":{"gray_percentage":150}}`,
		`{"errcode":0,"gray_release_plan":{"create_timestamp":1e300}}`,
		`{"errcode":0,"gray_release_plan":{"status":1.5}}`,
		`{"errcode":0,"gray_release_plan":{"sta`,
		`{"access_token":"x","expires_in":"7200"}`,
		`<html><body>502 Bad Gateway GET /x?access_token=abc&secret=def</body></html>`,
		"\x1b[2J\x1b]0;title\x07",
		``,
		`[]`,
		`{"errcode":{"nested":true}}`,
	} {
		f.Add([]byte(seed), uint16(len(seed)/2), 200)
	}
	for _, seed := range thirdPartySeeds {
		f.Add([]byte(seed), uint16(len(seed)/2), 200)
	}
	f.Fuzz(func(t *testing.T, body []byte, at uint16, status int) {
		// Redacting costs about 2 s a MiB, and each input is redacted
		// several times: inputs the mutator grows that far would stall the
		// run for seconds each. 16 KiB still crosses redactedStart's windows.
		if len(body) > 16<<10 {
			return
		}
		fuzzThirdParty(t, body)
		checkPlanAnswer(t, body, status)
		checkRedaction(t, body, int(at), status)
	})
}

// checkPlanAnswer decodes body as a plan answer and checks what passes.
func checkPlanAnswer(t *testing.T, body []byte, status int) {
	answer, x := decodeExchange[planAnswer](exchange{path: PathGrayReleasePlan, status: status, body: body})
	if err := classify(x); err != nil {
		assertPrintable(t, err.Error())
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
}

// checkRedaction plants credentials at byte at of body and checks that no
// error text, and nothing Redact returns, holds them.
func checkRedaction(t *testing.T, body []byte, at, status int) {
	if len(body) > 0 {
		at %= len(body) + 1
	} else {
		at = 0
	}
	planted := string(body[:at]) + plantedSecret + string(body[at:])
	for _, tokenCall := range []bool{false, true} {
		x := exchange{path: PathGrayReleasePlan, tokenCall: tokenCall, status: status, body: []byte(planted), secrets: []string{plantedSecret}}
		_, x = decodeExchange[planAnswer](x)
		if err := classify(x); err != nil && strings.Contains(err.Error(), plantedSecret) {
			t.Errorf("error text holds the configured secret: %q", err.Error())
		}
	}
	if got := Redact(planted, plantedSecret); strings.Contains(got, plantedSecret) {
		t.Errorf("Redact left the configured secret in %q", got)
	}
	if bytes.Contains(body, []byte(plantedToken)) {
		return // the fuzzer wrote the token itself, not in a credential's place
	}
	for _, shape := range []string{"access_token=%s&", `"secret":"%s"`, `\"refresh_token\": \"%s\"`, "secret%%3D%s%%26"} {
		text := string(body[:at]) + strings.Replace(shape, "%s", plantedToken, 1) + string(body[at:])
		text = strings.ReplaceAll(text, "%%", "%")
		got := Redact(text)
		if strings.Contains(got, plantedToken) {
			t.Errorf("Redact left a token after %q in %q", shape, got)
		}
		assertPrintable(t, got)
	}
}

func assertPrintable(t *testing.T, s string) {
	for _, r := range s {
		if unicode.IsControl(r) {
			t.Errorf("control character %U in %q", r, s)
			return
		}
	}
}
