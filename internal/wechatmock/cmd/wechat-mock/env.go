package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// envVar is one variable of the environment the examples read.
type envVar struct{ name, value string }

// environment is everything an example in examples/ needs to run
// unchanged against this mock: the provider's WECHAT_* variables for the
// shop, and a value for each variable the examples declare without a
// default or point at a real token server. The examples' token command is
// this program itself (token.go), which needs no settings.
func environment(url, cliConfig string) ([]envVar, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("finding this program, the examples' token command: %w", err)
	}
	env := []envVar{
		{"WECHAT_BASE_URL", url},
		{"WECHAT_APPID", wechatmock.FixtureAppID},
		{"WECHAT_SECRET", wechatmock.FixtureSecret},
		{"TF_VAR_wechat_secret", wechatmock.FixtureSecret},
		{"TF_VAR_shop_secret", wechatmock.FixtureSecret},
		{"TF_VAR_blog_secret", wechatmock.FixtureBlogSecret},
		{"TF_VAR_apps", fmt.Sprintf("{%q=%q,%q=%q}", wechatmock.FixtureAppID, wechatmock.FixtureSecret,
			wechatmock.FixtureBlogAppID, wechatmock.FixtureBlogSecret)},
		{"TF_VAR_wechat_access_token", wechatmock.FixtureReadyToken},
		{"TF_VAR_token_command", self},
		{"TF_VAR_token_service_key", "unused-by-the-mock"},
	}
	if cliConfig != "" {
		abs, err := filepath.Abs(cliConfig)
		if err != nil {
			return nil, err
		}
		env = append(env, envVar{"TF_CLI_CONFIG_FILE", abs})
	}
	return env, nil
}

// exportLines are the variables as POSIX shell export lines, which sh,
// bash and zsh read whether pasted or sourced.
func exportLines(env []envVar, indent string) string {
	var b strings.Builder
	for _, v := range env {
		fmt.Fprintf(&b, "%sexport %s=%s\n", indent, v.name, shellQuote(v.value))
	}
	return b.String()
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// writeEnvFile writes the export lines whole or not at all: scripts wait
// for the file to appear and source it at once.
func writeEnvFile(path string, env []envVar) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(exportLines(env, "")), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func printBanner(w io.Writer, url string, sc wechatmock.Scenario, env []envVar) {
	fmt.Fprintf(w, "WeChat mock serving at %s\n", url)
	fmt.Fprintf(w, "Scenario %q: %s\n", sc.Name, sc.About)
	fmt.Fprintf(w, "The shop %s: %s.\n\n", wechatmock.FixtureAppID, sc.Figures)
	fmt.Fprintf(w, "Paste these lines into the shell you run terraform or tofu in. The credentials are not real:\n"+
		"only this mock accepts them. TF_VAR_token_command is this program, the platform's token command.\n\n")
	fmt.Fprint(w, exportLines(env, "  "))
	if env[len(env)-1].name == "TF_CLI_CONFIG_FILE" {
		fmt.Fprintf(w, "\nThen run any example where it is, such as: cd examples/provider && terraform apply\n")
	} else {
		fmt.Fprintf(w, "\nThen run an example with the provider installed (make install), or through `make mock`, which builds it.\n")
	}
	fmt.Fprintf(w, "Other scenarios: %s.\n", strings.Join(wechatmock.ScenarioNames(), ", "))
	fmt.Fprintf(w, "Ctrl-C stops the mock. wechat-mock -help says what each scenario serves and which flags change the figures.\n")
}
