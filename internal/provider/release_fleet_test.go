package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const releaseFleetConfig = `
data "wechat_authorizers" "all" {}

resource "wechat_release" "fleet" {
  for_each        = toset(data.wechat_authorizers.all.appids)
  appid           = each.key
  version         = "2.4.0"
  gray_percentage = 10
}

output "running" {
  value = length([for r in wechat_release.fleet : r if r.status_name == "running" && r.gray_percentage == 10])
}
`

// Fifty mini programs raised in one apply through for_each: the plan
// reads and writes nothing, the apply sends one write per app, each
// provider process runs the token command once per app, a second plan
// is empty, destroy sends nothing and says so, and no token reaches the
// plan, the state or a trace log.
func TestRelease_fiftyAppsInOneApply(t *testing.T) {
	t.Parallel()
	const n = 50
	p := newReleasePlatform(t, n)
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + p.providerBlock("", "good") + releaseFleetConfig},
		"TF_LOG=trace", "TF_LOG_PATH=trace.log")

	w.run(false, "plan", "-input=false", "-no-color", "-out=tfplan")
	if writes := p.mock.Writes(); writes != 0 {
		t.Fatalf("the plan sent %d writes", writes)
	}
	planRuns := runsPerApp(p.runs(t))
	shown, _ := w.run(false, "show", "-json", "tfplan")

	p.mock.SetLatency(100 * time.Millisecond)
	w.run(false, "apply", "-input=false", "-no-color", "tfplan")
	p.mock.SetLatency(0)
	perApp, sideBySide := map[string]int{}, 0
	for _, r := range p.mock.WriteLog() {
		if r.Path == "/wxa/grayrelease" && r.Body == `{"gray_percentage":10}` {
			perApp[r.AppID]++
		}
		sideBySide = max(sideBySide, r.InFlight)
	}
	// Each write takes the mock's 100 ms: Terraform's 10 parallel
	// operations overlap them, and never more than 10.
	t.Logf("%d writes in flight at once at most", sideBySide)
	if sideBySide < 2 || sideBySide > 10 {
		t.Errorf("at most %d writes were in flight at once; want Terraform's parallelism (2 to 10)", sideBySide)
	}
	if writes := p.mock.Writes(); writes != n || len(perApp) != n {
		t.Errorf("the apply sent %d writes to %d apps, want one grayrelease to each of %d", writes, len(perApp), n)
	}
	applyRuns := runsPerApp(p.runs(t))
	for i := range n {
		id := fleetAppID(i)
		if planRuns[id] != 1 || applyRuns[id]-planRuns[id] != 1 {
			t.Errorf("%s: %d token runs in the plan, %d in the apply; want one in each provider process", id, planRuns[id], applyRuns[id]-planRuns[id])
		}
	}
	state := w.state()
	if out, _ := w.run(false, "output", "-raw", "running"); out != "50" {
		t.Errorf("%s releases running at 10 %%, want 50", out)
	}

	w.run(false, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	stdout, _ := w.run(false, "destroy", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(oneLine(stdout), "The release stays as it is") || !strings.Contains(oneLine(stdout), "sends nothing to WeChat: 2.4.0 stays live for 10 %") {
		t.Errorf("destroy does not warn that the release stays:\n%.2000s", stdout)
	}
	if writes := p.mock.Writes(); writes != n {
		t.Errorf("%d writes after a second plan and a destroy, want still %d", writes, n)
	}
	trace, _ := os.ReadFile(filepath.Join(w.dir, "trace.log"))
	for name, text := range map[string]string{"plan JSON": shown, "state": state, "trace log": string(trace)} {
		if found := leaks(text); len(found) > 0 {
			t.Errorf("the %s holds %v", name, found)
		}
	}
}

// A plain terraform apply (no saved plan) plans and applies in two
// provider processes, and tokens never go to disk: each process runs the
// token command once per app, so two runs per app in all, one in each.
func TestRelease_plainApplyRunsTheTokenCommandOncePerAppPerProcess(t *testing.T) {
	t.Parallel()
	const n = 3
	p := newReleasePlatform(t, n)
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + p.providerBlock("", "good") + releaseFleetConfig})
	w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	if writes := p.mock.Writes(); writes != n {
		t.Errorf("%d writes, want %d", writes, n)
	}
	perProcess := map[int]map[string]int{}
	for _, r := range p.runs(t) {
		if r.Request.Kind == "component" {
			continue
		}
		if perProcess[r.PPID] == nil {
			perProcess[r.PPID] = map[string]int{}
		}
		perProcess[r.PPID][r.Request.AppID]++
	}
	if len(perProcess) != 2 {
		t.Errorf("token runs from %d provider processes, want 2 (the plan's and the apply's): %v", len(perProcess), perProcess)
	}
	for ppid, runs := range perProcess {
		for i := range n {
			if id := fleetAppID(i); runs[id] != 1 {
				t.Errorf("provider process %d: %d token runs for %s, want 1", ppid, runs[id], id)
			}
		}
	}
}
