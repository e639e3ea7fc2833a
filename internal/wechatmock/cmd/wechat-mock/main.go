// Command wechat-mock serves the WeChat stand-in on loopback, seeded with
// demo apps, for `make demo` and for trying the provider without a WeChat
// account. It prints its URL and the demo credentials, and can write them
// as WECHAT_* variables to a file for scripts.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// Demo apps. The secrets are not real; the mock is the only server that
// accepts them.
const (
	demoAppID   = "wx0123456789abcdef"
	demoSecret  = "demo-secret-for-the-mock-only"
	otherAppID  = "wxfedcba9876543210"
	otherSecret = "other-demo-secret-for-the-mock"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:0", "loopback address to serve on")
	envFile := flag.String("env-file", "", "write WECHAT_BASE_URL, WECHAT_APPID and WECHAT_SECRET to this file once serving")
	latency := flag.Duration("latency", 0, "delay every answer by this much")
	connectDelay := flag.Duration("connect-delay", 0, "delay the first answer on each new connection by this much")
	flag.Parse()

	host, _, err := net.SplitHostPort(*listen)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return fmt.Errorf("-listen %q: the mock serves loopback addresses only, such as 127.0.0.1:0", *listen)
	}
	l, err := new(net.ListenConfig).Listen(context.Background(), "tcp", *listen)
	if err != nil {
		return err
	}

	m := wechatmock.New()
	m.AddApp(demoAppID, demoSecret)
	m.SetPlan(demoAppID, map[string]any{
		"status":                    1,
		"gray_percentage":           42,
		"create_timestamp":          time.Now().Add(-26 * time.Hour).Unix(),
		"default_finish_timestamp":  time.Now().Add(46 * time.Hour).Unix(),
		"support_debuger_first":     true,
		"support_experiencer_first": false,
	})
	m.AddApp(otherAppID, otherSecret)
	m.SetPlan(otherAppID, map[string]any{"status": 3, "gray_percentage": 100, "create_timestamp": time.Now().Add(-72 * time.Hour).Unix()})
	m.SetLatency(*latency)
	m.SetConnectDelay(*connectDelay)
	url := m.Listen(l)
	defer m.Close()

	fmt.Printf("WeChat mock serving at %s\n", url)
	fmt.Printf("  app %s  secret %s  (staged release running at 42 %%)\n", demoAppID, demoSecret)
	fmt.Printf("  app %s  secret %s  (staged release finished)\n", otherAppID, otherSecret)
	if *envFile != "" {
		env := fmt.Sprintf("WECHAT_BASE_URL=%s\nWECHAT_APPID=%s\nWECHAT_SECRET=%s\nWECHAT_OTHER_APPID=%s\nWECHAT_OTHER_SECRET=%s\n",
			url, demoAppID, demoSecret, otherAppID, otherSecret)
		if err := os.WriteFile(*envFile, []byte(env), 0o600); err != nil {
			return err
		}
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	fmt.Printf("WeChat mock stopping: %d token calls, %d plan calls, %d connections\n",
		m.TokenCalls(), m.Calls(wechatmock.PathGrayReleasePlan), m.Connections())
	return nil
}
