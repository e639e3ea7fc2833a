package wechat

import (
	"net/http"
	"testing"
)

// sharePlanBody is the seed page's answer.
const sharePlanBody = `{"errcode":0,"errmsg":"ok","gray_release_plan":{"status":1,"create_timestamp":1517553721,"default_finish_timestamp":1517554721,"gray_percentage":8}}`

// BenchmarkShareServe measures what a caller served by a shared call pays:
// decoding the kept bytes into a fresh answer and mapping it (impl=decode,
// what callWithToken does), against mapping one decoded answer shared by
// all (impl=shared, which would need every mapping to leave it alone).
// The key is hashed on every call, shared or not.
func BenchmarkShareServe(b *testing.B) {
	body := []byte(sharePlanBody)
	b.Run("impl=decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			a, err := decodeShared[planAnswer](PathGrayReleasePlan, body)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.Plan.toPlan(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=shared", func(b *testing.B) {
		a, err := decodeShared[planAnswer](PathGrayReleasePlan, body)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := a.Plan.toPlan(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=key", func(b *testing.B) {
		r := request{method: http.MethodGet, path: PathGrayReleasePlan}
		b.ReportAllocs()
		for b.Loop() {
			_ = shareKeyOf("wx0123456789abcdef", r)
		}
	})
}
