package wechat

import (
	"testing"
	"time"
)

// WaitLimit bounds every wait of a test on a hook, a channel or a group of
// goroutines: when the code under test breaks and never signals, the test
// fails within seconds instead of hanging until the binary's timeout.
// Exported for the package's external tests.
const WaitLimit = 10 * time.Second

// Within runs wait (wg.Wait, say) and fails the test if it has not
// returned within WaitLimit. It must be called from the test's goroutine.
func Within(t testing.TB, what string, wait func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(WaitLimit):
		t.Fatalf("%s did not happen within %s", what, WaitLimit)
	}
}

// Recv receives from ch, failing the test if nothing comes within WaitLimit.
func Recv[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(WaitLimit):
		t.Fatalf("%s did not happen within %s", what, WaitLimit)
		var zero T
		return zero
	}
}
