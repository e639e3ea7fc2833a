// Command wechat-token-fake is a token command (contract version 1) for
// tests: it hands out made-up tokens, or misbehaves in one of the ways a
// real token program can, as its mode says. It needs no network, so it runs
// on every machine the tests run on.
//
// Usage: wechat-token-fake [flags] get APPID | get-component
//
// Every flag can also come from the environment (FAKE_TOKEN_MODE, …);
// FAKE_TOKEN_MODE_<appid> sets the mode for one appid. Each run appends one
// JSON line to the state file: the arguments, the request it got in
// WECHAT_TOKEN_REQUEST, the bytes it read on stdin and the values of the
// variables -record-env names. Tests count runs by counting lines.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Modes.
const (
	modeGood         = "good"          // a token with expires_in
	modeExpiresAt    = "expires-at"    // a token with expires_at
	modeNoExpiry     = "no-expiry"     // a token without expiry
	modeBoth         = "both-expiries" // expires_in and expires_at
	modeRetired      = "retired"       // a retired token first, the good one when rejected
	modeAlwaysDead   = "always-retired"
	modeGarbage      = "garbage"         // text on stdout, with the token in it
	modeNoToken      = "no-token"        // JSON without access_token
	modeEmpty        = "empty"           // nothing at all, exit 0
	modeFail         = "fail"            // exit 3 with a message on stderr
	modeFailToken    = "fail-with-token" // a good answer on stdout, exit 1
	modeStderrToken  = "stderr-token"    // the token on stdout and in stderr, exit 2
	modeSleep        = "sleep"           // sleep past any timeout, with a child
	modeVersion2     = "version-2"
	modeKindMismatch = "kind-mismatch"
	modeExpired      = "expired"     // expires_at in the past
	modeHuge         = "huge"        // 100 KiB on stdout
	modeStderrEcho   = "stderr-echo" // -echo on stderr, nothing on stdout, exit 4
	modeEchoEnv      = "echo-env"    // the value of the variable -echo-env names on stderr, exit 4
	modeBackground   = "background-child"
	modeEscaped      = "escaped-child" // exit 0 having printed nothing, leaving a child outside the group holding stdout
	modeChild        = "child"         // internal: the sleeping child of modeSleep and modeBackground
)

type options struct {
	mode, state, prefix, recordEnv string
	echo, echoEnv                  string
	expiresIn                      int
	sleep                          time.Duration
}

func main() {
	o := options{}
	fs := flag.NewFlagSet("wechat-token-fake", flag.ContinueOnError)
	fs.StringVar(&o.mode, "mode", env("FAKE_TOKEN_MODE", modeGood), "how to answer")
	fs.StringVar(&o.state, "state", env("FAKE_TOKEN_STATE", ""), "file to append one JSON line per run to")
	fs.StringVar(&o.prefix, "prefix", env("FAKE_TOKEN_PREFIX", "FAKE_TOKEN_"), "tokens are this prefix followed by the appid")
	fs.StringVar(&o.recordEnv, "record-env", env("FAKE_TOKEN_RECORD_ENV", ""), "comma-separated variables to record")
	fs.StringVar(&o.echo, "echo", env("FAKE_TOKEN_ECHO", ""), "what mode stderr-echo prints on stderr")
	fs.StringVar(&o.echoEnv, "echo-env", env("FAKE_TOKEN_ECHO_ENV", ""), "the variable whose value mode echo-env prints on stderr")
	fs.IntVar(&o.expiresIn, "expires-in", 7200, "expires_in to answer with, in seconds")
	fs.DurationVar(&o.sleep, "sleep", time.Hour, "how long mode sleep sleeps")
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	os.Exit(run(o, fs.Args()))
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// request is the part of WECHAT_TOKEN_REQUEST the fake acts on.
type request struct {
	Kind           string `json:"kind"`
	AppID          string `json:"appid"`
	ComponentAppID string `json:"component_appid"`
	Reason         string `json:"reason"`
}

func run(o options, args []string) int {
	var appID string
	switch {
	case len(args) == 2 && args[0] == "get":
		appID = args[1]
	case len(args) == 1 && args[0] == "get-component":
	default:
		fmt.Fprintln(os.Stderr, "usage: wechat-token-fake [flags] get APPID | get-component")
		return 2
	}
	var req request
	raw := os.Getenv("WECHAT_TOKEN_REQUEST")
	_ = json.Unmarshal([]byte(raw), &req)
	if appID == "" {
		appID = req.ComponentAppID
	}
	if m, ok := os.LookupEnv("FAKE_TOKEN_MODE_" + appID); ok {
		o.mode = m
	}
	if o.mode == modeChild {
		time.Sleep(o.sleep)
		return 0
	}
	stdin, _ := io.ReadAll(os.Stdin)
	if err := record(o, args, raw, len(stdin)); err != nil {
		fmt.Fprintln(os.Stderr, "wechat-token-fake:", err)
		return 1
	}
	return answer(o, req, o.prefix+appID)
}

// record appends this run to the state file. One write per line, with
// O_APPEND, so concurrent runs do not interleave.
func record(o options, args []string, raw string, stdinBytes int) error {
	if o.state == "" {
		return nil
	}
	envs := map[string]string{}
	for _, name := range strings.Split(o.recordEnv, ",") {
		if v, ok := os.LookupEnv(name); ok && name != "" {
			envs[name] = v
		}
	}
	line, err := json.Marshal(map[string]any{"args": args, "request": json.RawMessage(orNull(raw)),
		"stdin_bytes": stdinBytes, "env": envs, "mode": o.mode, "pid": os.Getpid(), "ppid": os.Getppid()})
	if err != nil {
		return err
	}
	f, err := os.OpenFile(o.state, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = f.Write(append(line, '\n'))
	return err
}

func orNull(raw string) string {
	if json.Valid([]byte(raw)) {
		return raw
	}
	b, _ := json.Marshal(raw)
	return string(b)
}
