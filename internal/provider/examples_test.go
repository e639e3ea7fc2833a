package provider

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// Every folder of examples/ is a configuration a user runs where it is,
// against `make mock` in a scenario, by pasting the exports the mock
// prints: TestExamples does exactly that, with the mock command and a real
// CLI, for each folder in each scenario it is meant for. The README's hcl
// blocks run the same way, each as a folder of its own (README.md#N).

// exampleDir is how the examples of one folder are run.
type exampleDir struct {
	// The oldest CLIs the examples work on ("" for any).
	terraformMin, tofuMin string
	tofuOnly              bool // OpenTofu only (provider for_each)
	// writes allows code-management writes: an example whose purpose is
	// a release (wechat_release). Token mints are never allowed.
	writes bool
	runs   []exampleRun
}

// exampleRun is one run of a folder: the mock in a scenario, with flags,
// and what the user sees.
type exampleRun struct {
	scenario string
	flags    []string
	expect   expect
}

// expect is what a run shows. Without errors it plans, or applies when
// apply is set; with errors the plan must fail.
type expect struct {
	apply   bool
	errors  []string       // each precondition's message, on stderr
	warns   []string       // each check's warning, on stdout
	quiet   []string       // fragments that must not show: a check that passes
	outputs map[string]any // after apply; nil values are absent from the state
}

func healthyRun(e expect) exampleRun   { return exampleRun{scenario: "healthy", expect: e} }
func unhealthyRun(e expect) exampleRun { return exampleRun{scenario: "unhealthy", expect: e} }

// Each gate passes in healthy and trips in unhealthy with its own message;
// the figure flags push it over its threshold and back.
var exampleDirs = map[string]exampleDir{
	"provider": {runs: []exampleRun{
		healthyRun(expect{apply: true, quiet: []string{"logged errors"}}),
		unhealthyRun(expect{errors: []string{"Not every user has the new mini program yet (running at 30 %).",
			"Mini program 1.4.2 has 240 JS error occurrences today (limit 50)."},
			warns: []string{"12 page visits logged errors in the last 30 minutes, with the rollout at 30 %."},
			quiet: []string{"is not a request domain"}}),
	}},
	"data-sources/wechat_api_quota": {runs: []exampleRun{
		healthyRun(expect{quiet: []string{"are left today"}}),
		unhealthyRun(expect{warns: []string{"Only 37 of 10000 calls to /wxaapi/log/jserr_list are left today; the quota resets at midnight, Beijing time."}}),
		{scenario: "healthy", flags: []string{"-quota-remain", "1999"}, expect: expect{warns: []string{"Only 1999 of 10000 calls"}}},
		{scenario: "unhealthy", flags: []string{"-quota-remain", "2000"}, expect: expect{quiet: []string{"are left today"}}},
	}},
	"data-sources/wechat_audit_status": {runs: []exampleRun{
		healthyRun(expect{quiet: []string{"WeChat rejected"}}),
		unhealthyRun(expect{warns: []string{"WeChat rejected version 1.4.3: The privacy guide (隐私保护指引) is missing."}}),
		{scenario: "platform", expect: expect{quiet: []string{"WeChat rejected"}}},
	}},
	"data-sources/wechat_authorizers": {runs: []exampleRun{
		healthyRun(expect{apply: true, outputs: map[string]any{"authorized_appids": sortedFleet()}}),
		{scenario: "platform", expect: expect{apply: true, outputs: map[string]any{"authorized_appids": sortedFleet()}}},
	}},
	"guides/fleet-gate": {runs: []exampleRun{
		healthyRun(expect{apply: true}),
		unhealthyRun(expect{errors: []string{"Still rolling out: " + wechatmock.FixtureAppID + "."}}),
		{scenario: "platform", expect: expect{errors: []string{"Still rolling out: " + wechatmock.PausedFleetApp + "."}}},
	}},
	"data-sources/wechat_domains": {runs: []exampleRun{
		healthyRun(expect{apply: true}),
		unhealthyRun(expect{errors: []string{"https://api-next.example.com is not a request domain of the mini program yet; " +
			"add it under 开发管理 > 开发设置 > 服务器域名 first. Allowed now: https://api.example.com."}}),
		{scenario: "unhealthy", flags: []string{"-request-domains", "https://api.example.com,https://api-next.example.com"}, expect: expect{apply: true}},
	}},
	"data-sources/wechat_gray_release_plan": {runs: []exampleRun{
		healthyRun(expect{apply: true, outputs: map[string]any{"fully_released": true, "rollout_status": "finished",
			"rollout_percentage": 100.0, "fully_released_by_app": map[string]any{"shop": true, "blog": true}}}),
		unhealthyRun(expect{errors: []string{"Not every user has the new mini program yet (running at 30 %); deploy the backend once they do."},
			quiet: []string{"staged release is paused"}}),
		{scenario: "paused", expect: expect{errors: []string{"Not every user has the new mini program yet (paused at 30 %)"},
			warns: []string{"The mini program's staged release is paused at 30 %."}}},
		{scenario: "busy", expect: expect{errors: []string{"WeChat answered errcode -1 (system busy) to every attempt.", "errcode: -1 errmsg: system error rid: "}}},
	}},
	"data-sources/wechat_js_errors": {runs: []exampleRun{
		healthyRun(expect{apply: true}),
		unhealthyRun(expect{errors: []string{"Mini program 1.4.2 has 240 JS error occurrences today (limit 50); the worst: TypeError: Cannot read property 'price' of undefined."}}),
		{scenario: "healthy", flags: []string{"-js-errors", "51"}, expect: expect{errors: []string{"Mini program 1.4.2 has 51 JS error occurrences today (limit 50)"}}},
		{scenario: "unhealthy", flags: []string{"-js-errors", "50"}, expect: expect{apply: true}},
	}},
	"data-sources/wechat_realtime_logs": {runs: []exampleRun{
		healthyRun(expect{quiet: []string{"logged errors"}}),
		unhealthyRun(expect{warns: []string{"12 page visits logged errors since"}}),
		{scenario: "healthy", flags: []string{"-error-logs", "4"}, expect: expect{warns: []string{"4 page visits logged errors since"}}},
	}},
	"data-sources/wechat_version_info": {runs: []exampleRun{
		healthyRun(expect{apply: true}),
		unhealthyRun(expect{errors: []string{"The live mini program is 1.4.1, not 1.4.2."}}),
		{scenario: "platform", expect: expect{apply: true}},
		{scenario: "unhealthy", flags: []string{"-live-version", "1.4.2"}, expect: expect{apply: true}},
	}},
	"data-sources/wechat_visit_trend": {runs: []exampleRun{
		healthyRun(expect{quiet: []string{"users visited"}}),
		unhealthyRun(expect{warns: []string{"Only 310 users visited the mini program on ", "(floor 500)."}}),
		{scenario: "healthy", flags: []string{"-visitors", "499"}, expect: expect{warns: []string{"Only 499 users visited"}}},
	}},
	"demo": {runs: []exampleRun{
		healthyRun(expect{apply: true, outputs: map[string]any{"backend_may_deploy": true}}),
	}},
	"ephemeral-resources/wechat_access_token": {terraformMin: "1.10.0", tofuMin: "1.11.0", runs: []exampleRun{
		healthyRun(expect{apply: true, outputs: map[string]any{"fully_released": true}}),
		unhealthyRun(expect{apply: true, outputs: map[string]any{"fully_released": false}}),
	}},
	"guides/own-and-platform": {runs: []exampleRun{
		healthyRun(expect{apply: true, outputs: map[string]any{"versions": map[string]any{"own_rollout": "finished", "blog_release": "2.0.3"}}}),
		unhealthyRun(expect{apply: true, outputs: map[string]any{"versions": map[string]any{"own_rollout": "running", "blog_release": "2.0.3"}}}),
	}},
	"guides/tofu-provider-for-each": {tofuMin: "1.9.0", tofuOnly: true, runs: []exampleRun{
		healthyRun(expect{apply: true, outputs: map[string]any{"all_released": true}}),
		unhealthyRun(expect{apply: true, outputs: map[string]any{"all_released": false}}),
	}},
	"README.md#1": {runs: []exampleRun{
		healthyRun(expect{apply: true, outputs: map[string]any{"rollout": map[string]any{"status": "finished", "gray_percentage": 100.0, "fully_released": true}}}),
	}},
	"README.md#2": {runs: []exampleRun{healthyRun(expect{})}}, // the version pin of a local install
}

func sortedFleet() []any {
	fleet := wechatmock.FixtureFleet()
	slices.Sort(fleet)
	out := make([]any, len(fleet))
	for i, id := range fleet {
		out[i] = id
	}
	return out
}

func TestExamples(t *testing.T) {
	skipWithoutCLI(t)
	t.Parallel()
	dirs := exampleFolders(t)
	for name := range exampleDirs {
		if _, ok := dirs[name]; !ok {
			t.Errorf("exampleDirs has %s, which is no folder of examples/ nor a README block", name)
		}
	}
	cli := cliPath(t)
	cliVersion, isTofu := versionOf(t, cli)
	for name, files := range dirs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ex, ok := exampleDirs[name]
			if !ok {
				t.Fatalf("examples/%s has no runs: add it to exampleDirs", name)
			}
			for file, src := range files {
				checkFormatted(t, cli, name+"/"+file, src)
			}
			if reason := ex.unsupported(cliVersion, isTofu); reason != "" {
				t.Skip(reason)
			}
			for _, r := range ex.runs {
				t.Run(strings.Join(append([]string{r.scenario}, r.flags...), " "), func(t *testing.T) {
					t.Parallel()
					env := startMock(t, r.scenario, r.flags, ex.writes)
					r.expect.check(t, newWorkspace(t, files, env...))
				})
			}
		})
	}
}

// unsupported says why this CLI cannot run the examples, or "".
func (ex exampleDir) unsupported(v *version.Version, isTofu bool) string {
	if ex.tofuOnly && !isTofu {
		return "an OpenTofu example; this CLI is Terraform"
	}
	oldest := map[bool]string{false: ex.terraformMin, true: ex.tofuMin}[isTofu]
	if oldest != "" && v.LessThan(version.Must(version.NewVersion(oldest))) {
		return fmt.Sprintf("needs %s or later; this CLI is %s", oldest, v)
	}
	return ""
}

// check runs the CLI in w as the user would and compares what it shows.
func (e expect) check(t *testing.T, w *workspace) {
	t.Helper()
	args := []string{"plan", "-input=false", "-no-color"}
	if e.apply && len(e.errors) == 0 {
		args = []string{"apply", "-auto-approve", "-input=false", "-no-color"}
	}
	stdout, stderr := w.run(len(e.errors) > 0, args...)
	out, errs := oneLine(stdout), oneLine(stderr)
	for _, msg := range e.errors {
		if !strings.Contains(errs, msg) {
			t.Errorf("the plan must fail saying %q:\n%s", msg, stderr)
		}
	}
	for _, msg := range e.warns {
		if !strings.Contains(out, msg) {
			t.Errorf("the run must warn %q:\n%s", msg, stdout)
		}
	}
	for _, msg := range e.quiet {
		if strings.Contains(out+errs, msg) {
			t.Errorf("the run must not say %q:\n%s\n%s", msg, stdout, stderr)
		}
	}
	state := ""
	if _, err := os.Stat(filepath.Join(w.dir, "terraform.tfstate")); err == nil {
		state = w.state()
	}
	if leaked := exampleLeaks(stdout + stderr + state); len(leaked) > 0 {
		t.Errorf("a secret or token reached the output or the state: %v", leaked)
	}
	if e.outputs != nil {
		expectOutputs(t, stateOutputs(t, state), e.outputs)
	}
}

// stateOutputs reads the outputs from the state file, which saves a CLI
// run over `output -json`.
func stateOutputs(t *testing.T, state string) map[string]any {
	t.Helper()
	var s struct {
		Outputs map[string]struct {
			Value any `json:"value"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(state), &s); err != nil {
		t.Fatalf("terraform.tfstate: %v", err)
	}
	values := map[string]any{}
	for k, v := range s.Outputs {
		values[k] = v.Value
	}
	return values
}

// expectOutputs compares outputs; a null output is not in the state at all.
func expectOutputs(t *testing.T, got, want map[string]any) {
	t.Helper()
	want = maps.Clone(want)
	maps.DeleteFunc(want, func(k string, v any) bool {
		_, present := got[k]
		return v == nil && !present
	})
	for k := range got {
		if _, asked := want[k]; !asked {
			delete(got, k)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outputs %v, want %v", got, want)
	}
}
