//go:build unix

package provider

import (
	"syscall"
	"time"
)

// processGone waits up to limit for pid to end, and kills it if it does
// not: a leftover must not outlive the test either.
func processGone(pid int, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}
