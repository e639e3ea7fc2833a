package provider

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func beijingToday() string { return wechat.BeijingDay(time.Now()).Format(wechat.DateLayout) }

// The apps the examples name, with secrets the tests hand in as variables.
const (
	exampleAppID     = wechatmock.FixtureAppID
	exampleSecret    = wechatmock.FixtureSecret
	exampleBlogAppID = "wxfedcba9876543210"
	exampleBlogSec   = "example-bl0g-s3cr3t-4d5e"
	exampleReadyTok  = "MOCK_FROM_CENTRAL_SERVER"
)

// exampleState is one state of the app's plan (a mock scenario) and what
// the data source reports in it.
type exampleState struct {
	scenario string
	status   string
	percent  any // as JSON decodes it: a float64, or nil where WeChat did not say
	released bool
}

// pct is the percentage as the examples print it.
func (s exampleState) pct() string {
	if s.percent == nil {
		return "?"
	}
	return fmt.Sprint(s.percent)
}

// exampleStates holds every plan scenario of the mock; TestExamples fails
// when the mock gains one that is missing here.
var exampleStates = []exampleState{
	{"running", "running", 8.0, false},
	{"running-100", "running", 100.0, true},
	{"initial", "initial", 0.0, false},
	{"paused", "paused", 30.0, false},
	{"finished", "finished", 100.0, true},
	{"deleted", "deleted", 30.0, false},
	{"none", "none", nil, false},
	{"unknown", "unknown", 50.0, false},
	{"no-status", "unknown", 100.0, false},
	{"empty-plan", "unknown", nil, false},
	{"newer-fields", "running", 20.0, false},
}

// exampleCase runs one example as a user would and checks what the user
// would see. Every .tf file under examples/ and every hcl block of the
// README needs one, so that no example rots unnoticed.
type exampleCase struct {
	// The oldest CLIs the example works on ("" for any).
	terraformMin, tofuMin string
	// once runs an example that reads no plan.
	once func(w *workspace)
	// inState runs an example that reads the plan, in one state of it.
	inState func(t *testing.T, w *workspace, s exampleState)
	// ops runs an example of the operations data sources once, against
	// the mock seeded by seedOps, which it may change.
	ops func(t *testing.T, w *workspace, m *wechatmock.Server)
	// platform runs an example of a third-party platform once, against
	// the mock seeded by seedPlatform, which it may change.
	platform func(t *testing.T, w *workspace, m *wechatmock.Server)
	// tofuOnly marks an example that needs OpenTofu (provider for_each).
	tofuOnly bool
}

var exampleCases = map[string]exampleCase{
	"provider/provider.tf":              {once: planOnly},
	"provider/provider-access-token.tf": {once: planOnly},
	"README.md#2":                       {once: planOnly}, // the version pin of a local install
	"data-sources/wechat_gray_release_plan/data-source.tf": {inState: func(t *testing.T, w *workspace, s exampleState) {
		expectOutputs(t, applyForOutputs(w), map[string]any{
			"fully_released": s.released, "rollout_status": s.status, "rollout_percentage": s.percent,
		})
	}},
	"data-sources/wechat_gray_release_plan/check.tf": {inState: func(t *testing.T, w *workspace, s exampleState) {
		stdout, _ := w.run(false, "plan", "-input=false", "-no-color")
		warned := strings.Contains(oneLine(stdout), "The mini program's staged release is paused at "+s.pct()+" %.")
		if want := s.status == "paused" && !s.released; warned != want {
			t.Errorf("warned: %v, want %v:\n%s", warned, want, stdout)
		}
	}},
	"data-sources/wechat_gray_release_plan/gate.tf": {inState: func(t *testing.T, w *workspace, s exampleState) {
		_, stderr := w.run(!s.released, "plan", "-input=false", "-no-color")
		want := fmt.Sprintf("Not every user has the new mini program yet (%s at %s %%); deploy the backend once they do.", s.status, s.pct())
		if !s.released && !strings.Contains(oneLine(stderr), want) {
			t.Errorf("the gate must hold, saying %q:\n%s", want, stderr)
		}
	}},
	"data-sources/wechat_gray_release_plan/aliases.tf": {inState: func(t *testing.T, w *workspace, s exampleState) {
		expectOutputs(t, applyForOutputs(w), map[string]any{
			"fully_released": map[string]any{"shop": s.released, "blog": true},
		})
	}},
	"ephemeral-resources/wechat_access_token/ephemeral-resource.tf": {terraformMin: "1.10.0", tofuMin: "1.11.0",
		inState: func(t *testing.T, w *workspace, s exampleState) {
			expectOutputs(t, applyForOutputs(w), map[string]any{"fully_released": s.released})
			if state := w.state(); strings.Contains(state, "MOCK_") || strings.Contains(state, exampleSecret) {
				t.Error("the ephemeral token or the secret reached the state")
			}
		}},
	"demo/main.tf": {inState: func(t *testing.T, w *workspace, s exampleState) {
		out := applyForOutputs(w)
		rollout, _ := out["rollout"].(map[string]any)
		got := map[string]any{"backend_may_deploy": out["backend_may_deploy"], "status": rollout["status"],
			"gray_percentage": rollout["gray_percentage"], "fully_released": rollout["fully_released"]}
		expectOutputs(t, got, map[string]any{"backend_may_deploy": s.released, "status": s.status,
			"gray_percentage": s.percent, "fully_released": s.released})
	}},
	"data-sources/wechat_js_errors/gate.tf": {ops: func(t *testing.T, w *workspace, m *wechatmock.Server) {
		_, stderr := w.run(true, "plan", "-input=false", "-no-color")
		if !strings.Contains(oneLine(stderr), "Mini program 1.4.2 has 60 JS error occurrences today (limit 50); the worst: a is undefined.") {
			t.Errorf("the gate must hold while 1.4.2 errs:\n%s", stderr)
		}
		m.SetJSErrors(exampleAppID, wechatmock.JSErrorSeed{Date: beijingToday(), AppVersion: "1.4.2", Message: "rare", PV: 5, UV: 1})
		w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	}},
	"data-sources/wechat_realtime_logs/check.tf": {ops: func(t *testing.T, w *workspace, m *wechatmock.Server) {
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); strings.Contains(stdout, "logged errors") {
			t.Errorf("one error log must not warn:\n%s", stdout)
		}
		spike := wechatmock.LogEntry{Time: time.Now(), FilterMsg: "v1.4.2", URL: "pages/pay/pay",
			Messages: []wechatmock.LogMessage{{Time: time.Now(), Level: 8, Text: []string{"pay failed"}}}}
		m.SetRealtimeLogs(exampleAppID, spike, spike, spike, spike)
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); !strings.Contains(oneLine(stdout), "4 page visits logged errors since") {
			t.Errorf("a spike must warn:\n%s", stdout)
		}
	}},
	"data-sources/wechat_domains/gate.tf": {ops: func(t *testing.T, w *workspace, _ *wechatmock.Server) {
		w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
		_, stderr := w.run(true, "plan", "-input=false", "-no-color", "-var", "api_host=api-new.example.com")
		if !strings.Contains(oneLine(stderr), "https://api-new.example.com is not a request domain of the mini program yet") {
			t.Errorf("an unlisted host must be refused:\n%s", stderr)
		}
	}},
	"data-sources/wechat_visit_trend/check.tf": {ops: func(t *testing.T, w *workspace, m *wechatmock.Server) {
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); strings.Contains(stdout, "users visited") {
			t.Errorf("640 visitors must not warn:\n%s", stdout)
		}
		yesterday := wechat.BeijingDay(time.Now()).AddDate(0, 0, -1).Format(wechat.DateLayout)
		m.SetVisitTrend(exampleAppID, yesterday, wechatmock.VisitTrend{VisitUV: 300})
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); !strings.Contains(oneLine(stdout), "Only 300 users visited the mini program on "+yesterday) {
			t.Errorf("a drop must warn:\n%s", stdout)
		}
	}},
	"data-sources/wechat_api_quota/check.tf": {ops: func(t *testing.T, w *workspace, m *wechatmock.Server) {
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); !strings.Contains(oneLine(stdout), "Only 40 of 500 calls to /wxaapi/log/jserr_list are left today") {
			t.Errorf("a low quota must warn:\n%s", stdout)
		}
		m.SetQuota(exampleAppID, wechat.PathJSErrList, wechatmock.Quota{DailyLimit: 500, Used: 100, Remain: 400})
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); strings.Contains(stdout, "calls to /wxaapi") {
			t.Errorf("a full quota must not warn:\n%s", stdout)
		}
	}},
	"provider/release-gates.tf": {ops: func(t *testing.T, w *workspace, m *wechatmock.Server) {
		_, stderr := w.run(true, "plan", "-input=false", "-no-color")
		if got := oneLine(stderr); !strings.Contains(got, "Not every user has the new mini program yet (running at 8 %).") || !strings.Contains(got, "has 60 JS error occurrences today") {
			t.Errorf("both failing gates must hold the deploy:\n%s", stderr)
		}
		m.SetPlan(exampleAppID, map[string]any{"status": 3, "gray_percentage": 100})
		m.SetJSErrors(exampleAppID)
		w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	}},
	"README.md#1": {inState: func(t *testing.T, w *workspace, s exampleState) {
		expectOutputs(t, applyForOutputs(w), map[string]any{
			"rollout": map[string]any{"status": s.status, "gray_percentage": s.percent, "fully_released": s.released},
		})
	}},
}

func planOnly(w *workspace) { w.run(false, "plan", "-input=false", "-no-color") }

func TestExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a Terraform CLI")
	}
	checkStatesCoverScenarios(t)
	examples := exampleSources(t)
	if len(examples) < len(exampleCases) {
		t.Fatalf("found %d examples, but %d cases", len(examples), len(exampleCases))
	}
	cli := cliPath(t)
	cliVersion, isTofu := versionOf(t, cli)

	for name, src := range examples {
		t.Run(name, func(t *testing.T) {
			tc, ok := exampleCases[name]
			if !ok {
				t.Fatalf("%s has no test: add it to exampleCases", name)
			}
			checkFormatted(t, cli, name, src)
			if oldest := map[bool]string{false: tc.terraformMin, true: tc.tofuMin}[isTofu]; oldest != "" && cliVersion.LessThan(version.Must(version.NewVersion(oldest))) {
				t.Skipf("needs %s or later; this CLI is %s", oldest, cliVersion)
			}
			if tc.tofuOnly && !isTofu {
				t.Skip("an OpenTofu example; this CLI is Terraform")
			}
			mock, w := exampleWorkspace(t, src)
			if tc.platform != nil {
				seedPlatform(mock)
				tc.platform(t, w, mock)
				return
			}
			if tc.once != nil {
				tc.once(w)
				return
			}
			if tc.ops != nil {
				seedOps(mock, exampleAppID, time.Now())
				tc.ops(t, w, mock)
				return
			}
			for _, s := range exampleStates {
				t.Run(s.scenario, func(t *testing.T) {
					sc, err := wechatmock.LookupScenario(s.scenario)
					if err != nil {
						t.Fatal(err)
					}
					sc.Apply(mock, exampleAppID)
					sw := *w
					sw.t = t
					tc.inState(t, &sw, s)
				})
			}
		})
	}
}

// exampleWorkspace serves the examples' apps and a workspace that runs src.
func exampleWorkspace(t *testing.T, src string) (*wechatmock.Server, *workspace) {
	t.Helper()
	mock := wechatmock.NewSeeded()
	url := mock.Start()
	t.Cleanup(mock.Close)
	mock.AddApp(exampleBlogAppID, exampleBlogSec)
	mock.SetPlan(exampleBlogAppID, map[string]any{"status": 3, "gray_percentage": 100})
	mock.AddAccessToken(exampleAppID, exampleReadyTok)

	files := map[string]string{"example.tf": src}
	if !strings.Contains(src, "required_providers") {
		files["versions.tf"] = requiredProviders
	}
	return mock, newWorkspace(t, files, append(platformEnv(t),
		"WECHAT_APPID="+exampleAppID, "WECHAT_SECRET="+exampleSecret, "WECHAT_BASE_URL="+url,
		"TF_VAR_wechat_secret="+exampleSecret, "TF_VAR_wechat_access_token="+exampleReadyTok,
		"TF_VAR_shop_secret="+exampleSecret, "TF_VAR_blog_secret="+exampleBlogSec,
		fmt.Sprintf(`TF_VAR_apps={%q=%q,%q=%q}`, exampleAppID, exampleSecret, exampleBlogAppID, exampleBlogSec),
	)...)
}

// checkStatesCoverScenarios fails when the mock has a plan scenario the
// examples are not run in.
func checkStatesCoverScenarios(t *testing.T) {
	t.Helper()
	covered := map[string]bool{}
	for _, s := range exampleStates {
		covered[s.scenario] = true
	}
	for _, name := range wechatmock.ScenarioNames() {
		if sc, _ := wechatmock.LookupScenario(name); len(sc.Faults) == 0 && !covered[name] {
			t.Errorf("the mock's scenario %q is missing from exampleStates", name)
		}
	}
}

// hclBlock finds the README's fenced hcl blocks.
var hclBlock = regexp.MustCompile("(?s)```hcl\n(.*?)```")

// exampleSources returns every example by name: the .tf files under
// examples/ by their path there, the README's hcl blocks as README.md#N.
func exampleSources(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..", "examples")
	sources := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
			return err
		}
		src, err := os.ReadFile(path)
		rel, _ := filepath.Rel(root, path)
		sources[filepath.ToSlash(rel)] = string(src)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range hclBlock.FindAllStringSubmatch(string(readme), -1) {
		sources[fmt.Sprintf("README.md#%d", i+1)] = dedent(m[1])
	}
	return sources
}

// dedent removes the indentation of a block inside a list item.
func dedent(block string) string {
	lines := strings.Split(block, "\n")
	indent := len(lines[0]) - len(strings.TrimLeft(lines[0], " "))
	for i, line := range lines {
		lines[i] = strings.TrimPrefix(line, strings.Repeat(" ", indent))
	}
	return strings.Join(lines, "\n")
}

// checkFormatted runs `fmt -check` on an example, as users' CI would.
func checkFormatted(t *testing.T, cli, name, src string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "example.tf")
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(cli, "fmt", "-check", "-diff", file).CombinedOutput(); err != nil {
		t.Errorf("%s is not formatted (run terraform fmt):\n%s", name, out)
	}
}

// applyForOutputs applies and returns the outputs from the state file,
// which saves a CLI run per state over `output -json`.
func applyForOutputs(w *workspace) map[string]any {
	w.t.Helper()
	w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	var state struct {
		Outputs map[string]struct {
			Value any `json:"value"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(w.state()), &state); err != nil {
		w.t.Fatalf("terraform.tfstate: %v", err)
	}
	values := map[string]any{}
	for k, v := range state.Outputs {
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
	if !reflect.DeepEqual(got, want) {
		t.Errorf("outputs %v, want %v", got, want)
	}
}

// oneLine undoes the CLI's line wrapping.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// versionOf asks the CLI its version, and whether it is OpenTofu.
func versionOf(t *testing.T, cli string) (*version.Version, bool) {
	t.Helper()
	out, err := exec.Command(cli, "version", "-json").Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	return version.Must(version.NewVersion(v.Version)), strings.Contains(filepath.Base(cli), "tofu")
}
