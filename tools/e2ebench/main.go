// Command e2ebench times `plan` with N reads of wechat_gray_release_plan on
// real CLIs against the mock WeChat server, and compares each time with
// what the link itself costs. make bench runs it; see README, Performance.
//
// The mock answers every call after -latency and charges each new
// connection -connect-delay. The floor for N reads is: the same plan with
// one read and no delays (CLI and provider start), plus one token call
// (a connection and an answer), plus one round of latency per 10 reads
// (Terraform reads 10 data sources at once), plus one connection setup
// (the parallel reads connect at the same time).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

const (
	appID       = wechatmock.FixtureAppID
	secret      = wechatmock.FixtureSecret
	parallelism = 10 // Terraform's default -parallelism
)

type options struct {
	provider     string
	clis         []string
	ns           []int
	runs         int
	latency      time.Duration
	connectDelay time.Duration
}

func main() {
	var o options
	var clis, ns string
	flag.StringVar(&o.provider, "provider", "", "the provider binary to measure")
	flag.StringVar(&clis, "clis", "", "comma-separated CLI paths")
	flag.StringVar(&ns, "n", "1,10,100", "comma-separated read counts")
	flag.IntVar(&o.runs, "runs", 3, "runs per measurement; the median counts")
	flag.DurationVar(&o.latency, "latency", 50*time.Millisecond, "mock answer latency")
	flag.DurationVar(&o.connectDelay, "connect-delay", 100*time.Millisecond, "mock cost of each new connection")
	flag.Parse()
	if o.provider == "" || clis == "" {
		log.Fatal("usage: e2ebench -provider PATH -clis PATH[,PATH…] [-n 1,10,100]")
	}
	o.clis = strings.Split(clis, ",")
	for _, s := range strings.Split(ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			log.Fatalf("-n: %q is not a positive count", s)
		}
		o.ns = append(o.ns, n)
	}
	var cancel context.CancelFunc
	runCtx, cancel = context.WithTimeout(context.Background(), 30*time.Minute)
	err := run(o)
	cancel()
	if err != nil {
		log.Fatal(err)
	}
}

// runCtx bounds every command the benchmark runs: a hung CLI cannot hang make bench.
var runCtx = context.Background()

type result struct {
	n                 int
	elapsed, floor    time.Duration
	conns, tokenCalls int
}

func run(o options) error {
	work, err := os.MkdirTemp("", "wechat-e2ebench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	binDir := filepath.Join(work, "bin")
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return err
	}
	if err := copyFile(o.provider, filepath.Join(binDir, "terraform-provider-wechat")); err != nil {
		return err
	}
	rc := filepath.Join(work, "cli.tfrc")
	overrides := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/wxops/wechat\" = %q\n    \"registry.opentofu.org/wxops/wechat\" = %q\n  }\n  direct {}\n}\n", binDir, binDir)
	if err := os.WriteFile(rc, []byte(overrides), 0o600); err != nil {
		return err
	}

	fmt.Printf("latency %v per answer, %v per new connection, median of %d runs, parallelism %d\n\n",
		o.latency, o.connectDelay, o.runs, parallelism)
	fmt.Printf("%-20s %5s %9s %9s %7s %6s %7s  %s\n", "CLI", "reads", "time", "floor", "ratio", "conns", "tokens", "targets")
	allMet := true
	for _, cli := range o.clis {
		name := cliName(cli)
		base, _, err := measure(work, rc, cli, 1, 0, 0, o.runs)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, n := range o.ns {
			r := result{n: n}
			var err error
			r.elapsed, r.conns, err = measureCounts(work, rc, cli, n, o, &r.tokenCalls)
			if err != nil {
				return fmt.Errorf("%s, %d reads: %w", name, n, err)
			}
			rounds := (n + parallelism - 1) / parallelism
			r.floor = base.elapsed + (o.connectDelay + o.latency) + time.Duration(rounds)*o.latency + o.connectDelay
			ratio := float64(r.elapsed) / float64(r.floor)
			verdict := "ok"
			if ratio > 1.15 || r.conns > 12 || r.tokenCalls != 1 {
				verdict, allMet = "MISSED", false
			}
			fmt.Printf("%-20s %5d %9s %9s %6.2fx %6d %7d  %s\n", name, n, ms(r.elapsed), ms(r.floor), ratio, r.conns, r.tokenCalls, verdict)
		}
		startup, rss, err := startupAndMemory(work, cli, o)
		if err != nil {
			return fmt.Errorf("%s: start-up: %w", name, err)
		}
		fmt.Printf("%-20s provider ready to serve after %s; peak RSS %.1f MiB after %d reads\n\n", "", ms(startup), float64(rss)/1024, o.ns[len(o.ns)-1])
	}
	// A benchmark reports; it does not gate. Timings on a busy machine swing.
	verdict := "all met"
	if !allMet {
		verdict = "MISSED on this run (rerun on an idle machine before drawing conclusions)"
	}
	fmt.Printf("targets: ratio <= 1.15x, at most 12 connections, exactly 1 token call: %s\n", verdict)
	return nil
}

type sample struct {
	elapsed           time.Duration
	conns, tokenCalls int
}

// measureCounts runs the plan against a mock with the link's delays.
func measureCounts(work, rc, cli string, n int, o options, tokenCalls *int) (time.Duration, int, error) {
	s, all, err := measure(work, rc, cli, n, o.latency, o.connectDelay, o.runs)
	if err != nil {
		return 0, 0, err
	}
	// Counts are per run; report the worst run.
	conns := 0
	for _, x := range all {
		conns = max(conns, x.conns)
		*tokenCalls = max(*tokenCalls, x.tokenCalls)
	}
	return s.elapsed, conns, nil
}

// measure runs `plan` runs times and returns the median run and all runs.
func measure(work, rc, cli string, n int, latency, connectDelay time.Duration, runs int) (sample, []sample, error) {
	dir := filepath.Join(work, fmt.Sprintf("n%d", n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sample{}, nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(n)), 0o600); err != nil {
		return sample{}, nil, err
	}
	var all []sample
	for range runs {
		m := wechatmock.NewSeeded()
		m.SetLatency(latency)
		m.SetConnectDelay(connectDelay)
		url := m.Start()

		cmd := exec.CommandContext(runCtx, cli, "plan", "-input=false", "-no-color", "-lock=false")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
			"WECHAT_APPID="+appID, "WECHAT_SECRET="+secret, "WECHAT_BASE_URL="+url)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		elapsed := time.Since(start)
		s := sample{elapsed: elapsed, conns: m.Connections(), tokenCalls: m.TokenCalls()}
		reads := m.Calls(wechatmock.PathGrayReleasePlan)
		m.Close()
		if err != nil {
			return sample{}, nil, fmt.Errorf("plan: %w\n%s", err, out)
		}
		if reads != n {
			return sample{}, nil, fmt.Errorf("plan made %d reads, want %d", reads, n)
		}
		all = append(all, s)
	}
	sorted := slices.Clone(all)
	slices.SortFunc(sorted, func(a, b sample) int { return int(a.elapsed - b.elapsed) })
	return sorted[len(sorted)/2], all, nil
}

func config(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    wechat = { source = "wxops/wechat" }
  }
}
provider "wechat" {}
data "wechat_gray_release_plan" "app" {
  count = %d
}
`, n)
}

var reattachLine = regexp.MustCompile(`TF_REATTACH_PROVIDERS='(.*)'`)

// startupAndMemory starts the provider as a debug server (so this program
// is its parent), times it to ready, runs the largest plan against it, and
// reads its peak resident memory.
func startupAndMemory(work, cli string, o options) (time.Duration, int, error) {
	m := wechatmock.NewSeeded()
	url := m.Start()
	defer m.Close()

	ctx, cancel := context.WithCancel(runCtx)
	defer cancel()
	p := exec.CommandContext(ctx, o.provider, "-debug")
	// A debug provider reads its environment itself, not through the CLI.
	p.Env = append(os.Environ(), "WECHAT_APPID="+appID, "WECHAT_SECRET="+secret, "WECHAT_BASE_URL="+url)
	stdout, err := p.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	start := time.Now()
	if err := p.Start(); err != nil {
		return 0, 0, err
	}
	defer func() { _ = p.Process.Kill(); _ = p.Wait() }()
	var reattach string
	scanner := bufio.NewScanner(stdout)
	for scanner.Scan() {
		if m := reattachLine.FindStringSubmatch(scanner.Text()); m != nil {
			reattach = m[1]
			break
		}
	}
	startup := time.Since(start)
	if reattach == "" {
		return 0, 0, fmt.Errorf("the provider printed no TF_REATTACH_PROVIDERS line")
	}
	go func() { // keep the pipe drained
		for scanner.Scan() {
		}
	}()
	if strings.Contains(filepath.Base(cli), "tofu") {
		reattach = strings.ReplaceAll(reattach, "registry.terraform.io/", "registry.opentofu.org/")
	}

	n := o.ns[len(o.ns)-1]
	dir := filepath.Join(work, "memory")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, 0, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config(n)), 0o600); err != nil {
		return 0, 0, err
	}
	empty := filepath.Join(work, "empty.tfrc")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		return 0, 0, err
	}
	cmd := exec.CommandContext(runCtx, cli, "plan", "-input=false", "-no-color", "-lock=false")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+empty, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"TF_REATTACH_PROVIDERS="+reattach)
	if out, err := cmd.CombinedOutput(); err != nil {
		return 0, 0, fmt.Errorf("plan against the debug provider: %w\n%s", err, out)
	}
	rss, err := peakRSSKiB(p.Process.Pid)
	if cpu, err := cpuTime(p.Process.Pid); err == nil {
		fmt.Printf("%-20s provider CPU for %d reads: %s\n", "", n, ms(cpu))
	}
	return startup, rss, err
}

// cpuTime is the user and system CPU a process has used, from /proc.
func cpuTime(pid int) (time.Duration, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	if len(fields) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	utime, _ := strconv.Atoi(fields[11])
	stime, _ := strconv.Atoi(fields[12])
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil // USER_HZ is 100 on Linux
}

// peakRSSKiB reads VmHWM, the process's peak resident set, from /proc.
func peakRSSKiB(pid int) (int, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(status), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}

func cliName(cli string) string {
	out, err := exec.CommandContext(runCtx, cli, "version", "-json").Output()
	if err != nil {
		return filepath.Base(cli)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if json.Unmarshal(out, &v) != nil {
		return filepath.Base(cli)
	}
	name := "terraform"
	if strings.Contains(filepath.Base(cli), "tofu") {
		name = "tofu"
	}
	return name + " " + v.Version
}

func ms(d time.Duration) string { return fmt.Sprintf("%dms", d.Milliseconds()) }

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}
