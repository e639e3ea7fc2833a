package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/wxops/terraform-provider-wechat/internal/devcli"
)

// Some behavior needs the provider as its own process, as users run it:
// in-process test providers are shared by every provider block (so aliases
// would overwrite each other's configuration), and examples are meant to be
// run by a CLI as they stand. These tests build the provider binary once and
// run the CLI on it through dev_overrides.

var (
	buildOnce sync.Once
	builtDir  string
	buildErr  error
)

// providerBinaryDir builds the provider into a temporary directory shared
// by every test of this run.
// skipWithoutCLI keeps `go test -short` to the tests that need no CLI.
func skipWithoutCLI(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs a Terraform CLI; skipped with -short")
	}
}

// unitTest is resource.UnitTest for the CLI tests: the mock stands in for
// WeChat, so no TF_ACC is needed, but a CLI is.
func unitTest(t *testing.T, tc resource.TestCase) {
	t.Helper()
	skipWithoutCLI(t)
	resource.UnitTest(t, tc)
}

func providerBinaryDir(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		// Shared by every test of the run, so not t.TempDir; TestMain removes it.
		builtDir, buildErr = os.MkdirTemp("", "wechat-provider-bin-") //nolint:usetesting
		if buildErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(builtDir, "terraform-provider-wechat"), "../..")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtDir
}

// cliPath is the CLI under test: TF_ACC_TERRAFORM_PATH, as for the
// terraform-plugin-testing tests, else terraform or tofu on PATH.
func cliPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"terraform", "tofu"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no terraform or tofu CLI: set TF_ACC_TERRAFORM_PATH (make test does)")
	return ""
}

// workspace is a directory with a configuration and a CLI config whose
// dev_overrides point wxops/wechat at the freshly built provider.
type workspace struct {
	t   *testing.T
	dir string
	cli string
	env []string
}

func newWorkspace(t *testing.T, files map[string]string, env ...string) *workspace {
	t.Helper()
	skipWithoutCLI(t)
	bin := providerBinaryDir(t)
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	rc := filepath.Join(dir, ".cli.tfrc")
	if err := os.WriteFile(rc, []byte(devcli.Config(bin)), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{
		"TF_CLI_CONFIG_FILE=" + rc,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"HOME=" + os.Getenv("HOME"),
		"PATH=" + os.Getenv("PATH"),
	}
	return &workspace{t: t, dir: dir, cli: cliPath(t), env: append(base, env...)}
}

// run runs the CLI with args and returns stdout and stderr; it fails the
// test only if wantErr does not match the outcome.
func (w *workspace) run(wantErr bool, args ...string) (string, string) {
	w.t.Helper()
	cmd := exec.Command(w.cli, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if (err != nil) != wantErr {
		w.t.Fatalf("%s %s: err = %v, want error: %v\nstdout:\n%s\nstderr:\n%s",
			filepath.Base(w.cli), strings.Join(args, " "), err, wantErr, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// applyOutputs applies the configuration and returns its outputs' values.
func (w *workspace) applyOutputs() map[string]any {
	w.t.Helper()
	w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	out, _ := w.run(false, "output", "-json")
	var raw map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		w.t.Fatalf("output -json: %v\n%s", err, out)
	}
	values := map[string]any{}
	for k, v := range raw {
		values[k] = v.Value
	}
	return values
}

// state returns the workspace's state file as text.
func (w *workspace) state() string {
	w.t.Helper()
	b, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		w.t.Fatal(err)
	}
	return string(b)
}
