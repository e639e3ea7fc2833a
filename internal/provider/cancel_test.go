package provider

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// Ctrl-C during a read that WeChat never answers: the CLI asks the provider
// to stop, the read gives up at once, and the plan ends instead of waiting
// out request_timeout and the retries.
func TestProvider_interruptStopsAHangingRead(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	mock.InjectFaults(wechatmock.PathGrayReleasePlan, wechatmock.Fault{Delay: time.Minute})
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + providerConfig(url, `request_timeout = "1m"`) + planDataSource})

	cmd := exec.Command(w.cli, "plan", "-input=false", "-no-color")
	cmd.Dir, cmd.Env = w.dir, w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	// Interrupt once the read is under way.
	deadline := time.Now().Add(30 * time.Second)
	for mock.Calls(wechatmock.PathGrayReleasePlan) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Fatalf("an interrupted plan must fail:\n%s", out.String())
		}
		if text := strings.Join(strings.Fields(out.String()), " "); !strings.Contains(text, "The WeChat call was canceled before it finished") {
			t.Errorf("the output does not say the read was canceled:\n%s", out.String())
		}
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		// The output buffer is the process's until it has exited.
		t.Fatalf("the plan kept running 20s after Ctrl-C, though WeChat would not answer for a minute (%v):\n%s", <-done, out.String())
	}
	if n := mock.Calls(wechatmock.PathGrayReleasePlan); n != 1 {
		t.Errorf("plan calls = %d, want 1: a canceled read must not be retried", n)
	}
}
