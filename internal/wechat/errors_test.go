package wechat_test

import (
	"fmt"
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

func TestAPIError_CallerIP(t *testing.T) {
	tests := []struct {
		name string
		code int64
		msg  string
		want string
	}{
		{"40164, IPv4", 40164, "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 1-2", "203.0.113.7"},
		{"40164, IPv6 only", 40164, "invalid ip 2001:db8::1, not in whitelist", "2001:db8::1"},
		{"61004", 61004, "access clientip is not registered requestIP: 198.51.100.4 rid: 6571a2b3-0000", "198.51.100.4"},
		{"40164 without an address", 40164, "not in whitelist", ""},
		{"40164 with garbage", 40164, "invalid ip 999.1.1.1.1, not in whitelist", ""},
		{"another code naming an ip", 48001, "invalid ip 203.0.113.7", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &wechat.APIError{Code: tt.code, Message: tt.msg}
			if got := e.CallerIP(); got != tt.want {
				t.Errorf("CallerIP() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAPIError_WrongSecret(t *testing.T) {
	tests := []struct {
		code      int64
		tokenCall bool
		want      bool
	}{
		{40001, true, true},
		{40125, true, true},
		{40001, false, false}, // a stale token on a business call
		{40125, false, false},
		{40013, true, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d token call %v", tt.code, tt.tokenCall), func(t *testing.T) {
			e := &wechat.APIError{Code: tt.code, TokenCall: tt.tokenCall}
			if got := e.WrongSecret(); got != tt.want {
				t.Errorf("WrongSecret() = %v, want %v", got, tt.want)
			}
		})
	}
}
