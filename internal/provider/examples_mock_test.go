package provider

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// The examples run as a user runs them: against the mock command, built
// once per test run, in a scenario, with the environment its env file
// gives. Each run starts its own mock on a free port, so runs can go in
// parallel.

var (
	mockOnce sync.Once
	mockBin  string
	mockErr  error
)

// mockBinary builds wechat-mock beside the provider binary, whose folder
// TestMain removes.
func mockBinary(t *testing.T) string {
	t.Helper()
	dir := providerBinaryDir(t)
	mockOnce.Do(func() {
		mockBin = filepath.Join(dir, "wechat-mock")
		cmd := exec.Command("go", "build", "-o", mockBin, "../wechatmock/cmd/wechat-mock")
		if out, err := cmd.CombinedOutput(); err != nil {
			mockErr = fmt.Errorf("building wechat-mock: %w\n%s", err, out)
		}
	})
	if mockErr != nil {
		t.Fatal(mockErr)
	}
	return mockBin
}

// startMock runs the mock command in scenario with flags until the test
// ends, and returns the environment its env file gives, as KEY=value.
// When the test ends it stops the mock and fails the test if the mock saw
// a token mint, or a code-management write unless writes allows them.
func startMock(t *testing.T, scenario string, flags []string, writes bool) []string {
	t.Helper()
	envFile := filepath.Join(t.TempDir(), "mock.env")
	args := append([]string{"-scenario", scenario, "-listen", "127.0.0.1:0", "-env-file", envFile}, flags...)
	cmd := exec.Command(mockBinary(t), args...)
	var out bytes.Buffer // read only once the mock has exited
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { stopMock(t, cmd, exited, &out, writes) })

	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(envFile); err == nil {
			return parseEnvFile(t, string(b))
		}
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("wechat-mock %s exited before serving: %v\n%s", strings.Join(args, " "), err, out.String())
		default:
		}
	}
	t.Fatalf("wechat-mock %s wrote no env file in 20 s", strings.Join(args, " "))
	return nil
}

var mockCounts = regexp.MustCompile(`(\d+) writes, (\d+) token mints`)

// stopMock interrupts the mock, as Ctrl-C does, and reads the counts it
// prints on the way out.
func stopMock(t *testing.T, cmd *exec.Cmd, exited chan error, out *bytes.Buffer, writes bool) {
	_ = cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("wechat-mock failed: %v\n%s", err, out.String())
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		err := <-exited
		t.Errorf("wechat-mock did not stop on an interrupt (%v):\n%s", err, out.String())
		return
	}
	m := mockCounts.FindStringSubmatch(out.String())
	if m == nil {
		t.Errorf("wechat-mock said no counts on stopping:\n%s", out.String())
		return
	}
	w, _ := strconv.Atoi(m[1])
	if mints, _ := strconv.Atoi(m[2]); mints != 0 || (w != 0 && !writes) {
		t.Errorf("the provider sent %d code-management writes and %d token mints", w, mints)
	}
}

// parseEnvFile reads the export lines the mock writes: export NAME='value',
// each single quote inside closed, escaped and reopened, as POSIX shells
// read it (TestEnvFile_sourcedByTheShell checks that a shell reads them
// the same).
func parseEnvFile(t *testing.T, text string) []string {
	t.Helper()
	var env []string
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		name, quoted, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "export "), "=")
		value, err := unquoteShell(quoted)
		if !ok || err != nil || !strings.HasPrefix(sc.Text(), "export ") {
			t.Fatalf("env file line %q is not export NAME='value': %v", sc.Text(), err)
		}
		env = append(env, name+"="+value)
	}
	if len(env) == 0 {
		t.Fatal("the env file is empty")
	}
	return env
}

func unquoteShell(s string) (string, error) {
	if len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return "", errors.New("not single-quoted")
	}
	parts := strings.Split(s[1:len(s)-1], `'\''`)
	for _, p := range parts {
		if strings.Contains(p, "'") {
			return "", errors.New("a stray quote")
		}
	}
	return strings.Join(parts, "'"), nil
}

// exampleLeaks lists the secrets found in text: the apps' secrets, any
// mock token (own, ready-made or the platform's: all start with MOCK_),
// and refresh tokens.
func exampleLeaks(text string) []string {
	var found []string
	for _, mark := range []string{wechatmock.FixtureSecret, wechatmock.FixtureBlogSecret, "MOCK_", wechatmock.RefreshTokenMark} {
		if strings.Contains(text, mark) {
			found = append(found, mark)
		}
	}
	return found
}
