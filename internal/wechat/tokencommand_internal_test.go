package wechat

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const (
	cmdAppID       = "wx00000000000000a1"
	cmdOtherAppID  = "wx00000000000000a2"
	cmdComponentID = "wx00000000000000c1"
	// cmdPrefix makes the fake's tokens short, so that only redaction by
	// value (not by shape) can keep them out of texts.
	cmdPrefix = "tk-"
)

// fakeCommand is a TokenCommand running the test token program in mode,
// with a settable clock; state is where the program records its runs.
func fakeCommand(t *testing.T, mode string, edit ...func(*TokenCommandConfig)) (tc *TokenCommand, clock *fakeClock, state string) {
	t.Helper()
	bin, err := wechatmock.BuildTokenFake()
	if err != nil {
		t.Fatal(err)
	}
	state = filepath.Join(t.TempDir(), "runs.jsonl")
	cfg := TokenCommandConfig{
		Command:        bin,
		Args:           []string{"-mode", mode, "-state", state, "-prefix", cmdPrefix},
		ComponentAppID: cmdComponentID,
		Timeout:        20 * time.Second,
	}
	for _, e := range edit {
		e(&cfg)
	}
	tc, err = NewTokenCommand(cfg)
	if err != nil {
		t.Fatal(err)
	}
	clock = &fakeClock{now: time.Now()}
	tc.now = clock.Now
	return tc, clock, state
}

func fakeRuns(t *testing.T, state string) []wechatmock.TokenFakeRun {
	t.Helper()
	runs, err := wechatmock.ReadTokenRuns(state)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

func mustToken(t *testing.T, tc *TokenCommand, kind TokenKind, appID string) Token {
	t.Helper()
	tok, err := tc.Token(context.Background(), kind, appID)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestTokenCommand_contract(t *testing.T) {
	t.Setenv("FAKE_PROVIDER_ENV", "from-the-provider")
	t.Setenv("FAKE_OVERRIDDEN", "from-the-provider")
	tc, _, state := fakeCommand(t, "good", func(c *TokenCommandConfig) {
		c.Env = map[string]string{"FAKE_OVERRIDDEN": "from-config", "FAKE_TOKEN_RECORD_ENV": "FAKE_PROVIDER_ENV,FAKE_OVERRIDDEN"}
	})
	if got := mustToken(t, tc, TokenKindAuthorizer, cmdAppID); got.Value != cmdPrefix+cmdAppID {
		t.Errorf("authorizer token %q, want %q", got.Value, cmdPrefix+cmdAppID)
	}
	if got := mustToken(t, tc, TokenKindComponent, cmdComponentID); got.Value != cmdPrefix+cmdComponentID {
		t.Errorf("component token %q, want %q", got.Value, cmdPrefix+cmdComponentID)
	}
	runs := fakeRuns(t, state)
	if len(runs) != 2 {
		t.Fatalf("%d runs, want 2", len(runs))
	}
	wantArgs := [][]string{{"get", cmdAppID}, {"get-component"}}
	wantReq := []map[string]any{
		{"version": 1.0, "kind": "authorizer", "appid": cmdAppID, "component_appid": cmdComponentID, "reason": "initial"},
		{"version": 1.0, "kind": "component", "appid": cmdComponentID, "component_appid": cmdComponentID, "reason": "initial"},
	}
	for i, r := range runs {
		if strings.Join(r.Args, " ") != strings.Join(wantArgs[i], " ") {
			t.Errorf("run %d: args after the configured ones %q, want %q", i, r.Args, wantArgs[i])
		}
		if len(r.RawRequest) != len(wantReq[i]) {
			t.Errorf("run %d: request %v, want %v", i, r.RawRequest, wantReq[i])
		}
		for k, v := range wantReq[i] {
			if r.RawRequest[k] != v {
				t.Errorf("run %d: request %s = %v, want %v", i, k, r.RawRequest[k], v)
			}
		}
		if r.StdinBytes != 0 {
			t.Errorf("run %d: read %d bytes on stdin, want an empty stdin", i, r.StdinBytes)
		}
		if r.Env["FAKE_PROVIDER_ENV"] != "from-the-provider" || r.Env["FAKE_OVERRIDDEN"] != "from-config" {
			t.Errorf("run %d: environment %v; want the provider's, with the configured env over it", i, r.Env)
		}
	}
}

func TestTokenCommand_cachesPerKindAndAppID(t *testing.T) {
	tc, _, state := fakeCommand(t, "good")
	for range 3 {
		mustToken(t, tc, TokenKindAuthorizer, cmdAppID)
		mustToken(t, tc, TokenKindAuthorizer, cmdOtherAppID)
		mustToken(t, tc, TokenKindComponent, cmdComponentID)
	}
	if n := len(fakeRuns(t, state)); n != 3 {
		t.Errorf("%d runs for 9 reads of 3 keys, want 3", n)
	}
}

func TestTokenCommand_manyWaitingReadsOneRun(t *testing.T) {
	tc, _, state := fakeCommand(t, "good")
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		appID := []string{cmdAppID, cmdOtherAppID}[i%2]
		wg.Go(func() {
			tok, err := tc.Token(context.Background(), TokenKindAuthorizer, appID)
			if err == nil && tok.Value != cmdPrefix+appID {
				err = errors.New("token of another appid: " + tok.Value)
			}
			errs <- err
		})
	}
	Within(t, "the 40 reads", wg.Wait)
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := len(fakeRuns(t, state)); n != 2 {
		t.Errorf("%d runs for 40 concurrent reads of 2 appids, want 2", n)
	}
}

func TestTokenCommand_capsConcurrentRuns(t *testing.T) {
	const sleep = 300 * time.Millisecond
	tc, _, _ := fakeCommand(t, "sleep", func(c *TokenCommandConfig) {
		c.Args = append(c.Args, "-sleep", sleep.String())
		c.MaxConcurrentRuns = 1
	})
	start := time.Now()
	var wg sync.WaitGroup
	for _, id := range []string{cmdAppID, cmdOtherAppID, cmdComponentID} {
		wg.Go(func() { _, _ = tc.Token(context.Background(), TokenKindAuthorizer, id) })
	}
	Within(t, "the 3 runs", wg.Wait)
	if took := time.Since(start); took < 3*sleep {
		t.Errorf("3 runs of %s with a cap of 1 took %s; they ran side by side", sleep, took)
	}
}

func TestTokenCommand_expiry(t *testing.T) {
	tests := []struct {
		name, mode string
		expiresIn  string
		advance    []time.Duration
		wantRuns   []int // after each advance
	}{
		{"expires_in: kept until 5 minutes before", "good", "7200",
			[]time.Duration{0, 7200*time.Second - 301*time.Second, 2 * time.Second, time.Second}, []int{1, 1, 2, 2}},
		{"expires_at: kept until 5 minutes before", "expires-at", "3600",
			[]time.Duration{0, 3600*time.Second - 310*time.Second, 20 * time.Second}, []int{1, 1, 2}},
		{"no expiry: kept for the run", "no-expiry", "7200",
			[]time.Duration{0, 1000 * time.Hour}, []int{1, 1}},
		{"less than the margin left: serves only the call that asked", "good", "120",
			[]time.Duration{0, 0, 0}, []int{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tc, clock, state := fakeCommand(t, tt.mode, func(c *TokenCommandConfig) {
				c.Args = append(c.Args, "-expires-in", tt.expiresIn)
			})
			for i, d := range tt.advance {
				clock.Advance(d)
				mustToken(t, tc, TokenKindAuthorizer, cmdAppID)
				if n := len(fakeRuns(t, state)); n != tt.wantRuns[i] {
					t.Errorf("step %d: %d runs, want %d", i, n, tt.wantRuns[i])
				}
			}
			for _, r := range fakeRuns(t, state) {
				if r.Request.Reason != TokenReasonInitial {
					t.Errorf("reason %q for an expiring token, want %q", r.Request.Reason, TokenReasonInitial)
				}
			}
		})
	}
}

func TestTokenCommand_rejectReruns(t *testing.T) {
	tc, _, state := fakeCommand(t, "retired")
	first := mustToken(t, tc, TokenKindAuthorizer, cmdAppID)
	if first.Value != "RETIRED_"+cmdPrefix+cmdAppID {
		t.Fatalf("first token %q, want the retired one", first.Value)
	}
	// A burst of reads all fail with the same token: one run for them all.
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if !tc.Reject(TokenKindAuthorizer, cmdAppID, first.Value, CodeInvalidToken) {
				t.Error("Reject(40001) = false, want a retry")
			}
			if tok, err := tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID); err != nil || tok.Value != cmdPrefix+cmdAppID {
				t.Errorf("after the rejection: %q, %v; want the good token", tok.Value, err)
			}
		})
	}
	Within(t, "the burst of reads", wg.Wait)
	runs := fakeRuns(t, state)
	if len(runs) != 2 {
		t.Fatalf("%d runs, want 2: one initial, one for the whole burst of rejections", len(runs))
	}
	if r := runs[1].RawRequest; r["reason"] != "rejected" || r["errcode"] != 40001.0 {
		t.Errorf("second request %v, want reason rejected with errcode 40001", r)
	}
	if _, ok := runs[0].RawRequest["errcode"]; ok {
		t.Errorf("first request %v carries an errcode; only rejections do", runs[0].RawRequest)
	}
}

func TestTokenCommand_rejectOnlyStaleTokenCodes(t *testing.T) {
	for _, code := range []int64{CodeUnauthorized, 61003, 61004, 61007, 61023, 61024, 86000, 45009, -1} {
		tc, _, state := fakeCommand(t, "good")
		tok := mustToken(t, tc, TokenKindAuthorizer, cmdAppID)
		if tc.Reject(TokenKindAuthorizer, cmdAppID, tok.Value, code) {
			t.Errorf("Reject(%d) = true; a permission or other error must not rerun the command", code)
		}
		mustToken(t, tc, TokenKindAuthorizer, cmdAppID)
		if n := len(fakeRuns(t, state)); n != 1 {
			t.Errorf("errcode %d: %d runs, want 1", code, n)
		}
	}
	for _, code := range []int64{CodeInvalidToken, CodeTokenNotLatest, CodeTokenExpired} {
		tc, _, state := fakeCommand(t, "good")
		tok := mustToken(t, tc, TokenKindAuthorizer, cmdAppID)
		if !tc.Reject(TokenKindAuthorizer, cmdAppID, tok.Value, code) {
			t.Errorf("Reject(%d) = false, want a rerun", code)
		}
		mustToken(t, tc, TokenKindAuthorizer, cmdAppID)
		if n := len(fakeRuns(t, state)); n != 2 {
			t.Errorf("errcode %d: %d runs, want 2", code, n)
		}
	}
}

// A late rejection of a token that was already replaced must not throw
// the replacement away.
func TestTokenCommand_rejectOfAnOldTokenKeepsTheNewOne(t *testing.T) {
	tc, _, state := fakeCommand(t, "retired")
	old := mustToken(t, tc, TokenKindAuthorizer, cmdAppID)
	tc.Reject(TokenKindAuthorizer, cmdAppID, old.Value, CodeTokenExpired)
	fresh := mustToken(t, tc, TokenKindAuthorizer, cmdAppID)
	if !tc.Reject(TokenKindAuthorizer, cmdAppID, old.Value, CodeInvalidToken) {
		t.Error("Reject of the old token = false; the caller should retry with the cached new one")
	}
	if got := mustToken(t, tc, TokenKindAuthorizer, cmdAppID); got != fresh {
		t.Errorf("got %q after a late rejection, want the cached %q", got.Value, fresh.Value)
	}
	if n := len(fakeRuns(t, state)); n != 2 {
		t.Errorf("%d runs, want 2", n)
	}
}

func TestTokenCommand_rememberedFailure(t *testing.T) {
	tc, clock, state := fakeCommand(t, "fail")
	_, err1 := tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID)
	_, err2 := tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID)
	if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
		t.Fatalf("errors %v and %v, want the same failure twice", err1, err2)
	}
	if n := len(fakeRuns(t, state)); n != 1 {
		t.Errorf("%d runs for two reads within the failure memory, want 1", n)
	}
	clock.Advance(TokenCommandFailureMemory + time.Second)
	_, _ = tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID)
	if n := len(fakeRuns(t, state)); n != 2 {
		t.Errorf("%d runs once the failure memory ran out, want 2", n)
	}
}

func TestTokenCommand_cancelIsNotRemembered(t *testing.T) {
	tc, _, state := fakeCommand(t, "sleep", func(c *TokenCommandConfig) {
		c.Args = append(c.Args, "-sleep", "1s")
	})
	// Cancel once the run has begun: a fixed deadline could end it before
	// the program even starts on a loaded machine, and then it has not run.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		defer cancel()
		for ctx.Err() == nil {
			if runs, _ := wechatmock.ReadTokenRuns(state); len(runs) > 0 {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	if _, err := tc.Token(ctx, TokenKindAuthorizer, cmdAppID); !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled run: %v, want the context's error", err)
	}
	if _, err := tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID); err != nil {
		t.Fatalf("the next read got %v; a caller's cancellation must not be remembered as a failure", err)
	}
	if n := len(fakeRuns(t, state)); n != 2 {
		t.Errorf("%d runs, want 2", n)
	}
}

func TestTokenCommand_checksTheKey(t *testing.T) {
	tc, _, _ := fakeCommand(t, "good")
	for _, tt := range []struct {
		kind  TokenKind
		appID string
		want  string
	}{
		{TokenKindComponent, cmdAppID, "only be had for the configured component appid"},
		{TokenKindAuthorizer, "not-an-appid", "not a mini program AppID"},
		{"own", cmdAppID, `token kind "own"`},
	} {
		if _, err := tc.Token(context.Background(), tt.kind, tt.appID); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Token(%s, %s): %v, want an error saying %q", tt.kind, tt.appID, err, tt.want)
		}
	}
	noPlatform, _, _ := fakeCommand(t, "good", func(c *TokenCommandConfig) { c.ComponentAppID = "" })
	if _, err := noPlatform.Token(context.Background(), TokenKindComponent, cmdComponentID); err == nil || !strings.Contains(err.Error(), "no component appid") {
		t.Errorf("component token without a component appid: %v", err)
	}
}

func TestNewTokenCommand_checksConfig(t *testing.T) {
	for _, cfg := range []TokenCommandConfig{
		{},
		{Command: "x", Timeout: -time.Second},
		{Command: "x", ComponentAppID: "wxnothex"},
	} {
		if _, err := NewTokenCommand(cfg); err == nil {
			t.Errorf("NewTokenCommand(%+v) accepted", cfg)
		}
	}
}
