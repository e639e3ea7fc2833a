package wechat_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// Terraform reads data sources in batches of 10; against a dead token
// endpoint each batch used to wait out a fetch of its own.
func TestClient_deadTokenEndpointIsWaitedOutOnce(t *testing.T) {
	m, url := startMock(t)
	hang := wechatmock.Fault{Delay: time.Second} // longer than the request timeout
	m.InjectFaults(wechatmock.PathStableToken, hang, hang)
	c := newClient(t, url, func(cfg *wechat.Config) { cfg.MaxRetries, cfg.RequestTimeout = 1, 200*time.Millisecond })
	start := time.Now()
	var first error
	for i := range 100 {
		_, err := c.GetGrayReleasePlan(context.Background())
		var exhausted *wechat.RetriesExhaustedError
		if !errors.As(err, &exhausted) {
			t.Fatalf("read %d: %v, want retries exhausted", i, err)
		}
		if i == 0 {
			first = err
		} else if !errors.Is(err, first) {
			t.Fatalf("read %d failed with %v, want the first read's error", i, err)
		}
	}
	// One fetch: 2 attempts of 200 ms and a backoff of 1 ms.
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("100 reads took %v to fail", d)
	}
	if n := m.TokenCalls(); n != 2 {
		t.Errorf("%d token calls, want the one fetch's 2", n)
	}
}
