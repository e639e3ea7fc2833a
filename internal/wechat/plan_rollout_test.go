package wechat_test

import (
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

func TestFullyReleased(t *testing.T) {
	plan := func(status, percentage *int64) *wechat.GrayReleasePlan {
		return &wechat.GrayReleasePlan{Status: status, GrayPercentage: percentage}
	}
	n := func(v int64) *int64 { return &v }
	tests := []struct {
		name string
		plan *wechat.GrayReleasePlan
		want bool
	}{
		{"no plan", nil, false},
		{"initial", plan(n(0), n(0)), false},
		{"initial, percentage 100", plan(n(0), n(100)), false},
		{"running at 8 %", plan(n(1), n(8)), false},
		{"running at 99 %", plan(n(1), n(99)), false},
		{"running at 100 %", plan(n(1), n(100)), true},
		{"running, percentage absent", plan(n(1), nil), false},
		{"paused at 30 %", plan(n(2), n(30)), false},
		{"paused at 100 %", plan(n(2), n(100)), true},
		{"finished at 100 %", plan(n(3), n(100)), true},
		{"finished, percentage absent", plan(n(3), nil), true},
		{"finished, percentage below 100", plan(n(3), n(40)), true},
		{"deleted", plan(n(4), n(30)), false},
		{"deleted at 100 %", plan(n(4), n(100)), false},
		{"undocumented status", plan(n(7), n(100)), false},
		{"status absent, percentage 100", plan(nil, n(100)), false},
		{"every field absent", &wechat.GrayReleasePlan{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.plan.FullyReleased(); got != tt.want {
				t.Errorf("FullyReleased() = %v, want %v (status_name %s)", got, tt.want, tt.plan.StatusName())
			}
		})
	}
}
