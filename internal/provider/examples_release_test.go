package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// The wechat_release examples, run by TestExamples against the examples'
// platform (seedPlatform), each app reseeded live at 2.3.9 with 2.4.0
// approved and waiting.
func init() {
	for name, tc := range map[string]exampleCase{
		"resources/wechat_release/resource.tf": {platform: func(t *testing.T, w *workspace, m *wechatmock.Server) {
			m.SeedReleaseWaiting(exampleAppID, "2.3.9", "2.4.0")
			out := applyForOutputs(w)
			expectOutputs(t, out, map[string]any{"rollout": "2.4.0 to 30 % (running); everyone else runs 2.3.9"})
			w.run(false, "plan", "-input=false", "-no-color", "-detailed-exitcode")
			m.SetJSErrors(exampleAppID, wechatmock.JSErrorSeed{Date: beijingToday(), AppVersion: "2.4.0", Message: "pay is undefined", PV: 90, UV: 60})
			_, stderr := w.run(true, "plan", "-input=false", "-no-color", "-var", "rollout_percentage=50")
			if !strings.Contains(oneLine(stderr), "2.4.0 hurts users (60 hit JS errors today); not raising the rollout.") {
				t.Errorf("the gate must hold the raise:\n%s", stderr)
			}
			expectWrites(t, m, 1)
		}},
		"resources/wechat_release/import.tf": {terraformMin: "1.5.0", tofuMin: "1.6.0", platform: func(t *testing.T, w *workspace, m *wechatmock.Server) {
			m.SeedStagedRelease(exampleAppID, "2.3.9", "2.4.0", 30, false)
			stdout, _ := w.run(false, "plan", "-input=false", "-no-color")
			if !strings.Contains(oneLine(stdout), "1 to import, 0 to add, 0 to change, 0 to destroy") {
				t.Errorf("the import must change nothing:\n%s", stdout)
			}
			w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
			w.run(false, "plan", "-input=false", "-no-color", "-detailed-exitcode")
			expectWrites(t, m, 0)
		}},
		"guides/release-fleet.tf": {platform: func(t *testing.T, w *workspace, m *wechatmock.Server) {
			for _, id := range []string{exampleAppID, exampleBlogAppID} {
				m.SeedReleaseWaiting(id, "2.3.9", "2.4.0")
			}
			expectOutputs(t, applyForOutputs(w), map[string]any{"rollout": map[string]any{exampleAppID: "running at 10 %", exampleBlogAppID: "running at 10 %"}})
			expectWrites(t, m, 2)
			m.SetJSErrors(exampleBlogAppID, wechatmock.JSErrorSeed{Date: beijingToday(), AppVersion: "2.4.0", Message: "x", PV: 70, UV: 60})
			_, stderr := w.run(true, "plan", "-input=false", "-no-color", "-var", `rollout={version="2.4.0",percentage=30}`)
			if !strings.Contains(oneLine(stderr), exampleBlogAppID+": 2.4.0 hurts 60 users with JS errors today; not raising the rollout.") {
				t.Errorf("the gate must hold the fleet's raise:\n%s", stderr)
			}
			spike := wechatmock.LogEntry{Time: time.Now(), FilterMsg: "v2.4.0", URL: "pages/pay/pay",
				Messages: []wechatmock.LogMessage{{Time: time.Now(), Level: 8, Text: []string{"pay failed"}}}}
			m.SetJSErrors(exampleBlogAppID)
			m.SetRealtimeLogs(exampleAppID, spike, spike, spike, spike)
			_, stderr = w.run(true, "plan", "-input=false", "-no-color", "-var", `rollout={version="2.4.0",percentage=30}`)
			if !strings.Contains(oneLine(stderr), exampleAppID+": 4 visits of 2.4.0 logged errors in the last hour") {
				t.Errorf("the logs gate must hold the fleet's raise:\n%s", stderr)
			}
			expectWrites(t, m, 2)
		}},
	} {
		exampleCases[name] = tc
	}
}

func expectWrites(t *testing.T, m *wechatmock.Server, n int) {
	t.Helper()
	if got := m.Writes(); got != n {
		t.Errorf("%d writes, want %d: %+v", got, n, m.WriteLog())
	}
}

// import.sh's command, run as it stands on resource.tf: the release that
// runs is read into state, and the next plan is empty.
func TestExamples_releaseImportCommand(t *testing.T) {
	script, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "wechat_release", "import.sh"))
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, line := range strings.Split(string(script), "\n") {
		if strings.HasPrefix(line, "terraform import ") {
			args = strings.Fields(line)[1:]
		}
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "wechat_release", "resource.tf"))
	if err != nil {
		t.Fatal(err)
	}
	m, w := exampleWorkspace(t, string(src))
	seedPlatform(m)
	m.SeedStagedRelease(exampleAppID, "2.3.9", "2.4.0", 30, true)
	if len(args) != 3 {
		t.Fatalf("import.sh has no terraform import command: %q", script)
	}
	w.run(false, append([]string{args[0], "-input=false", "-no-color"}, args[1:]...)...)
	w.run(false, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if state := w.state(); !strings.Contains(state, `"status_name": "paused"`) || !strings.Contains(state, `"gray_percentage": 30`) {
		t.Errorf("the imported state does not hold the paused rollout:\n%s", state)
	}
	expectWrites(t, m, 0)
}
