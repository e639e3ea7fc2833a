package provider

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
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
	exampleAppID     = "wx0123456789abcdef"
	exampleSecret    = "example-s3cr3t-1a2b3c"
	exampleBlogAppID = "wxfedcba9876543210"
	exampleBlogSec   = "example-bl0g-s3cr3t-4d5e"
	exampleReadyTok  = "MOCK_FROM_CENTRAL_SERVER"
)

// exampleCase runs one example file as a user would and checks what the
// user would see. Every .tf file under examples/ needs one, so that no
// example rots unnoticed.
type exampleCase struct {
	// minVersion is the oldest CLI the example works on ("" for any).
	terraformMin, tofuMin string
	run                   func(t *testing.T, w *workspace, mock *exampleMock)
}

type exampleMock struct {
	setPlan func(appID string, plan map[string]any)
	// server seeds the ops data sources' data, around the real clock (the
	// provider runs as its own process, on time.Now).
	server *wechatmock.Server
}

// flat joins a CLI's output into one line, however it wrapped it.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

var exampleCases = map[string]exampleCase{
	"provider/provider.tf": {run: func(t *testing.T, w *workspace, _ *exampleMock) {
		w.run(false, "plan", "-input=false", "-no-color")
	}},
	"provider/provider-access-token.tf": {run: func(t *testing.T, w *workspace, _ *exampleMock) {
		w.run(false, "plan", "-input=false", "-no-color")
	}},
	"data-sources/wechat_gray_release_plan/data-source.tf": {run: func(t *testing.T, w *workspace, _ *exampleMock) {
		out := w.applyOutputs()
		if fmt.Sprintf("%v %v", out["rollout_percentage"], out["rollout_status"]) != "8 running" {
			t.Errorf("outputs %v, want 8 and running", out)
		}
	}},
	"data-sources/wechat_gray_release_plan/check.tf": {run: func(t *testing.T, w *workspace, m *exampleMock) {
		stdout, _ := w.run(false, "plan", "-input=false", "-no-color")
		if strings.Contains(stdout, "paused") {
			t.Errorf("a running release must not warn:\n%s", stdout)
		}
		m.setPlan(exampleAppID, map[string]any{"status": 2, "gray_percentage": 30})
		stdout, _ = w.run(false, "plan", "-input=false", "-no-color")
		if !strings.Contains(stdout, "The mini program's staged release is paused at 30 %.") {
			t.Errorf("a paused release must warn:\n%s", stdout)
		}
	}},
	"data-sources/wechat_gray_release_plan/gate.tf": {run: func(t *testing.T, w *workspace, m *exampleMock) {
		_, stderr := w.run(true, "plan", "-input=false", "-no-color")
		if !strings.Contains(strings.Join(strings.Fields(stderr), " "), "The mini program is at 8 % (running); deploy the backend once it reaches 100 %.") {
			t.Errorf("the gate must hold while the rollout runs:\n%s", stderr)
		}
		m.setPlan(exampleAppID, map[string]any{"status": 3, "gray_percentage": 100})
		w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	}},
	"data-sources/wechat_gray_release_plan/aliases.tf": {run: func(t *testing.T, w *workspace, _ *exampleMock) {
		out := w.applyOutputs()
		if got := fmt.Sprint(out["rollouts"]); got != "map[blog:100 shop:8]" {
			t.Errorf("rollouts = %s, want map[blog:100 shop:8]", got)
		}
	}},
	"data-sources/wechat_js_errors/gate.tf": {run: func(t *testing.T, w *workspace, m *exampleMock) {
		_, stderr := w.run(true, "plan", "-input=false", "-no-color")
		if !strings.Contains(flat(stderr), "Mini program 1.4.2 has 60 JS error occurrences today (limit 50); the worst: a is undefined.") {
			t.Errorf("the gate must hold while 1.4.2 errs:\n%s", stderr)
		}
		m.server.SetJSErrors(exampleAppID, wechatmock.JSErrorSeed{Date: beijingToday(), AppVersion: "1.4.2", Message: "rare", PV: 5, UV: 1})
		w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	}},
	"data-sources/wechat_realtime_logs/check.tf": {run: func(t *testing.T, w *workspace, m *exampleMock) {
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); strings.Contains(stdout, "logged errors") {
			t.Errorf("one error log must not warn:\n%s", stdout)
		}
		spike := wechatmock.LogEntry{Time: time.Now(), FilterMsg: "v1.4.2", URL: "pages/pay/pay",
			Messages: []wechatmock.LogMessage{{Time: time.Now(), Level: 8, Text: []string{"pay failed"}}}}
		m.server.SetRealtimeLogs(exampleAppID, spike, spike, spike, spike)
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); !strings.Contains(flat(stdout), "4 page visits logged errors since") {
			t.Errorf("a spike must warn:\n%s", stdout)
		}
	}},
	"data-sources/wechat_domains/gate.tf": {run: func(t *testing.T, w *workspace, _ *exampleMock) {
		w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
		_, stderr := w.run(true, "plan", "-input=false", "-no-color", "-var", "api_host=api-new.example.com")
		if !strings.Contains(flat(stderr), "https://api-new.example.com is not a request domain of the mini program yet") {
			t.Errorf("an unlisted host must be refused:\n%s", stderr)
		}
	}},
	"data-sources/wechat_visit_trend/check.tf": {run: func(t *testing.T, w *workspace, m *exampleMock) {
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); strings.Contains(stdout, "users visited") {
			t.Errorf("640 visitors must not warn:\n%s", stdout)
		}
		yesterday := wechat.BeijingDay(time.Now()).AddDate(0, 0, -1).Format(wechat.DateLayout)
		m.server.SetVisitTrend(exampleAppID, yesterday, wechatmock.VisitTrend{VisitUV: 300})
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); !strings.Contains(flat(stdout), "Only 300 users visited the mini program on "+yesterday) {
			t.Errorf("a drop must warn:\n%s", stdout)
		}
	}},
	"data-sources/wechat_api_quota/check.tf": {run: func(t *testing.T, w *workspace, m *exampleMock) {
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); !strings.Contains(flat(stdout), "Only 40 of 500 calls to /wxaapi/log/jserr_list are left today") {
			t.Errorf("a low quota must warn:\n%s", stdout)
		}
		m.server.SetQuota(exampleAppID, wechat.PathJSErrList, wechatmock.Quota{DailyLimit: 500, Used: 100, Remain: 400})
		if stdout, _ := w.run(false, "plan", "-input=false", "-no-color"); strings.Contains(stdout, "calls to /wxaapi") {
			t.Errorf("a full quota must not warn:\n%s", stdout)
		}
	}},
	"provider/release-gates.tf": {run: func(t *testing.T, w *workspace, m *exampleMock) {
		_, stderr := w.run(true, "plan", "-input=false", "-no-color")
		if got := flat(stderr); !strings.Contains(got, "The rollout is at 8 % (running).") || !strings.Contains(got, "has 60 JS error occurrences today") {
			t.Errorf("both failing gates must hold the deploy:\n%s", stderr)
		}
		m.setPlan(exampleAppID, map[string]any{"status": 3, "gray_percentage": 100})
		m.server.SetJSErrors(exampleAppID)
		w.run(false, "apply", "-auto-approve", "-input=false", "-no-color")
	}},
	"ephemeral-resources/wechat_access_token/ephemeral-resource.tf": {terraformMin: "1.10.0", tofuMin: "1.11.0",
		run: func(t *testing.T, w *workspace, _ *exampleMock) {
			out := w.applyOutputs()
			if out["rollout_status"] != "running" {
				t.Errorf("rollout_status = %v, want running", out["rollout_status"])
			}
			if state := w.readFile("terraform.tfstate"); strings.Contains(state, "MOCK_") || strings.Contains(state, exampleSecret) {
				t.Error("the ephemeral token or the secret reached the state")
			}
		}},
	"demo/main.tf": {run: func(t *testing.T, w *workspace, _ *exampleMock) {
		out := w.applyOutputs()
		if out["backend_may_deploy"] != false {
			t.Errorf("backend_may_deploy = %v, want false while the rollout runs", out["backend_may_deploy"])
		}
	}},
}

func TestExamples(t *testing.T) {
	root := filepath.Join("..", "..", "examples")
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".tf") {
			rel, _ := filepath.Rel(root, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < len(exampleCases) {
		t.Fatalf("found %d example files, but %d cases", len(files), len(exampleCases))
	}
	cli := cliPath(t)
	cliVersion, isTofu := versionOf(t, cli)

	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			tc, ok := exampleCases[file]
			if !ok {
				t.Fatalf("examples/%s has no test: add it to exampleCases", file)
			}
			src, err := os.ReadFile(filepath.Join(root, file))
			if err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(cli, "fmt", "-check", "-diff", filepath.Join(root, file)).CombinedOutput(); err != nil {
				t.Errorf("examples/%s is not formatted (run terraform fmt):\n%s", file, out)
			}
			if oldest := map[bool]string{false: tc.terraformMin, true: tc.tofuMin}[isTofu]; oldest != "" && cliVersion.LessThan(version.Must(version.NewVersion(oldest))) {
				t.Skipf("needs %s or later; this CLI is %s", oldest, cliVersion)
			}

			mock, url := newMock(t)
			mock.AddApp(exampleAppID, exampleSecret)
			mock.SetPlan(exampleAppID, runningPlan())
			mock.AddApp(exampleBlogAppID, exampleBlogSec)
			mock.SetPlan(exampleBlogAppID, map[string]any{"status": 3, "gray_percentage": 100})
			mock.AddAccessToken(exampleAppID, exampleReadyTok)
			seedOps(mock, exampleAppID, time.Now())

			files := map[string]string{"example.tf": string(src)}
			if !strings.Contains(string(src), "required_providers") {
				files["versions.tf"] = requiredProviders
			}
			w := newWorkspace(t, files,
				"WECHAT_APPID="+exampleAppID, "WECHAT_SECRET="+exampleSecret, "WECHAT_BASE_URL="+url,
				"TF_VAR_wechat_secret="+exampleSecret, "TF_VAR_wechat_access_token="+exampleReadyTok,
				"TF_VAR_shop_secret="+exampleSecret, "TF_VAR_blog_secret="+exampleBlogSec,
			)
			tc.run(t, w, &exampleMock{setPlan: mock.SetPlan, server: mock})
		})
	}
}

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
