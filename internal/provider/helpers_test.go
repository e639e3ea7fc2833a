package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/wxops/terraform-provider-wechat/internal/wechat"
	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// Test credentials. The secret is distinctive so a leak is easy to grep for;
// every mock token starts with "MOCK_".
const (
	testAppID   = wechatmock.FixtureAppID
	testSecret  = wechatmock.FixtureSecret
	otherAppID  = "wxfedcba0987654321"
	otherSecret = "0th3r-s3cr3t-a1b2c3d4e5f60718"
)

// runningPlan is the seed page's example answer, a fresh map each call.
func runningPlan() map[string]any { return wechatmock.SeedPlan() }

// newMock starts a mock WeChat with testAppID and its running plan.
func newMock(t *testing.T) (*wechatmock.Server, string) {
	t.Helper()
	m := wechatmock.NewSeeded()
	url := m.Start()
	t.Cleanup(m.Close)
	return m, url
}

// fastWaits keeps retry tests quick: the waits' logic is what is tested,
// not their length.
var fastWaits = []wechat.Option{
	wechat.WithBackoff(func(int) time.Duration { return time.Millisecond }),
	wechat.WithRateLimitWait(10 * time.Millisecond),
}

func factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return factoriesWith(fastWaits...)
}

func factoriesWith(opts ...wechat.Option) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"wechat": providerserver.NewProtocol6WithError(newProvider("test", opts...)()),
	}
}

// providerConfig is a provider block for the mock; extra lines go inside it.
func providerConfig(baseURL string, extra ...string) string {
	return fmt.Sprintf(`
provider "wechat" {
  appid    = %q
  secret   = %q
  base_url = %q
  %s
}
`, testAppID, testSecret, baseURL, strings.Join(extra, "\n  "))
}

// requiredProviders names the provider's source, for configurations the
// CLI runs on its own (the test framework adds its own otherwise).
const requiredProviders = `
terraform {
  required_providers {
    wechat = { source = "wxops/wechat" }
  }
}
`

const planDataSource = `
data "wechat_gray_release_plan" "app" {}
`

// errorPattern matches phrases, in order, in an error however the CLI
// wraps its lines.
func errorPattern(phrases ...string) *regexp.Regexp {
	quoted := make([]string, len(phrases))
	for i, phrase := range phrases {
		words := strings.Fields(phrase)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		quoted[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(strings.Join(quoted, `[\s\S]*`))
}

var statusNamePattern = regexp.MustCompile(`^(initial|running|paused|finished|deleted|unknown|none)$`)
