package wechat

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// Every way a token program can fail gives an error that names the
// command, kind and appid and what went wrong, and never holds the token.
func TestTokenCommand_failures(t *testing.T) {
	tests := []struct {
		mode string
		want []string
	}{
		{"fail", []string{"failed (exit status 3)", "its stderr:\nwechat-token-fake: the token server refused: authorizer not found"}},
		{"fail-with-token", []string{"failed (exit status 1)", "could not store the token"}},
		{"stderr-token", []string{"failed (exit status 2)", "access_token=[redacted] failed", `{"access_token":"[redacted]"}`, "\n[redacted]\nred done"}},
		{"garbage", []string{"printed something on stdout that is not one JSON object (stdout is never shown: it may hold a token)"}},
		{"no-token", []string{"printed no access_token on stdout"}},
		{"empty", []string{"exited 0 but printed nothing on stdout"}},
		{"both-expiries", []string{"printed both expires_in and expires_at on stdout"}},
		{"version-2", []string{"answered in contract version 2; this provider speaks version 1"}},
		{"kind-mismatch", []string{`answered a kind that is neither "authorizer" nor "component" for a request of kind "authorizer"`}},
		{"expired", []string{"expires_at on stdout that has passed (2001-01-01T00:00:00Z)"}},
		{"huge", []string{"printed more than 64 KiB on stdout"}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			tc, _, _ := fakeCommand(t, tt.mode)
			_, err := tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID)
			var cmdErr *TokenCommandError
			if !errors.As(err, &cmdErr) {
				t.Fatalf("got %v, want a *TokenCommandError", err)
			}
			text := err.Error()
			head := `token command "` + tc.cfg.Command + `", asked for the authorizer token of ` + cmdAppID + ", "
			if !strings.HasPrefix(text, head) {
				t.Errorf("error %q does not start with %q", text, head)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("error %q does not say %q", text, w)
				}
			}
			if strings.Contains(text, cmdPrefix+cmdAppID) {
				t.Errorf("error shows the token: %q", text)
			}
			if strings.ContainsAny(text, "\x1b\a\r") {
				t.Errorf("error holds control characters: %q", text)
			}
		})
	}
}

func TestTokenCommand_notFound(t *testing.T) {
	tc, _, _ := fakeCommand(t, "good", func(c *TokenCommandConfig) { c.Command = "wechat-token-that-does-not-exist" })
	_, err := tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID)
	if err == nil || !strings.Contains(err.Error(), "could not be started") || !strings.Contains(err.Error(), "not found") {
		t.Errorf("got %v, want an error saying the command could not be started", err)
	}
}

func TestTokenCommand_onRunLogsNoOutput(t *testing.T) {
	var runs []TokenRun
	tc, _, _ := fakeCommand(t, "fail", func(c *TokenCommandConfig) {
		c.OnRun = func(_ context.Context, r TokenRun) { runs = append(runs, r) }
	})
	_, _ = tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID)
	if len(runs) != 1 {
		t.Fatalf("%d runs reported, want 1", len(runs))
	}
	r := runs[0]
	if r.Kind != TokenKindAuthorizer || r.AppID != cmdAppID || r.Reason != TokenReasonInitial || r.ExitCode != 3 || r.Err == nil || r.Duration <= 0 {
		t.Errorf("run reported as %+v", r)
	}
}

// A token handed out earlier is kept out of a later run's stderr, even a
// run for another appid that prints it bare, where no shape gives it away.
func TestTokenCommand_earlierTokenRedactedFromStderr(t *testing.T) {
	tc, _, _ := fakeCommand(t, "good")
	earlier := mustToken(t, tc, TokenKindAuthorizer, cmdAppID).Value
	t.Setenv("FAKE_TOKEN_MODE_"+cmdOtherAppID, "stderr-echo")
	t.Setenv("FAKE_TOKEN_ECHO", "the cache still holds "+earlier+" for the other app")
	_, err := tc.Token(context.Background(), TokenKindAuthorizer, cmdOtherAppID)
	if err == nil {
		t.Fatal("the failing run gave no error")
	}
	if strings.Contains(err.Error(), earlier) {
		t.Errorf("error shows the earlier token: %q", err)
	}
	if !strings.Contains(err.Error(), "the cache still holds [redacted] for the other app") {
		t.Errorf("error %q does not show the redacted stderr", err)
	}
}

// The error of a program that could not be started, or whose run failed
// without an exit status, quotes exec's text with configured values out.
func TestTokenCommand_execErrorIsRedacted(t *testing.T) {
	const secret = "s3cret-in-the-path"
	missing := filepath.Join(t.TempDir(), secret, "token-program")
	tc, _, _ := fakeCommand(t, "good", func(c *TokenCommandConfig) {
		c.Command = missing
		c.Env = map[string]string{"TOKEN_PASSPHRASE": secret}
	})
	earlier := Token{Value: cmdPrefix + "earlier-token"}
	tc.store(tc.entry(tokenKey{TokenKindAuthorizer, cmdOtherAppID}), &tokenFetch{tok: earlier})
	req := tc.request(tokenKey{TokenKindAuthorizer, cmdAppID}, 0)

	_, started := tc.Token(context.Background(), TokenKindAuthorizer, cmdAppID)
	_, failed := tc.interpret(req, commandResult{exitCode: -1, state: "exit status 0",
		err: errors.New("copying stdout for " + earlier.Value + ": broken pipe")})
	for _, tt := range []struct {
		err  error
		want string
	}{
		{started, "could not be started: fork/exec "},
		{started, string(filepath.Separator) + "[redacted]" + string(filepath.Separator) + "token-program: "},
		{failed, "failed: copying stdout for [redacted]: broken pipe"},
	} {
		if tt.err == nil {
			t.Fatal("no error")
		}
		text := tt.err.Error()
		if strings.Contains(text, secret) || strings.Contains(text, earlier.Value) {
			t.Errorf("error shows a secret: %q", text)
		}
		if !strings.Contains(text, tt.want) {
			t.Errorf("error %q does not say %q", text, tt.want)
		}
	}
}
