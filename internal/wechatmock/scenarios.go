package wechatmock

import (
	"fmt"
	"maps"
	"strings"
	"time"
)

// Scenario is a named state of the examples' mini program (the shop,
// FixtureAppID): the plan its answers carry, the figures its health gates
// compare, the faults that answer every request to a path, and the state
// of the platform's fleet. The mock command serves one (-scenario); tests
// use them as fixtures, one per state a user may meet.
type Scenario struct {
	Name  string
	Kind  string         // KindHealth, KindPlatform, KindPlan or KindFault
	About string         // one line, for -help and the command's banner
	Plan  map[string]any // nil: answers carry no gray_release_plan
	// Faults answer every request to their path, however often retried.
	Faults map[string]Fault
	// Figures are the shop's ops figures, versions and audit:
	// HealthyFigures unless the scenario is about them.
	Figures Figures
	// FleetPlans replace the finished plans of other mini programs of
	// the platform, by appid.
	FleetPlans map[string]map[string]any
	// FleetWaiting, when set, is a version approved and waiting to be
	// released in every other mini program of the platform, over its own
	// live version.
	FleetWaiting string

	figures func() Figures // nil: HealthyFigures
}

// The kinds of scenario, in the order ScenarioNames lists them.
const (
	KindHealth   = "health"   // what the examples' gates compare
	KindPlatform = "platform" // the third-party platform's fleet
	KindPlan     = "plan"     // a state of the staged release
	KindFault    = "fault"    // a failure on every call of a kind
)

// Apply gives appID the scenario's plan and sets its faults on s, ending
// those of a scenario applied before.
func (sc Scenario) Apply(s *Server, appID string) {
	s.SetPlan(appID, maps.Clone(sc.Plan))
	for _, path := range []string{PathGrayReleasePlan, PathStableToken, PathToken} {
		if f, ok := sc.Faults[path]; ok {
			s.SetStandingFault(path, &f)
		} else {
			s.SetStandingFault(path, nil)
		}
	}
}

// withPlan is the seed plan with some fields replaced; a nil value drops
// the field.
func withPlan(fields map[string]any) map[string]any {
	p := SeedPlan()
	for k, v := range fields {
		if v == nil {
			delete(p, k)
		} else {
			p[k] = v
		}
	}
	return p
}

// onPlan and onTokens place a fault on the plan query, or on both token
// endpoints (where WeChat checks the IP whitelist and the secret).
func onPlan(f Fault) map[string]Fault { return map[string]Fault{PathGrayReleasePlan: f} }

func onTokens(f Fault) map[string]Fault {
	return map[string]Fault{PathStableToken: f, PathToken: f}
}

// PausedFleetApp is the mini program of the platform scenario's fleet
// whose staged release is paused.
const PausedFleetApp = "wx00000000000000a3"

// WaitingVersion is the shop's version that the platform scenario has
// approved and waiting to be released.
const WaitingVersion = "2.4.0"

// platformFigures are healthy, with WaitingVersion approved over the live
// ExampleVersion.
func platformFigures() Figures {
	f := HealthyFigures()
	f.Audit = Audit{Version: WaitingVersion}
	return f
}

var finishedPlan = map[string]any{"status": 3, "gray_percentage": 100}

// scenarios, in the order ScenarioNames lists them: health, the platform,
// every plan status, then the faults the tests inject.
var scenarios = []Scenario{
	{Name: "healthy", Kind: KindHealth, About: "rollout finished, 1.4.2 live with a handful of JS errors, ample quota: every gate of the examples passes",
		Plan: withPlan(finishedPlan)},
	{Name: "unhealthy", Kind: KindHealth, About: "1.4.2 rolling out at 30 % with errors well over the gates, its hotfix rejected, quota nearly spent: every gate trips",
		Plan: withPlan(map[string]any{"status": 1, "gray_percentage": 30}), figures: UnhealthyFigures},
	{Name: "platform", Kind: KindPlatform, About: "the platform's fleet: " + PausedFleetApp + " paused at 30 %, the shop's " + WaitingVersion + " approved and waiting to be released",
		Plan: withPlan(finishedPlan), figures: platformFigures,
		FleetPlans: map[string]map[string]any{PausedFleetApp: withPlan(map[string]any{"status": 2, "gray_percentage": 30})}},
	{Name: "staged", Kind: KindPlatform, About: "the platform, with the shop's " + WaitingVersion + " rolling out at 30 % over 1.4.2, as if started in WeChat's console: import it, raise it",
		Plan: withPlan(map[string]any{"status": 1, "gray_percentage": 30}), figures: platformFigures},
	{Name: "fleet-rollout", Kind: KindPlatform, About: "every mini program of the platform has " + WaitingVersion + " approved and waiting over its own live version: a fleet raised in one apply",
		Plan: withPlan(finishedPlan), figures: platformFigures, FleetWaiting: WaitingVersion},

	{Name: "running", About: "staged release running at 8 % (the seed page's example)", Plan: SeedPlan()},
	{Name: "running-100", About: "staged release running, at 100 %", Plan: withPlan(map[string]any{"gray_percentage": 100})},
	{Name: "initial", About: "staged release created, not started", Plan: withPlan(map[string]any{"status": 0, "gray_percentage": 0})},
	{Name: "paused", About: "staged release paused at 30 %", Plan: withPlan(map[string]any{"status": 2, "gray_percentage": 30})},
	{Name: "finished", About: "staged release finished: everyone has the new version", Plan: withPlan(map[string]any{"status": 3, "gray_percentage": 100})},
	{Name: "deleted", About: "staged release deleted (withdrawn) at 30 %", Plan: withPlan(map[string]any{"status": 4, "gray_percentage": 30})},
	{Name: "none", About: "the answer carries no plan", Plan: nil},
	{Name: "unknown", About: "a status number WeChat has not documented (7)", Plan: withPlan(map[string]any{"status": 7, "gray_percentage": 50})},
	{Name: "no-status", About: "a plan without status, at 100 %", Plan: withPlan(map[string]any{"status": nil, "gray_percentage": 100})},
	{Name: "empty-plan", About: "a plan with no fields at all", Plan: map[string]any{}},
	{Name: "newer-fields", About: "running at 20 % in the newer answer: no finish time, two booleans",
		Plan: withPlan(map[string]any{"gray_percentage": 20, "default_finish_timestamp": nil, "support_debuger_first": true, "support_experiencer_first": false})},

	{Name: "busy", About: "every plan call answers errcode -1 (system busy)", Plan: SeedPlan(),
		Faults: onPlan(Fault{ErrCode: -1, ErrMsg: "system error"})},
	{Name: "rate-limit", About: "every plan call answers 45011 (per-minute limit)", Plan: SeedPlan(),
		Faults: onPlan(Fault{ErrCode: 45011, ErrMsg: "api minute-quota reach limit  mustslower  retry next minute"})},
	{Name: "quota", About: "every plan call answers 45009 (daily quota used up)", Plan: SeedPlan(),
		Faults: onPlan(Fault{ErrCode: 45009, ErrMsg: "reach max api daily quota limit"})},
	{Name: "ip-whitelist", About: "the token calls answer 40164 (this IP is not whitelisted)", Plan: SeedPlan(),
		Faults: onTokens(Fault{ErrCode: 40164, ErrMsg: "invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist"})},
	{Name: "frozen-secret", About: "the token calls answer 40243 (AppSecret frozen)", Plan: SeedPlan(),
		Faults: onTokens(Fault{ErrCode: 40243, ErrMsg: "AppSecret已被冻结"})},
	{Name: "unauthorized", About: "every plan call answers 48001 (API not authorized)", Plan: SeedPlan(),
		Faults: onPlan(Fault{ErrCode: 48001, ErrMsg: "api unauthorized"})},
	{Name: "stale-token", About: "every plan call answers 40001, even with a fresh token", Plan: SeedPlan(),
		Faults: onPlan(Fault{ErrCode: 40001, ErrMsg: "invalid credential, access_token is invalid or not latest"})},
	{Name: "html-page", About: "every plan call answers a web server's HTML page", Plan: SeedPlan(),
		Faults: onPlan(Fault{Body: "<html><body>Welcome to nginx</body></html>"})},
	{Name: "http-404", About: "every plan call answers HTTP 404", Plan: SeedPlan(), Faults: onPlan(Fault{Status: 404})},
	{Name: "http-503", About: "every plan call answers HTTP 503", Plan: SeedPlan(), Faults: onPlan(Fault{Status: 503})},
	{Name: "hang", About: "plan calls get no answer (until request_timeout)", Plan: SeedPlan(), Faults: onPlan(Fault{Delay: time.Hour})},
	{Name: "hang-up", About: "plan calls get the connection closed without an answer", Plan: SeedPlan(), Faults: onPlan(Fault{HangUp: true})},
	{Name: "truncated", About: "plan answers stop short of their declared length", Plan: SeedPlan(), Faults: onPlan(Fault{Truncate: true})},
	{Name: "bad-percentage", About: "the plan says gray_percentage 250", Plan: SeedPlan(),
		Faults: onPlan(Fault{Body: `{"errcode":0,"errmsg":"ok","gray_release_plan":{"status":1,"gray_percentage":250}}`})},
}

// ScenarioNames lists every scenario: health, the platform, the plan
// states, then faults.
func ScenarioNames() []string {
	names := make([]string, len(scenarios))
	for i, sc := range scenarios {
		names[i] = sc.Name
	}
	return names
}

// LookupScenario returns the named scenario, with a plan, faults and
// figures of its own.
func LookupScenario(name string) (Scenario, error) {
	for _, sc := range scenarios {
		if sc.Name == name {
			sc.Plan = maps.Clone(sc.Plan)
			sc.Faults = maps.Clone(sc.Faults)
			sc.FleetPlans = maps.Clone(sc.FleetPlans)
			sc.Figures = HealthyFigures()
			if sc.figures != nil {
				sc.Figures = sc.figures()
			}
			switch {
			case sc.Kind != "":
			case len(sc.Faults) > 0:
				sc.Kind = KindFault
			default:
				sc.Kind = KindPlan
			}
			return sc, nil
		}
	}
	return Scenario{}, fmt.Errorf("no scenario %q; there are: %s", name, strings.Join(ScenarioNames(), ", "))
}
