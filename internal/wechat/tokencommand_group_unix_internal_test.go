//go:build unix

package wechat

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The timeout kills the whole process group: the program and the child it
// started, which holds the program's stdout open.
func TestTokenCommand_timeoutKillsTheGroup(t *testing.T) {
	tc, _, state := fakeCommand(t, "sleep", func(c *TokenCommandConfig) {
		c.Timeout = 300 * time.Millisecond
		c.Args = append(c.Args, "-sleep", "30s")
	})
	start := time.Now()
	_, err := tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID)
	took := time.Since(start)
	var cmdErr *TokenCommandError
	if !errors.As(err, &cmdErr) || !cmdErr.TimedOut || !strings.Contains(err.Error(), "did not finish within its timeout of 300ms and was stopped") {
		t.Fatalf("got %v, want a timeout", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Error("a timeout of the command must not look like the caller's cancellation, or it is never remembered")
	}
	if took > 5*time.Second {
		t.Errorf("the timed-out run took %s to return", took)
	}
	expectChildGone(t, state)
}

// expectChildGone fails unless the child the fake recorded next to state
// is gone within seconds (it sleeps for 30).
func expectChildGone(t *testing.T, state string) {
	t.Helper()
	b, readErr := os.ReadFile(state + ".child")
	if readErr != nil {
		t.Fatalf("the fake did not record its child: %v", readErr)
	}
	pid, _ := strconv.Atoi(string(b))
	deadline := time.Now().Add(5 * time.Second)
	for syscall.Kill(pid, 0) == nil {
		if time.Now().After(deadline) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("the program's child %d survived the run", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A program that prints a good answer, exits 0 and leaves a child holding
// its stdout gets its answer taken: the run ends when the program exits,
// and the whole group is killed then, so the child does not survive.
func TestTokenCommand_backgroundChildIsKilledAndTheAnswerKept(t *testing.T) {
	tc, _, state := fakeCommand(t, "background-child", func(c *TokenCommandConfig) {
		c.Args = append(c.Args, "-sleep", "30s")
	})
	start := time.Now()
	tok, err := tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID)
	if err != nil || tok.Value != cmdPrefix+cmdAppID {
		t.Fatalf("got %q, %v; want the answer the program printed before it exited", tok.Value, err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the run took %s: it waited for the child", took)
	}
	expectChildGone(t, state)
}

// A process that left the program's group and holds its stdout cannot be
// killed with it: the run stops reading a second after the program exits,
// and says plainly why its answer may be incomplete.
func TestTokenCommand_escapedChildHoldingStdoutIsNamed(t *testing.T) {
	tc, _, state := fakeCommand(t, "escaped-child", func(c *TokenCommandConfig) {
		c.Args = append(c.Args, "-sleep", "30s")
	})
	t.Cleanup(func() {
		if b, err := os.ReadFile(state + ".child"); err == nil {
			if pid, _ := strconv.Atoi(string(b)); pid > 0 {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
	start := time.Now()
	_, err := tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID)
	if err == nil || !strings.Contains(err.Error(), "a process it started kept its stdout open") {
		t.Fatalf("got %v, want an error that names the process holding stdout", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the run took %s: it waited for the escaped child", took)
	}
}
