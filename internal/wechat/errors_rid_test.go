package wechat

import "testing"

func TestAPIError_MessageWithoutRID(t *testing.T) {
	for msg, want := range map[string]string{
		"invalid credential rid: 6a1b2c3d-11aa22bb-33cc44dd": "invalid credential",
		"api unauthorized, rid: 61725984-6126f6f9":           "api unauthorized",
		"ok":                                "ok",
		"rid: abc in the middle, then more": "rid: abc in the middle, then more",
	} {
		if got := (&APIError{Message: msg}).MessageWithoutRID(); got != want {
			t.Errorf("%q: got %q, want %q", msg, got, want)
		}
	}
}
