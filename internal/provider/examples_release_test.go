package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// The wechat_release examples write, so they run in the scenarios made for
// them: platform (the shop's 2.4.0 approved and waiting over 1.4.2), staged
// (2.4.0 already rolling out at 30 %, as if started in the console) and
// fleet-rollout (2.4.0 waiting in every mini program of the platform).
// -js-errors 240 gives 2.4.0 errors that hit 80 users, over every gate's 50.
func init() {
	hurt := []string{"-js-errors", "240"}
	fleet := map[string]any{}
	for _, id := range wechatmock.FixtureFleet() {
		fleet[id] = "running at 10 %"
	}
	for name, dir := range map[string]exampleDir{
		"resources/wechat_release": {writes: true, runs: []exampleRun{
			{scenario: "platform", expect: expect{apply: true,
				outputs: map[string]any{"rollout": "2.4.0 to 30 % (running); everyone else runs 1.4.2"}}},
			{scenario: "staged", expect: expect{apply: true,
				outputs: map[string]any{"rollout": "2.4.0 to 30 % (running); everyone else runs 1.4.2"}}},
			{scenario: "platform", flags: hurt, expect: expect{errors: []string{
				"2.4.0 hurts users (80 hit JS errors today); not raising the rollout."}}},
		}},
		"resources/wechat_release/import-block": {terraformMin: "1.5.0", tofuMin: "1.6.0", runs: []exampleRun{
			{scenario: "staged", expect: expect{apply: true, quiet: []string{"1 changed", "1 added"}}},
		}},
		"guides/release-fleet": {writes: true, runs: []exampleRun{
			{scenario: "fleet-rollout", expect: expect{apply: true, outputs: map[string]any{"rollout": fleet}}},
			{scenario: "fleet-rollout", flags: hurt, expect: expect{errors: []string{
				wechatmock.FixtureAppID + ": 2.4.0 hurts 80 users with JS errors today; not raising the rollout."}}},
		}},
	} {
		exampleDirs[name] = dir
	}
}

// import.sh's command, run as it stands next to resource.tf, against the
// rollout the staged scenario shows: it is read into state without a
// write, and the next plan is empty.
func TestExamples_releaseImportCommand(t *testing.T) {
	skipWithoutCLI(t)
	t.Parallel()
	dir := filepath.Join("..", "..", "examples", "resources", "wechat_release")
	script, err := os.ReadFile(filepath.Join(dir, "import.sh"))
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, line := range strings.Split(string(script), "\n") {
		if strings.HasPrefix(line, "terraform import ") {
			args = strings.Fields(line)[1:]
		}
	}
	if len(args) != 3 {
		t.Fatalf("import.sh has no terraform import command: %q", script)
	}
	files, err := folderFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(t, files, startMock(t, "staged", nil, false)...)
	w.run(false, append([]string{args[0], "-input=false", "-no-color"}, args[1:]...)...)
	w.run(false, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if state := w.state(); !strings.Contains(state, `"status_name": "running"`) || !strings.Contains(state, `"gray_percentage": 30`) {
		t.Errorf("the imported state does not hold the running rollout:\n%s", state)
	}
}
