package wechat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sort"
	"time"
)

// Reasons a token command is run, as sent in its request.
const (
	// TokenReasonInitial: no usable token is cached (none yet, or the cached
	// one is about to expire).
	TokenReasonInitial = "initial"
	// TokenReasonRejected: WeChat refused the cached token with the errcode
	// sent along; the cue for a central server's passive refresh.
	TokenReasonRejected = "rejected"
)

// TokenRequestEnv is the environment variable that carries the request.
const TokenRequestEnv = "WECHAT_TOKEN_REQUEST"

// tokenRequest is what a run asks for, in contract version 1.
type tokenRequest struct {
	Version        int       `json:"version"`
	Kind           TokenKind `json:"kind"`
	AppID          string    `json:"appid"`
	ComponentAppID string    `json:"component_appid"`
	Reason         string    `json:"reason"`
	ErrCode        int64     `json:"errcode,omitempty"`
}

func (tc *TokenCommand) request(key tokenKey, rejected int64) tokenRequest {
	req := tokenRequest{Version: TokenCommandVersion, Kind: key.kind, AppID: key.appID,
		ComponentAppID: tc.cfg.ComponentAppID, Reason: TokenReasonInitial}
	if rejected != 0 {
		req.Reason, req.ErrCode = TokenReasonRejected, rejected
	}
	return req
}

// verb is what follows the configured args on the command line.
func (req tokenRequest) verb() []string {
	if req.Kind == TokenKindComponent {
		return []string{"get-component"}
	}
	return []string{"get", req.AppID}
}

// Caps on what is read of a run's output. A token answer is a few hundred
// bytes; stderr is read further than it is shown so that redaction sees
// whole values before the text is cut.
const (
	maxStdoutBytes  = 64 << 10
	maxStderrBytes  = 64 << 10
	shownStderrSize = 4 << 10
)

// commandResult is what one run of the program left behind.
type commandResult struct {
	stdout, stderr []byte
	stdoutCut      bool
	stderrCut      bool
	err            error  // from exec: could not start, non-zero exit, killed
	state          string // "exit status 3", "signal: killed"; "" if it never ran
	exitCode       int
	timedOut       bool
	canceled       error // the caller's context ended the run
	// outputHeld: after the program exited, something it started outside
	// its process group kept its output open; what came before is all
	// that was read.
	outputHeld bool
}

// run runs the program once for req, within the cap on concurrent runs.
func (tc *TokenCommand) run(ctx context.Context, req tokenRequest) (Token, error) {
	select {
	case tc.slots <- struct{}{}:
	case <-ctx.Done():
		return Token{}, ctx.Err()
	}
	defer func() { <-tc.slots }()

	start := time.Now()
	res := tc.exec(ctx, req)
	tok, err := tc.interpret(req, res)
	if tc.cfg.OnRun != nil {
		tc.cfg.OnRun(ctx, TokenRun{Command: tc.cfg.Command, Kind: req.Kind, AppID: req.AppID,
			Reason: req.Reason, Duration: time.Since(start), ExitCode: res.exitCode, Err: err})
	}
	return tok, err
}

func (tc *TokenCommand) exec(ctx context.Context, req tokenRequest) commandResult {
	rctx, cancel := context.WithTimeout(ctx, tc.cfg.Timeout)
	defer cancel()

	cmd := exec.CommandContext(rctx, tc.cfg.Command, append(slices.Clone(tc.cfg.Args), req.verb()...)...)
	cmd.Env = tc.environ(req)
	// Stdin stays nil, which is the null device: a program that prompts
	// fails instead of hanging Terraform.
	stdout := cappedBuffer{max: maxStdoutBytes}
	stderr := cappedBuffer{max: maxStderrBytes}
	killGroupOnCancel(cmd)
	// Should the program not die when killed, stop waiting for it this long
	// after the kill.
	cmd.WaitDelay = time.Second

	held, err := capture(cmd, &stdout, &stderr)
	res := commandResult{stdout: stdout.buf, stderr: stderr.buf, stdoutCut: stdout.cut,
		stderrCut: stderr.cut, err: err, exitCode: -1, outputHeld: held}
	if cmd.ProcessState != nil {
		res.state, res.exitCode = cmd.ProcessState.String(), cmd.ProcessState.ExitCode()
	}
	switch {
	case ctx.Err() != nil:
		res.canceled = ctx.Err()
	case rctx.Err() != nil:
		res.timedOut = true
	}
	return res
}

// environ is the provider's environment, the configured env over it, and
// the request over both.
func (tc *TokenCommand) environ(req tokenRequest) []string {
	env := os.Environ()
	keys := make([]string, 0, len(tc.cfg.Env))
	for k := range tc.cfg.Env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, k+"="+tc.cfg.Env[k])
	}
	b, _ := json.Marshal(req) // plain strings and numbers: cannot fail
	// os/exec keeps the last of duplicate keys.
	return append(env, TokenRequestEnv+"="+string(b))
}

// interpret turns a run into a token or an error that never quotes stdout.
func (tc *TokenCommand) interpret(req tokenRequest, res commandResult) (Token, error) {
	if res.canceled != nil {
		return Token{}, res.canceled
	}
	// The path is shown too, and exec quotes it: a secret in it stays out
	// (guarded by TestTokenCommand_execErrorIsRedacted).
	fail := &TokenCommandError{Command: Redact(tc.cfg.Command, tc.knownValues(nil)...), Kind: req.Kind, AppID: req.AppID,
		ExitCode: res.exitCode, TimedOut: res.timedOut}
	var exitErr *exec.ExitError
	switch {
	case res.timedOut:
		fail.Problem = fmt.Sprintf("did not finish within its timeout of %s and was stopped", tc.cfg.Timeout)
	case errors.As(res.err, &exitErr):
		fail.Problem = "failed (" + res.state + ")"
	case res.err != nil && res.state == "":
		fail.Problem = "could not be started: " + tc.redact([]byte(res.err.Error()), false, nil) // guarded by TestTokenCommand_execErrorIsRedacted
	case res.err != nil:
		fail.Problem = "failed: " + tc.redact([]byte(res.err.Error()), false, nil) // guarded by TestTokenCommand_execErrorIsRedacted
	case res.stdoutCut:
		fail.Problem = fmt.Sprintf("printed more than %d KiB on stdout", maxStdoutBytes>>10)
	default:
		tok, problem := parseTokenOutput(res.stdout, req, tc.now())
		if problem == "" {
			return tok, nil
		}
		fail.Problem = problem + " (stdout is never shown: it may hold a token)"
		if res.outputHeld {
			fail.Problem += "; after the program exited, a process it started kept its stdout open, so its output may be incomplete: " +
				"make the program wait for what it starts, or close stdout in it"
		}
	}
	fail.Stderr = tc.redact(res.stderr, res.stderrCut, res.stdout)
	return Token{}, fail
}

// TokenCommandError is a run of the token command that gave no token. Its
// text names the command, kind, appid and what went wrong, with the
// program's stderr redacted and cut; it never holds the program's stdout.
type TokenCommandError struct {
	Command string
	Kind    TokenKind
	AppID   string
	// Problem says what went wrong, e.g. "failed (exit status 3)".
	Problem string
	// ExitCode is -1 when the program was killed or never started.
	ExitCode int
	TimedOut bool
	// Stderr is the program's stderr with credentials and control
	// characters removed, at most 4 KiB.
	Stderr string
}

func (e *TokenCommandError) Error() string {
	s := fmt.Sprintf("token command %q, asked for the %s token of %s, %s", e.Command, e.Kind, e.AppID, e.Problem)
	if e.Stderr != "" {
		s += "; its stderr:\n" + e.Stderr
	}
	return s
}

// cappedBuffer keeps the first max bytes written to it and swallows the
// rest, so a chatty program neither blocks nor exhausts memory.
type cappedBuffer struct {
	buf []byte
	max int
	cut bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	room := b.max - len(b.buf)
	if len(p) > room {
		b.buf = append(b.buf, p[:max(room, 0)]...)
		b.cut = true
		return len(p), nil
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}
