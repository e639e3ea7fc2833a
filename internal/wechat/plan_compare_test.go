package wechat_test

import (
	"fmt"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
)

func samePlan(a, b *wechat.GrayReleasePlan) bool { return describe(a) == describe(b) }

// describe prints a plan with its pointers followed, for comparisons and messages.
func describe(p *wechat.GrayReleasePlan) string {
	if p == nil {
		return "<no plan>"
	}
	return fmt.Sprintf("{status %s, %s%%, created %s, finish %s, debuger %s, experiencer %s}",
		show(p.Status), show(p.GrayPercentage), showTime(p.CreateTime), showTime(p.DefaultFinishTime),
		show(p.SupportDebugerFirst), show(p.SupportExperiencerFirst))
}

func show[T any](v *T) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprint(*v)
}

func showTime(t *time.Time) string {
	if t == nil {
		return "null"
	}
	return t.Format(time.RFC3339)
}
