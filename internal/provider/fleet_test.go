package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fleetConfig reads every authorized mini program's plan through one
// platform provider block.
const fleetConfig = `
data "wechat_authorizers" "all" {}

data "wechat_gray_release_plan" "fleet" {
  for_each = toset(data.wechat_authorizers.all.appids)
  appid    = each.key
}

output "labels" {
  value = { for k, p in data.wechat_gray_release_plan.fleet : k => p.appid }
}
output "percentages" {
  value = { for k, p in data.wechat_gray_release_plan.fleet : k => p.gray_percentage }
}
output "all_running" {
  value = alltrue([for p in data.wechat_gray_release_plan.fleet : p.status_name == "running"])
}
`

// Fifty mini programs through for_each in one provider block: each read
// with its own token (each app's plan has its own percentage) and labeled
// with its appid, one command run per appid, and no token or refresh token
// in the plan, the state or a trace log.
func TestFleet_fiftyMiniProgramsInOneProviderBlock(t *testing.T) {
	t.Parallel()
	const n = 50
	p := newPlatform(t, n)
	for i := range n {
		p.mock.SetPlan(fleetAppID(i), map[string]any{"status": 1, "gray_percentage": i + 1})
	}
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + p.providerBlock("", "good") + fleetConfig},
		"TF_LOG=trace", "TF_LOG_PATH=trace.log")

	w.run(false, "plan", "-input=false", "-no-color", "-out=tfplan")
	runs := p.runs(t)
	per := runsPerApp(runs)
	if len(runs) != n+1 || per["component"] != 1 {
		t.Errorf("%d runs (%v); want one get-component and one get per appid", len(runs), per)
	}
	for i := range n {
		if per[fleetAppID(i)] != 1 {
			t.Errorf("%s: %d runs, want 1", fleetAppID(i), per[fleetAppID(i)])
		}
	}
	shown, _ := w.run(false, "show", "-json", "tfplan")
	w.run(false, "apply", "-input=false", "-no-color", "tfplan")
	out, _ := w.run(false, "output", "-json")

	for i := range n {
		id := fleetAppID(i)
		if !strings.Contains(out, fmt.Sprintf("%q: %q", id, id)) && !strings.Contains(out, fmt.Sprintf("%q:%q", id, id)) {
			t.Errorf("%s is not labeled with its own appid:\n%.400s", id, out)
		}
		if !strings.Contains(out, fmt.Sprintf("%q: %d,", id, i+1)) && !strings.Contains(out, fmt.Sprintf("%q: %d\n", id, i+1)) {
			t.Errorf("%s was not read with its own token: its percentage %d is missing", id, i+1)
		}
	}
	if !strings.Contains(out, `"all_running": {`) || !strings.Contains(strings.Join(strings.Fields(out), " "), `"value": true`) {
		t.Errorf("all_running is not true:\n%.600s", out)
	}
	trace, _ := os.ReadFile(filepath.Join(w.dir, "trace.log"))
	for name, text := range map[string]string{"plan JSON": shown, "state": w.state(), "trace log": string(trace)} {
		if found := leaks(text); len(found) > 0 {
			t.Errorf("the %s holds %v", name, found)
		}
	}
	if !strings.Contains(string(trace), "WeChat token command run") {
		t.Error("the trace log has no line about the token command's runs")
	}
}

// A run that mixes a mini program with its own secret and a platform's
// fleet, through two provider blocks.
func TestFleet_ownSecretAndPlatformInOneRun(t *testing.T) {
	t.Parallel()
	p := newPlatform(t, 2)
	p.mock.SetVersionInfo(fleetAppID(0), map[string]any{"release_info": map[string]any{"release_version": "1.4.2", "release_time": 1690000000}})
	p.mock.SetLatestAudit(fleetAppID(1), map[string]any{"auditid": 42, "status": 2})
	config := requiredProviders + providerConfig(p.url) + p.providerBlock("platform", "good") + `
data "wechat_gray_release_plan" "own" {}
data "wechat_version_info" "fleet" {
  provider = wechat.platform
  appid    = "` + fleetAppID(0) + `"
}
data "wechat_audit_status" "fleet" {
  provider = wechat.platform
  appid    = "` + fleetAppID(1) + `"
}
data "wechat_gray_release_plan" "fleet" {
  provider = wechat.platform
  appid    = "` + fleetAppID(1) + `"
}
output "own" { value = [data.wechat_gray_release_plan.own.appid, data.wechat_gray_release_plan.own.status_name] }
output "release" { value = [data.wechat_version_info.fleet.appid, data.wechat_version_info.fleet.release_version, data.wechat_version_info.fleet.release_time] }
output "audit" { value = [data.wechat_audit_status.fleet.appid, data.wechat_audit_status.fleet.status_name, data.wechat_audit_status.fleet.audit_id] }
output "fleet_plan" { value = [data.wechat_gray_release_plan.fleet.appid, data.wechat_gray_release_plan.fleet.status_name] }
`
	w := newWorkspace(t, map[string]string{"main.tf": config})
	out := w.applyOutputs()
	want := map[string]string{
		"own":        fmt.Sprintf("[%s running]", testAppID),
		"release":    fmt.Sprintf("[%s 1.4.2 2023-07-22T04:26:40Z]", fleetAppID(0)),
		"audit":      fmt.Sprintf("[%s in_review 42]", fleetAppID(1)),
		"fleet_plan": fmt.Sprintf("[%s running]", fleetAppID(1)),
	}
	for k, v := range want {
		if got := fmt.Sprint(out[k]); got != v {
			t.Errorf("%s = %s, want %s", k, got, v)
		}
	}
	if per := runsPerApp(p.runs(t)); per[fleetAppID(1)] == 0 || per[fleetAppID(0)] == 0 || per[testAppID] != 0 {
		t.Errorf("runs per appid %v; the own app must not ask the token command", per)
	}
	if found := leaks(w.state()); len(found) > 0 {
		t.Errorf("the state holds %v", found)
	}
}

// A token that WeChat has retired (the central server handed out one that
// was replaced over 5 minutes ago): one rerun with reason "rejected" serves
// every read of that appid, and the plan succeeds.
func TestFleet_tokenRetiredMidRun(t *testing.T) {
	t.Parallel()
	p := newPlatform(t, 1)
	id := fleetAppID(0)
	p.mock.SetVersionInfo(id, map[string]any{"release_info": map[string]any{"release_version": "1.0.0"}})
	config := requiredProviders + p.providerBlock("", "retired") + fmt.Sprintf(`
data "wechat_gray_release_plan" "a" { appid = %[1]q }
data "wechat_version_info" "a" { appid = %[1]q }
data "wechat_audit_status" "a" { appid = %[1]q }
`, id)
	p.mock.SetLatestAudit(id, map[string]any{"auditid": 1, "status": 0})
	w := newWorkspace(t, map[string]string{"main.tf": config})
	w.run(false, "plan", "-input=false", "-no-color")
	runs := p.runs(t)
	if len(runs) != 2 || runs[0].Request.Reason != "initial" || runs[1].Request.Reason != "rejected" || runs[1].Request.ErrCode != 40001 {
		t.Errorf("runs %+v; want initial, then one rerun with reason rejected and errcode 40001 for all three reads", runs)
	}
}

// A token that expires within 5 minutes serves only the read that asked:
// the next read (of another API: identical reads share one answer) runs
// the command again.
func TestFleet_tokenExpiringSoonIsNotReused(t *testing.T) {
	t.Parallel()
	p := newPlatform(t, 1)
	id := fleetAppID(0)
	config := requiredProviders + p.providerBlock("", "good", `timeout = "30s"`) + fmt.Sprintf(`
data "wechat_gray_release_plan" "a" { appid = %[1]q }
data "wechat_version_info" "b" {
  appid      = %[1]q
  depends_on = [data.wechat_gray_release_plan.a]
}
`, id)
	config = strings.Replace(config, `"-prefix"`, `"-expires-in", "120", "-prefix"`, 1)
	w := newWorkspace(t, map[string]string{"main.tf": config})
	w.run(false, "plan", "-input=false", "-no-color")
	if n := len(p.runs(t)); n != 2 {
		t.Errorf("%d runs for two reads, one after the other, of a token with 2 minutes left; want 2", n)
	}
}
