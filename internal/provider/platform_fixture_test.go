package provider

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// A third-party platform for the tests: the mock holds its component token
// and its authorizers' tokens, the test token program hands them out.
const (
	testComponentAppID = "wx00000000000000c1"
	// fleetTokenPrefix starts every token the program hands out, so a
	// leak is easy to search for.
	fleetTokenPrefix = "TP_TOKEN_"
)

// fleetAppID is the i-th mini program of a test fleet.
func fleetAppID(i int) string { return fmt.Sprintf("wx%016x", 0xa1000+i) }

type platformFixture struct {
	mock   *wechatmock.Server
	url    string
	bin    string // the test token program
	state  string // where it records its runs
	prefix string // what the program's tokens start with
	// writes allows code-management writes: only wechat_release's tests
	// set it, and count the writes themselves.
	writes bool
}

// newPlatform is a mock with testAppID (own secret) and a platform with n
// authorizers, fleetAppID(0…n-1). The mock must see no write and no mint.
func newPlatform(t *testing.T, n int) *platformFixture {
	t.Helper()
	mock, url := newMock(t)
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fleetAppID(i)
	}
	mock.SeedFleet(testComponentAppID, fleetTokenPrefix, ids...)
	bin, err := wechatmock.BuildTokenFake()
	if err != nil {
		t.Fatal(err)
	}
	p := &platformFixture{mock: mock, url: url, bin: bin, state: filepath.Join(t.TempDir(), "runs.jsonl"), prefix: fleetTokenPrefix}
	t.Cleanup(func() {
		if w, m := mock.Writes(), mock.Mints(); (w != 0 && !p.writes) || m != 0 {
			t.Errorf("the provider sent %d code-management writes and %d token mints", w, m)
		}
	})
	return p
}

// providerBlock is a platform provider block (label: "" or an alias) whose
// token program runs in mode; extra lines go inside token_command.
func (p *platformFixture) providerBlock(alias, mode string, extra ...string) string {
	aliasLine := ""
	if alias != "" {
		aliasLine = fmt.Sprintf("alias = %q", alias)
	}
	return fmt.Sprintf(`
provider "wechat" {
  %s
  base_url        = %q
  component_appid = %q
  token_command = {
    command = %q
    args    = ["-mode", %q, "-state", %q, "-prefix", %q]
    %s
  }
}
`, aliasLine, p.url, testComponentAppID, p.bin, mode, p.state, p.prefix, strings.Join(extra, "\n    "))
}

// runs are the token program's runs so far.
func (p *platformFixture) runs(t *testing.T) []wechatmock.TokenFakeRun {
	t.Helper()
	runs, err := wechatmock.ReadTokenRuns(p.state)
	if err != nil {
		t.Fatal(err)
	}
	return runs
}

// runsPerApp counts the runs for each appid ("component" for get-component).
func runsPerApp(runs []wechatmock.TokenFakeRun) map[string]int {
	per := map[string]int{}
	for _, r := range runs {
		key := r.Request.AppID
		if r.Request.Kind == "component" {
			key = "component"
		}
		per[key]++
	}
	return per
}

// leaks lists the secret marks found in text: fleet tokens, refresh
// tokens, own tokens and the own secret.
func leaks(text string) []string {
	var found []string
	// The prefix alone is in the configuration (the program's arguments);
	// a token is the prefix and an appid.
	for _, mark := range []string{fleetTokenPrefix + "wx", wechatmock.RefreshTokenMark, "MOCK_", testSecret} {
		if strings.Contains(text, mark) {
			found = append(found, mark)
		}
	}
	return found
}
