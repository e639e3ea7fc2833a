package provider

import (
	"fmt"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// exampleState is one state of the shop's staged release (a scenario of
// the mock that is no fault) and what the data source reports in it.
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

// exampleStates holds every scenario of the mock but the faults;
// TestExamples_everyPlanState fails when the mock gains one missing here.
var exampleStates = []exampleState{
	{"healthy", "finished", 100.0, true},
	{"unhealthy", "running", 30.0, false},
	{"platform", "finished", 100.0, true},
	{"staged", "running", 30.0, false},
	{"fleet-rollout", "finished", 100.0, true},
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

// stateExample is an example that reads the staged release, run alone
// (with its folder's versions.tf) in every state.
type stateExample struct {
	terraformMin, tofuMin string
	expect                func(s exampleState) expect
}

var stateExamples = map[string]stateExample{
	"data-sources/wechat_gray_release_plan/data-source.tf": {expect: func(s exampleState) expect {
		return expect{apply: true, outputs: map[string]any{"fully_released": s.released, "rollout_status": s.status, "rollout_percentage": s.percent}}
	}},
	"data-sources/wechat_gray_release_plan/check.tf": {expect: func(s exampleState) expect {
		if warning := "The mini program's staged release is paused at " + s.pct() + " %."; s.status == "paused" && !s.released {
			return expect{warns: []string{warning}}
		}
		return expect{quiet: []string{"staged release is paused"}}
	}},
	"data-sources/wechat_gray_release_plan/gate.tf": {expect: func(s exampleState) expect {
		if s.released {
			return expect{apply: true}
		}
		return expect{errors: []string{fmt.Sprintf("Not every user has the new mini program yet (%s at %s %%); deploy the backend once they do.", s.status, s.pct())}}
	}},
	"data-sources/wechat_gray_release_plan/aliases.tf": {expect: func(s exampleState) expect {
		return expect{apply: true, outputs: map[string]any{"fully_released_by_app": map[string]any{"shop": s.released, "blog": true}}}
	}},
	"ephemeral-resources/wechat_access_token/ephemeral-resource.tf": {terraformMin: "1.10.0", tofuMin: "1.11.0", expect: func(s exampleState) expect {
		return expect{apply: true, outputs: map[string]any{"fully_released": s.released}}
	}},
	"demo/main.tf": {expect: func(s exampleState) expect {
		plan := scenarioPlan(s.scenario)
		return expect{apply: true, outputs: map[string]any{"backend_may_deploy": s.released, "rollout": map[string]any{
			"appid": wechatmock.FixtureAppID, "status": s.status, "gray_percentage": s.percent, "fully_released": s.released,
			"started": planTime(plan, "create_timestamp"), "expected_full": planTime(plan, "default_finish_timestamp")}}}
	}},
	"README.md#1": {expect: func(s exampleState) expect {
		return expect{apply: true, outputs: map[string]any{
			"rollout": map[string]any{"status": s.status, "gray_percentage": s.percent, "fully_released": s.released}}}
	}},
}

// Every example that reads the staged release, in every state the mock
// can put it in.
func TestExamples_everyPlanState(t *testing.T) {
	skipWithoutCLI(t)
	t.Parallel()
	checkStatesCoverScenarios(t)
	folders := exampleFolders(t)
	cli := cliPath(t)
	cliVersion, isTofu := versionOf(t, cli)
	for name, ex := range stateExamples {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			files := stateExampleFiles(t, folders, name)
			if reason := (exampleDir{terraformMin: ex.terraformMin, tofuMin: ex.tofuMin}).unsupported(cliVersion, isTofu); reason != "" {
				t.Skip(reason)
			}
			for _, s := range exampleStates {
				t.Run(s.scenario, func(t *testing.T) {
					t.Parallel()
					env := startMock(t, s.scenario, nil, false)
					ex.expect(s).check(t, newWorkspace(t, files, env...))
				})
			}
		})
	}
}

// stateExampleFiles is the file name of folders, with its folder's
// versions.tf beside it.
func stateExampleFiles(t *testing.T, folders map[string]map[string]string, name string) map[string]string {
	t.Helper()
	folder, file := path.Split(name)
	if strings.HasPrefix(name, "README.md#") {
		folder, file = name, "main.tf"
	}
	files := folders[strings.TrimSuffix(folder, "/")]
	src, ok := files[file]
	if !ok {
		t.Fatalf("%s is no example", name)
	}
	out := map[string]string{file: src}
	if v, ok := files["versions.tf"]; ok {
		out["versions.tf"] = v
	}
	return out
}

// checkStatesCoverScenarios fails when the mock has a scenario that is no
// fault and that the examples are not run in.
func checkStatesCoverScenarios(t *testing.T) {
	t.Helper()
	covered := map[string]bool{}
	for _, s := range exampleStates {
		covered[s.scenario] = true
	}
	for _, name := range wechatmock.ScenarioNames() {
		if sc, _ := wechatmock.LookupScenario(name); sc.Kind != wechatmock.KindFault && !covered[name] {
			t.Errorf("the mock's scenario %q is missing from exampleStates", name)
		}
	}
}

// scenarioPlan is the shop's plan in a scenario.
func scenarioPlan(name string) map[string]any {
	sc, _ := wechatmock.LookupScenario(name)
	return sc.Plan
}

// planTime is a plan's timestamp as the data source writes it: RFC 3339
// in UTC, or nil where the plan has none.
func planTime(plan map[string]any, key string) any {
	unix, ok := plan[key].(int)
	if !ok || unix == 0 {
		return nil
	}
	return time.Unix(int64(unix), 0).UTC().Format(time.RFC3339)
}
