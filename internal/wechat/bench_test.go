package wechat_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// planBody is the seed page's answer, served as-is to both benchmarks.
const planBody = `{"errcode":0,"errmsg":"ok","gray_release_plan":{"status":1,"create_timestamp":1517553721,"default_finish_timestamp":1517554721,"gray_percentage":8}}`

// fixedServer answers every path with body: the benchmarks measure the
// client, not the mock's bookkeeping.
func fixedServer(b *testing.B, body string) *httptest.Server {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkPlanCall compares one read through the client (a cached token:
// URL building, headers, timeout, decoding and mapping) with its floor, a
// plain net/http GET of the same answer on loopback whose body is read and
// not decoded. `benchstat -col /impl` puts the two side by side.
func BenchmarkPlanCall(b *testing.B) {
	b.Run("impl=bare", func(b *testing.B) {
		srv := fixedServer(b, planBody)
		client := &http.Client{}
		url := srv.URL + wechatmock.PathGrayReleasePlan + "?access_token=TOKEN"
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
			resp, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.ReadAll(resp.Body); err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
		}
	})
	b.Run("impl=client", func(b *testing.B) {
		srv := fixedServer(b, planBody)
		c, err := wechat.New(wechat.Config{BaseURL: srv.URL, AccessToken: "TOKEN", MaxRetries: 3})
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			plan, err := c.GetGrayReleasePlan(ctx)
			if err != nil || plan == nil {
				b.Fatal(plan, err)
			}
		}
	})
}

// BenchmarkGetGrayReleasePlanParallel is many reads sharing one client, as
// Terraform's parallel data source reads do.
func BenchmarkGetGrayReleasePlanParallel(b *testing.B) {
	m := wechatmock.New()
	m.AddApp(wechatmock.FixtureAppID, "bench-secret")
	m.SetPlan(wechatmock.FixtureAppID, wechatmock.SeedPlan())
	url := m.Start()
	b.Cleanup(m.Close)
	c, err := wechat.New(wechat.Config{BaseURL: url, AppID: wechatmock.FixtureAppID, Secret: "bench-secret", MaxRetries: 3})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		// b.Fatal must not run in these goroutines: report and stop this one.
		for pb.Next() {
			if _, err := c.GetGrayReleasePlan(context.Background()); err != nil {
				b.Error(err)
				return
			}
		}
	})
	if n := m.TokenCalls(); n != 1 {
		b.Fatalf("%d token calls, want 1", n)
	}
}
