package main

import (
	"fmt"
	"strings"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// scenario is one configuration the benchmark plans: reads of the plan
// spread evenly over apps, one provider block (an alias) per app.
type scenario struct {
	reads int
	apps  int
	// share leaves answer_reuse_window at its default; otherwise it is
	// "0s" and every read is its own call, which is what the per-read
	// rows measure.
	share bool
}

func (s scenario) window() string {
	if s.share {
		return "default"
	}
	return "0s"
}

func (s scenario) dir() string {
	return fmt.Sprintf("r%d-a%d-%s", s.reads, s.apps, s.window())
}

// appIDOf names app i; app 0 is the one WECHAT_APPID names.
func appIDOf(i int) string {
	if i == 0 {
		return appID
	}
	return fmt.Sprintf("wx%016x", i)
}

func (s scenario) seed(m *wechatmock.Server) {
	for i := range s.apps {
		m.AddApp(appIDOf(i), secret)
		m.SetPlan(appIDOf(i), map[string]any{"status": 1, "gray_percentage": 8})
	}
}

func (s scenario) config() string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    wechat = { source = "wxops/wechat" }
  }
}
`)
	reuse := ""
	if !s.share {
		reuse = "\n  answer_reuse_window = \"0s\"\n"
	}
	if s.apps == 1 {
		fmt.Fprintf(&b, "provider \"wechat\" {%s}\ndata \"wechat_gray_release_plan\" \"app\" {\n  count = %d\n}\n", reuse, s.reads)
		return b.String()
	}
	// Each block names its own app and secret, so it takes no credential
	// from the environment; base_url still comes from WECHAT_BASE_URL.
	for i := range s.apps {
		fmt.Fprintf(&b, "provider \"wechat\" {\n  alias  = \"a%d\"\n  appid  = %q\n  secret = %q%s\n}\n", i, appIDOf(i), secret, reuse)
		fmt.Fprintf(&b, "data \"wechat_gray_release_plan\" \"a%d\" {\n  provider = wechat.a%d\n  count    = %d\n}\n", i, i, s.reads/s.apps)
	}
	return b.String()
}
