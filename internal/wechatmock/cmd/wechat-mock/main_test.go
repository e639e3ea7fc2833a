package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func TestTokenCommand_handsOutThePlatformsTokens(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		request string
		want    string
	}{
		{[]string{"get", wechatmock.FixtureAppID}, `{"version":1,"kind":"authorizer"}`, wechatmock.PlatformToken(wechatmock.FixtureAppID)},
		{[]string{"get", wechatmock.PausedFleetApp}, "", wechatmock.PlatformToken(wechatmock.PausedFleetApp)},
		{[]string{"get-component"}, `{"version":1,"kind":"component","component_appid":"wx00000000000000c1","future":1}`,
			wechatmock.PlatformToken(wechatmock.FixtureComponentAppID)},
	} {
		var stdout, stderr bytes.Buffer
		code := tokenCommand(tc.args, tc.request, &stdout, &stderr)
		var got struct {
			Version     int    `json:"version"`
			AccessToken string `json:"access_token"`
			ExpiresIn   int    `json:"expires_in"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &got); code != 0 || err != nil || got.Version != 1 || got.AccessToken != tc.want ||
			got.ExpiresIn <= 300 || stderr.Len() != 0 {
			t.Errorf("%v: exit %d, %+v (%v), stderr %q; want %s", tc.args, code, got, err, stderr.String(), tc.want)
		}
	}
}

// Failures say what to do on stderr, which the provider shows, and never
// hand out a token there or on stdout.
func TestTokenCommand_failsWithoutAToken(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		request  string
		code     int
		stderrIs string
	}{
		{[]string{"get", "wx0000000000000bad"}, "", 3, `no mini program "wx0000000000000bad"`},
		{[]string{"get-component"}, `{"component_appid":"wx00000000000000c2"}`, 3, "set component_appid to it"},
		{[]string{"get"}, "", 2, "usage"},
		{[]string{"put", wechatmock.FixtureAppID}, "", 2, "usage"},
	} {
		var stdout, stderr bytes.Buffer
		code := tokenCommand(tc.args, tc.request, &stdout, &stderr)
		if code != tc.code || !strings.Contains(stderr.String(), tc.stderrIs) || stdout.Len() != 0 ||
			strings.Contains(stderr.String(), wechatmock.PlatformTokenPrefix) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d saying %q, no token", tc.args, code, stdout.String(), stderr.String(), tc.code, tc.stderrIs)
		}
	}
}

// The env file, sourced by a POSIX shell, gives the values the mock meant,
// quotes and all.
func TestEnvFile_sourcedByTheShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	env, err := environment("http://127.0.0.1:1234", "/tmp/it's here/cli.tfrc")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mock.env")
	if err := writeEnvFile(path, env); err != nil {
		t.Fatal(err)
	}
	for _, v := range env {
		out, err := exec.Command(sh, "-c", `. "$1" && printf %s "$(printenv "$2")"`, "sh", path, v.name).Output()
		if err != nil || string(out) != v.value {
			t.Errorf("%s: the shell read %q (%v), want %q", v.name, out, err, v.value)
		}
	}
	self, _ := os.Executable()
	names := map[string]string{}
	for _, v := range env {
		names[v.name] = v.value
	}
	if names["TF_VAR_token_command"] != self || names["TF_CLI_CONFIG_FILE"] != "/tmp/it's here/cli.tfrc" ||
		names["WECHAT_SECRET"] != wechatmock.FixtureSecret || !strings.Contains(names["TF_VAR_apps"], `"`+wechatmock.FixtureBlogAppID+`"=`) {
		t.Errorf("environment %v", names)
	}
}

func TestFigureFlags(t *testing.T) {
	parse := func(args ...string) (wechatmock.Figures, error) {
		fs := flag.NewFlagSet("wechat-mock", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var ff figureFlags
		ff.register(fs)
		f := wechatmock.UnhealthyFigures()
		err := fs.Parse(args)
		ff.apply(&f)
		return f, err
	}
	f, err := parse("-js-errors", "51", "-error-logs", "0", "-visitors", "499", "-quota-remain", "20000",
		"-request-domains", "https://a.example.com, https://b.example.com", "-live-version", "1.4.2")
	want := wechatmock.UnhealthyFigures()
	want.JSErrors, want.ErrorLogs, want.Visitors, want.QuotaRemain = 51, 0, 499, 20000
	want.RequestDomains, want.LiveVersion = []string{"https://a.example.com", "https://b.example.com"}, "1.4.2"
	if err != nil || f.String() != want.String() {
		t.Errorf("figures %v, %v; want %v", f, err, want)
	}
	if f, _ := parse(); f.String() != wechatmock.UnhealthyFigures().String() {
		t.Errorf("no flags changed the figures: %v", f)
	}
	for _, bad := range [][]string{{"-js-errors", "-1"}, {"-visitors", "many"}, {"-live-version", " "}} {
		if _, err := parse(bad...); err == nil {
			t.Errorf("%v: accepted", bad)
		}
	}
}
