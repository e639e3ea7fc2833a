package wechatmock

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
)

// TokenFakePackage is the import path of the test token command.
const TokenFakePackage = "github.com/wxops/terraform-provider-wechat/internal/wechatmock/cmd/wechat-token-fake"

var (
	fakeOnce sync.Once
	fakePath string
	fakeErr  error
)

// BuildTokenFake builds the test token command once per process, into a
// temporary folder, and returns its path. It needs the go command, which
// every machine that runs the tests has.
func BuildTokenFake() (string, error) {
	fakeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "wechat-token-fake-")
		if err != nil {
			fakeErr = err
			return
		}
		name := "wechat-token-fake"
		if runtime.GOOS == "windows" {
			name += ".exe"
		}
		fakePath = filepath.Join(dir, name)
		var out bytes.Buffer
		cmd := exec.CommandContext(context.Background(), "go", "build", "-o", fakePath, TokenFakePackage)
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			fakeErr = fmt.Errorf("building the test token command: %w\n%s", err, out.String())
		}
	})
	return fakePath, fakeErr
}

// TokenFakeRun is one run of the test token command, as its state file
// records it.
type TokenFakeRun struct {
	Args []string `json:"args"`
	// Request is WECHAT_TOKEN_REQUEST as the program got it.
	Request struct {
		Version        int    `json:"version"`
		Kind           string `json:"kind"`
		AppID          string `json:"appid"`
		ComponentAppID string `json:"component_appid"`
		Reason         string `json:"reason"`
		ErrCode        int64  `json:"errcode"`
	} `json:"request"`
	RawRequest map[string]any    `json:"-"`
	StdinBytes int               `json:"stdin_bytes"`
	Env        map[string]string `json:"env"`
	Mode       string            `json:"mode"`
	PID        int               `json:"pid"`
	// PPID is the process that ran the program: one provider process.
	PPID int `json:"ppid"`
}

// ReadTokenRuns reads a state file of the test token command. A file that
// does not exist means no run.
func ReadTokenRuns(path string) ([]TokenFakeRun, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var runs []TokenFakeRun
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r TokenFakeRun
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		var raw struct {
			Request map[string]any `json:"request"`
		}
		_ = json.Unmarshal(sc.Bytes(), &raw)
		r.RawRequest = raw.Request
		runs = append(runs, r)
	}
	return runs, sc.Err()
}
