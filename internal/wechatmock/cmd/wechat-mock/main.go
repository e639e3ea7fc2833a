// Command wechat-mock serves the WeChat stand-in on loopback, for `make
// mock`, `make demo` and trying the provider and its examples without a
// WeChat account. It serves the examples' mini programs and their
// third-party platform in a named scenario (-scenario): healthy or
// unhealthy figures for the release gates, the platform's fleet, each plan
// status, or a fault such as a busy server. Flags steer the figures the
// gates compare. It prints its URL and the environment every example
// needs, and can write that environment to a file for scripts.
//
// Run as `wechat-mock get APPID` or `wechat-mock get-component`, it is the
// examples' token command instead: see token.go.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "get" || os.Args[1] == "get-component") {
		os.Exit(tokenCommand(os.Args[1:], os.Getenv("WECHAT_TOKEN_REQUEST"), os.Stdout, os.Stderr))
	}
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	listen := flag.String("listen", "127.0.0.1:0", "loopback address to serve on")
	scenario := flag.String("scenario", "running", "the state of the examples' mini program: one of the scenarios listed below")
	envFile := flag.String("env-file", "", "write the environment every example needs (the export lines printed) to this file once serving")
	cliConfig := flag.String("cli-config", "", "a CLI configuration to export as TF_CLI_CONFIG_FILE (make mock writes one that runs the provider it built)")
	latency := flag.Duration("latency", 0, "delay every answer by this much")
	connectDelay := flag.Duration("connect-delay", 0, "delay the first answer on each new connection by this much")
	var figures figureFlags
	figures.register(flag.CommandLine)
	var release wechatmock.ReleaseOptions
	registerReleaseFlags(flag.CommandLine, &release)
	flag.Usage = usage
	flag.Parse()
	if flag.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: the mock takes flags only (wechat-mock -help)", flag.Arg(0))
	}

	sc, err := wechatmock.LookupScenario(*scenario)
	if err != nil {
		return fmt.Errorf("-scenario: %w", err)
	}
	figures.apply(&sc.Figures)
	l, err := listenLoopback(*listen)
	if err != nil {
		return err
	}

	m := wechatmock.New()
	sc.Seed(m)
	m.SetReleaseOptions(release)
	m.SetLatency(*latency)
	m.SetConnectDelay(*connectDelay)
	url := m.Listen(l)
	defer m.Close()

	env, err := environment(url, *cliConfig)
	if err != nil {
		return err
	}
	if *envFile != "" {
		if err := writeEnvFile(*envFile, env); err != nil {
			return err
		}
	}
	printBanner(os.Stdout, url, sc, env)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	fmt.Printf("WeChat mock stopping: %d token calls, %d plan calls, %d connections, %d writes, %d token mints\n",
		m.TokenCalls(), m.Calls(wechatmock.PathGrayReleasePlan), m.Connections(), m.Writes(), m.Mints())
	return nil
}

// listenLoopback refuses any address but loopback: the mock accepts a
// published fake secret, so it must not be reachable from elsewhere.
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return nil, fmt.Errorf("-listen %q: the mock serves loopback addresses only, such as 127.0.0.1:0", addr)
	}
	l, err := new(net.ListenConfig).Listen(context.Background(), "tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("%w: is another mock running? Stop it, or pick another port (make mock LISTEN=127.0.0.1:0 takes a free one)", err)
	}
	return l, err
}

func usage() {
	out := flag.CommandLine.Output()
	fmt.Fprintf(out, "Usage: wechat-mock [-scenario NAME] [-listen 127.0.0.1:PORT] [flags]\n"+
		"       wechat-mock get APPID | get-component   (the examples' token command)\n\nFlags:\n")
	flag.PrintDefaults()
	fmt.Fprintf(out, "\nScenarios (each serves the shop %s, the blog %s and the platform %s with %d mini programs):\n",
		wechatmock.FixtureAppID, wechatmock.FixtureBlogAppID, wechatmock.FixtureComponentAppID, len(wechatmock.FixtureFleet()))
	kind := ""
	for _, name := range wechatmock.ScenarioNames() {
		sc, _ := wechatmock.LookupScenario(name)
		if sc.Kind != kind {
			kind = sc.Kind
			fmt.Fprintf(out, "  %s:\n", kindTitles[kind])
		}
		fmt.Fprintf(out, "    %-15s %s\n", name, sc.About)
	}
}

var kindTitles = map[string]string{
	wechatmock.KindHealth:   "the examples' release gates",
	wechatmock.KindPlatform: "a third-party platform",
	wechatmock.KindPlan:     "states of the staged release (healthy figures otherwise)",
	wechatmock.KindFault:    "faults on every call of a kind (healthy figures otherwise)",
}
