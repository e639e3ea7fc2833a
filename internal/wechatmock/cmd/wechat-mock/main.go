// Command wechat-mock serves the WeChat stand-in on loopback, for `make
// mock`, `make demo` and trying the provider without a WeChat account. One
// app, whose state is a named scenario (-scenario): each plan status, no
// plan, or a fault such as a busy server or an IP missing from the
// whitelist. It prints its URL, the app's credentials and a provider block,
// and can write them as WECHAT_* variables to a file for scripts.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:0", "loopback address to serve on")
	scenario := flag.String("scenario", "running", "the app's state: one of the scenarios listed below")
	envFile := flag.String("env-file", "", "write WECHAT_BASE_URL, WECHAT_APPID and WECHAT_SECRET to this file once serving")
	latency := flag.Duration("latency", 0, "delay every answer by this much")
	connectDelay := flag.Duration("connect-delay", 0, "delay the first answer on each new connection by this much")
	flag.Usage = usage
	flag.Parse()

	sc, err := wechatmock.LookupScenario(*scenario)
	if err != nil {
		return fmt.Errorf("-scenario: %w", err)
	}
	l, err := listenLoopback(*listen)
	if err != nil {
		return err
	}

	m := wechatmock.New()
	m.AddApp(wechatmock.FixtureAppID, wechatmock.FixtureSecret)
	sc.Apply(m, wechatmock.FixtureAppID)
	m.SetLatency(*latency)
	m.SetConnectDelay(*connectDelay)
	url := m.Listen(l)
	defer m.Close()

	printBanner(os.Stdout, url, sc)
	if *envFile != "" {
		env := fmt.Sprintf("WECHAT_BASE_URL=%s\nWECHAT_APPID=%s\nWECHAT_SECRET=%s\n",
			url, wechatmock.FixtureAppID, wechatmock.FixtureSecret)
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

// listenLoopback refuses any address but loopback: the mock accepts a
// published fake secret, so it must not be reachable from elsewhere.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return nil, fmt.Errorf("-listen %q: the mock serves loopback addresses only, such as 127.0.0.1:0", addr)
	}
	return new(net.ListenConfig).Listen(context.Background(), "tcp", addr)
}

func printBanner(w io.Writer, url string, sc wechatmock.Scenario) {
	fmt.Fprintf(w, "WeChat mock serving at %s\n", url)
	fmt.Fprintf(w, "Scenario %q: %s\n\n", sc.Name, sc.About)
	fmt.Fprintf(w, "Credentials (not real; only this mock accepts them), for a provider block without attributes:\n\n")
	fmt.Fprintf(w, "  export WECHAT_BASE_URL=%s\n  export WECHAT_APPID=%s\n  export WECHAT_SECRET=%s\n\n",
		url, wechatmock.FixtureAppID, wechatmock.FixtureSecret)
	fmt.Fprintf(w, "or a ready provider block:\n\n")
	fmt.Fprintf(w, "  provider \"wechat\" {\n    appid    = %q\n    secret   = %q\n    base_url = %q\n  }\n\n",
		wechatmock.FixtureAppID, wechatmock.FixtureSecret, url)
	fmt.Fprintf(w, "Ctrl-C stops the mock. wechat-mock -help lists the scenarios.\n")
}

func usage() {
	out := flag.CommandLine.Output()
	fmt.Fprintf(out, "Usage: wechat-mock [-scenario NAME] [-listen 127.0.0.1:PORT] [flags]\n\nFlags:\n")
	flag.PrintDefaults()
	fmt.Fprintf(out, "\nScenarios:\n")
	for _, name := range wechatmock.ScenarioNames() {
		sc, _ := wechatmock.LookupScenario(name)
		fmt.Fprintf(out, "  %-15s %s\n", name, sc.About)
	}
}
