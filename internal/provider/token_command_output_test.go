package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// testPEM is a made-up key: its lines are short and hold + and /, so
// only its value, not its shape, can keep it out of an error.
const testPEM = "-----BEGIN TEST KEY-----\nMIIBOgIBAAJBAKj34+/GqjK9\nX2Zx+hQ7/oRP0rQ3e1w9Vx==\n-----END TEST KEY-----\n"

// A token_command env value that spans lines (a PEM key, with file()'s
// final newline), echoed by the program on stderr, is not shown: not
// whole, and not line by line.
func TestTokenCommand_multiLineEnvValueEchoedOnStderr(t *testing.T) {
	t.Parallel()
	p := newPlatform(t, 1)
	block := p.providerBlock("", "echo-env", `env = {
      SERVICE_KEY         = file("key.pem")
      FAKE_TOKEN_ECHO_ENV = "SERVICE_KEY"
    }`)
	config := requiredProviders + block + fmt.Sprintf("data \"wechat_version_info\" \"a\" { appid = %q }\n", fleetAppID(0))
	w := newWorkspace(t, map[string]string{"main.tf": config, "key.pem": testPEM})
	stdout, stderr := w.run(true, "plan", "-input=false", "-no-color")
	if !errorPattern("The token command gave no token", "failed (exit status 4)", "the token server refused the key:", "[redacted]").MatchString(stderr) {
		t.Errorf("the error does not show the redacted stderr:\n%s", stderr)
	}
	for _, part := range []string{"MIIBOgIBAAJBAKj34", "X2Zx+hQ7/oRP0rQ3e1w9Vx"} {
		if strings.Contains(stdout+stderr, part) {
			t.Errorf("the output holds the key's %q:\n%s", part, stderr)
		}
	}
}

// A command that is not there reads as Go says it, path and all: the word
// after "wechat-token:" is not a credential.
func TestTokenCommand_missingProgramReadsAsItIs(t *testing.T) {
	t.Parallel()
	p := newPlatform(t, 1)
	// Not t.TempDir: its name holds the test's, long enough to look like a
	// token to the shape rule.
	dir, err := os.MkdirTemp("", "wt") //nolint:usetesting // a short name, as said above
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	missing := filepath.Join(dir, "bin", "wechat-token")
	config := fmt.Sprintf(`
provider "wechat" {
  base_url        = %q
  component_appid = %q
  token_command = {
    command = %q
  }
}
data "wechat_version_info" "a" { appid = %q }
`, p.url, testComponentAppID, missing, fleetAppID(0))
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: errorPattern("The token command gave no token", "could not be started: fork/exec "+missing+": no such file or directory"),
		}},
	})
}

// A program that prints a good answer, exits 0 and leaves a child holding
// its stdout: the answer is taken, and the child is killed with the
// program's process group.
func TestTokenCommand_backgroundChildHoldingStdout(t *testing.T) {
	t.Parallel()
	p := newPlatform(t, 1)
	config := fmt.Sprintf(`
provider "wechat" {
  base_url        = %q
  component_appid = %q
  token_command = {
    command = %q
    args    = ["-mode", "background-child", "-sleep", "60s", "-state", %q, "-prefix", %q]
  }
}
data "wechat_gray_release_plan" "a" { appid = %q }
`, p.url, testComponentAppID, p.bin, p.state, p.prefix, fleetAppID(0))
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAt("data.wechat_gray_release_plan.a", "appid", knownvalue.StringExact(fleetAppID(0))),
			},
		}},
	})
	b, err := os.ReadFile(p.state + ".child")
	if err != nil {
		t.Fatalf("the program recorded no child: %v", err)
	}
	pid, _ := strconv.Atoi(string(b))
	if !processGone(pid, 5*time.Second) {
		t.Errorf("the program's child %d outlived the run", pid)
	}
}
