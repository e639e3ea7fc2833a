package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// answer prints what mode says for a token whose good value is tok.
func answer(o options, req request, tok string) int {
	good := map[string]any{"version": 1, "access_token": tok, "expires_in": o.expiresIn}
	switch o.mode {
	case modeGood:
		return printJSON(good)
	case modeExpiresAt:
		return printJSON(map[string]any{"access_token": tok,
			"expires_at": time.Now().Add(time.Duration(o.expiresIn) * time.Second).UTC().Format(time.RFC3339)})
	case modeNoExpiry:
		return printJSON(map[string]any{"access_token": tok})
	case modeBoth:
		return printJSON(map[string]any{"access_token": tok, "expires_in": o.expiresIn, "expires_at": "2099-01-01T00:00:00Z"})
	case modeRetired:
		if req.Reason != "rejected" {
			good["access_token"] = "RETIRED_" + tok
		}
		return printJSON(good)
	case modeAlwaysDead:
		good["access_token"] = "RETIRED_" + tok
		return printJSON(good)
	case modeGarbage:
		fmt.Printf("Token: %s (expires in %d s)\n", tok, o.expiresIn)
		return 0
	case modeNoToken:
		return printJSON(map[string]any{"version": 1, "expires_in": o.expiresIn})
	case modeEmpty:
		return 0
	}
	return misbehave(o, tok, good)
}

// misbehave covers the modes that fail or print something unusable.
func misbehave(o options, tok string, good map[string]any) int {
	switch o.mode {
	case modeFail:
		fmt.Fprintln(os.Stderr, "wechat-token-fake: the token server refused: authorizer not found")
		return 3
	case modeFailToken:
		printJSON(good)
		fmt.Fprintln(os.Stderr, "wechat-token-fake: could not store the token")
		return 1
	case modeStderrToken:
		printJSON(good)
		fmt.Fprintf(os.Stderr, "GET /token?appid=x&access_token=%s failed\n{\"access_token\":\"%s\"}\n%s\n\x1b[31mred\x1b[0m\a\rdone\n", tok, tok, tok)
		return 2
	case modeSleep:
		startChild(o, false)
		time.Sleep(o.sleep)
		return printJSON(good)
	case modeBackground:
		// A good answer and exit 0, leaving a child that holds stdout open.
		startChild(o, false)
		return printJSON(good)
	case modeEscaped:
		startChild(o, true)
		return 0
	case modeEchoEnv:
		fmt.Fprintf(os.Stderr, "wechat-token-fake: the token server refused the key:\n%s\n", os.Getenv(o.echoEnv))
		return 4
	case modeVersion2:
		good["version"] = 2
		return printJSON(good)
	case modeKindMismatch:
		good["kind"] = "component-or-other"
		return printJSON(good)
	case modeExpired:
		return printJSON(map[string]any{"access_token": tok, "expires_at": "2001-01-01T00:00:00Z"})
	case modeStderrEcho:
		fmt.Fprintln(os.Stderr, o.echo)
		return 4
	case modeHuge:
		fmt.Print(strings.Repeat(tok+" ", 100<<10/len(tok+" ")+1))
		return 0
	}
	fmt.Fprintf(os.Stderr, "wechat-token-fake: unknown mode %q\n", o.mode)
	return 2
}

func printJSON(v any) int {
	if err := json.NewEncoder(os.Stdout).Encode(v); err != nil {
		return 1
	}
	return 0
}

// startChild starts a child that sleeps holding the fake's stdout and
// stderr, in a session of its own when escape says so (out of reach of a
// kill of the fake's process group), and records its pid next to the
// state file.
func startChild(o options, escape bool) {
	child := exec.CommandContext(context.Background(), os.Args[0], "-mode", modeChild, "-sleep", o.sleep.String(), "get", "child")
	child.Stdout, child.Stderr = os.Stdout, os.Stderr
	if escape {
		leaveGroup(child)
	}
	if err := child.Start(); err == nil && o.state != "" {
		_ = os.WriteFile(o.state+".child", []byte(fmt.Sprint(child.Process.Pid)), 0o600)
	}
}
