package provider

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func TestProvider_userAgentNamesProviderAndCLI(t *testing.T) {
	t.Parallel()
	mock, url := newMock(t)
	want := regexp.MustCompile(`^terraform-provider-wechat/test \(\+https://registry\.terraform\.io/providers/wxops/wechat\) Terraform/\d+\.\d+\.\d+`)
	unitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + planDataSource,
			Check: func(*terraform.State) error {
				if ua := mock.LastUserAgent(); !want.MatchString(ua) {
					return fmt.Errorf("User-Agent %q does not match %s", ua, want)
				}
				return nil
			},
		}},
	})
}

// connectProxy is a loopback HTTPS proxy that sends every tunnel to target
// and notes which hosts were asked for.
type connectProxy struct {
	target string
	mu     sync.Mutex
	hosts  []string
}

func (p *connectProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
		return
	}
	p.mu.Lock()
	p.hosts = append(p.hosts, r.Host)
	p.mu.Unlock()
	upstream, err := net.Dial("tcp", p.target)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		upstream.Close()
		http.Error(w, "cannot hijack", http.StatusInternalServerError)
		return
	}
	conn, buf, err := hijacker.Hijack()
	if err != nil {
		upstream.Close()
		return
	}
	_, _ = conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
	go func() { _, _ = io.Copy(upstream, buf); upstream.Close() }()
	_, _ = io.Copy(conn, upstream)
	conn.Close()
}

// HTTPS_PROXY reaches the provider's HTTP client. Go never proxies loopback
// hosts, so the mock serves HTTPS as api.example.com, reachable only
// through the loopback proxy: the CLI never resolves the name itself.
func TestProvider_honorsHTTPSProxy(t *testing.T) {
	t.Parallel()
	mock := wechatmock.New()
	mock.AddApp(testAppID, testSecret)
	mock.SetPlan(testAppID, runningPlan())
	mockURL := mock.StartTLS()
	t.Cleanup(mock.Close)

	proxy := &connectProxy{target: strings.TrimPrefix(mockURL, "https://")}
	proxySrv := httptest.NewServer(proxy)
	t.Cleanup(proxySrv.Close)

	ca := filepath.Join(t.TempDir(), "mock-ca.pem")
	if err := os.WriteFile(ca, mock.CertificatePEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(t, map[string]string{"main.tf": requiredProviders + fmt.Sprintf(`
provider "wechat" {
  appid    = %q
  base_url = "https://api.example.com"
}
`, testAppID) + planDataSource + `
output "status" { value = data.wechat_gray_release_plan.app.status_name }
`}, "WECHAT_SECRET="+testSecret, "HTTPS_PROXY="+proxySrv.URL, "SSL_CERT_FILE="+ca)

	if out := w.applyOutputs(); out["status"] != "running" {
		t.Errorf("status = %v, want running", out["status"])
	}
	proxy.mu.Lock()
	defer proxy.mu.Unlock()
	if len(proxy.hosts) == 0 || proxy.hosts[0] != "api.example.com:443" {
		t.Errorf("the proxy saw tunnels to %v, want api.example.com:443", proxy.hosts)
	}
}
