package main

import (
	"errors"
	"flag"
	"strconv"
	"strings"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// figureFlags override the scenario's figures, one flag per figure an
// example's gate compares, so that a user can push a gate over its
// threshold and back. A flag left out keeps the scenario's figure.
type figureFlags struct {
	set []func(*wechatmock.Figures)
}

func (ff *figureFlags) register(fs *flag.FlagSet) {
	count := func(name, usage string, into func(*wechatmock.Figures, int64)) {
		fs.Func(name, usage, func(s string) error {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n < 0 {
				return errors.New("want a whole number, 0 or more")
			}
			ff.set = append(ff.set, func(f *wechatmock.Figures) { into(f, n) })
			return nil
		})
	}
	count("js-errors", "`N` JS error occurrences today of 1.4.2, and of 2.4.0 where it waits for release (the examples hold a deploy or a raise above 50; healthy 7, unhealthy 240)",
		func(f *wechatmock.Figures, n int64) { f.JSErrors = n })
	count("error-logs", "`N` page visits that logged errors in the last 30 minutes (the examples warn above 3; healthy 1, unhealthy 12)",
		func(f *wechatmock.Figures, n int64) { f.ErrorLogs = int(n) })
	count("visitors", "`N` visitors yesterday (the examples warn under 500; healthy 640, unhealthy 310)",
		func(f *wechatmock.Figures, n int64) { f.Visitors = n })
	count("quota-remain", "`N` calls left today of each API's daily quota of 10000 (the examples warn under a fifth; healthy 9876, unhealthy 37)",
		func(f *wechatmock.Figures, n int64) { f.QuotaRemain = n })
	fs.Func("request-domains", "comma-separated request `domains` (the examples deploy to https://api-next.example.com and https://api.example.com)", func(s string) error {
		var domains []string
		for _, d := range strings.Split(s, ",") {
			if d = strings.TrimSpace(d); d != "" {
				domains = append(domains, d)
			}
		}
		ff.set = append(ff.set, func(f *wechatmock.Figures) { f.RequestDomains = domains })
		return nil
	})
	fs.Func("live-version", "the live `version` (the examples expect 1.4.2; unhealthy 1.4.1)", func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("want a version such as 1.4.2")
		}
		ff.set = append(ff.set, func(f *wechatmock.Figures) { f.LiveVersion = s })
		return nil
	})
}

// apply sets the figures given on the command line, in their order.
func (ff *figureFlags) apply(f *wechatmock.Figures) {
	for _, set := range ff.set {
		set(f)
	}
}

// registerReleaseFlags switch the release writes between the answers WeChat
// does not document, so that a user can watch wechat_release handle each.
func registerReleaseFlags(fs *flag.FlagSet, o *wechatmock.ReleaseOptions) {
	fs.BoolVar(&o.ReleaseRefusedWhileStaged, "release-refused-while-staged", false,
		"answer /wxa/release with 85020 while a staged release runs (default: accepted, the version goes live)")
	fs.BoolVar(&o.GrayFullFinishes, "gray-full-finishes", false,
		"a staged release raised to 100 % finishes by itself (default: it stays running at 100 %)")
	fs.BoolVar(&o.VersionInfoShowsStaged, "version-info-shows-staged", false,
		"getversioninfo names the staged version as live while a staged release runs (default: the version everyone else runs)")
	fs.BoolVar(&o.RaiseWhileNewerAudit, "raise-while-newer-audit", false,
		"a running staged release can be raised while a newer version's audit is pending (default: refused with 85080)")
}
