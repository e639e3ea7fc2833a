package wechatmock_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

// world serves a scenario as the mock command does, at a clock the test
// can move.
type world struct {
	t    *testing.T
	base string
	mu   sync.Mutex
	now  time.Time
}

func startWorld(t *testing.T, sc wechatmock.Scenario, now time.Time) *world {
	t.Helper()
	w := &world{t: t, now: now}
	m := wechatmock.New()
	m.SetClock(func() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now })
	sc.Seed(m)
	w.base = m.Start()
	t.Cleanup(m.Close)
	return w
}

func (w *world) setNow(now time.Time) { w.mu.Lock(); w.now = now; w.mu.Unlock() }

func scenario(t *testing.T, name string) wechatmock.Scenario {
	t.Helper()
	sc, err := wechatmock.LookupScenario(name)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// call sends a request with token, as the provider would.
func (w *world) call(token, method, path string, query url.Values, body string) map[string]any {
	w.t.Helper()
	if query == nil {
		query = url.Values{}
	}
	query.Set("access_token", token)
	return raw(w.t, method, w.base+path+"?"+query.Encode(), body)
}

// gateFigures reads what the examples' gates compare for appID, as their
// data sources ask for it at w.now.
func (w *world) gateFigures(token string) wechatmock.Figures {
	w.t.Helper()
	today := w.now.In(beijing)
	var f wechatmock.Figures
	errs := w.call(token, http.MethodPost, wechatmock.PathJSErrList, nil, fmt.Sprintf(`{"appVersion":%q,"errType":"0","startTime":%q,"endTime":%[2]q,
		"keyword":"","openid":"","orderby":"pv","desc":"1","offset":0,"limit":30}`, wechatmock.ExampleVersion, today.Format("2006-01-02")))
	for _, e := range list(w.t, errs["data"]) {
		f.JSErrors += num(w.t, e["pv"])
	}
	begin := w.now.Add(-30 * time.Minute)
	if midnight := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, beijing); begin.Before(midnight) {
		begin = midnight
	}
	logs := w.call(token, http.MethodGet, wechatmock.PathRealtimeLogSearch, logQuery(begin.In(beijing), w.now, "level", "8", "filterMsg", "v1.4.2"), "")
	f.ErrorLogs = int(num(w.t, obj(w.t, logs["data"])["total"]))
	yesterday := today.AddDate(0, 0, -1).Format("20060102")
	visits := w.call(token, http.MethodPost, wechatmock.PathDailyVisitTrend, nil, fmt.Sprintf(`{"begin_date":%q,"end_date":%[1]q}`, yesterday))
	if days := list(w.t, visits["list"]); len(days) == 1 {
		f.Visitors = num(w.t, days[0]["visit_uv"])
	}
	quota := w.call(token, http.MethodPost, wechatmock.PathAPIQuota, nil, `{"cgi_path":"/wxaapi/log/jserr_list"}`)
	f.QuotaRemain = num(w.t, obj(w.t, quota["quota"])["remain"])
	domains := w.call(token, http.MethodPost, wechatmock.PathDomainInfo, nil, `{"action":"getserverdomain"}`)
	listed, _ := domains["requestdomain"].([]any) // absent: none, which the comparison reports
	for _, d := range listed {
		f.RequestDomains = append(f.RequestDomains, fmt.Sprint(d))
	}
	return f
}

// num reads a JSON number.
func num(t *testing.T, v any) int64 {
	t.Helper()
	n, ok := v.(float64)
	if !ok {
		t.Fatalf("%v is not a number", v)
	}
	return int64(n)
}

var beijing = time.FixedZone("UTC+8", 8*3600)

// The figures each scenario promises are what the data sources read, for
// the shop through its own ready token and through the platform's token.
func TestSeed_servesTheScenarioFigures(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, beijing)
	for _, name := range []string{"healthy", "unhealthy", "platform", "paused"} {
		t.Run(name, func(t *testing.T) {
			sc := scenario(t, name)
			w := startWorld(t, sc, now)
			want := sc.Figures
			want.LiveVersion, want.Audit = "", wechatmock.Audit{}
			for _, tok := range []string{wechatmock.FixtureReadyToken, wechatmock.PlatformToken(appID)} {
				if got := w.gateFigures(tok); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("with %s…: read %+v, want %+v", tok[:8], got, want)
				}
			}
			info := w.call(wechatmock.PlatformToken(appID), http.MethodPost, wechatmock.PathVersionInfo, nil, "{}")
			audit := w.call(wechatmock.PlatformToken(appID), http.MethodGet, wechatmock.PathLatestAuditStatus, nil, "")
			if got := obj(t, info["release_info"])["release_version"]; got != sc.Figures.LiveVersion {
				t.Errorf("live version %v, want %s", got, sc.Figures.LiveVersion)
			}
			if audit["user_version"] != sc.Figures.Audit.Version || audit["status"] != float64(sc.Figures.Audit.Status) {
				t.Errorf("latest audit %v, want %+v", audit, sc.Figures.Audit)
			}
		})
	}
}

// Each healthy figure passes the examples' gate and each unhealthy one
// trips it, well clear of the threshold, so a flag can push either way.
func TestSeed_figuresAgainstTheExamplesThresholds(t *testing.T) {
	h, u := wechatmock.HealthyFigures(), wechatmock.UnhealthyFigures()
	checks := []struct {
		gate             string
		passes, trips    bool
		healthy, unhappy any
	}{
		{"JS errors <= 50", h.JSErrors <= 50, u.JSErrors > 2*50, h.JSErrors, u.JSErrors},
		{"error logs <= 3", h.ErrorLogs <= 3, u.ErrorLogs > 2*3, h.ErrorLogs, u.ErrorLogs},
		{"visitors >= 500", h.Visitors >= 500, u.Visitors < 500*2/3, h.Visitors, u.Visitors},
		{"quota remain >= 20 %", h.QuotaRemain >= wechatmock.QuotaDailyLimit/5, u.QuotaRemain < wechatmock.QuotaDailyLimit/100, h.QuotaRemain, u.QuotaRemain},
		{"api-next.example.com allowed", slices.Contains(h.RequestDomains, "https://api-next.example.com"),
			!slices.Contains(u.RequestDomains, "https://api-next.example.com"), h.RequestDomains, u.RequestDomains},
		{"api.example.com allowed in both", slices.Contains(h.RequestDomains, "https://api.example.com"),
			slices.Contains(u.RequestDomains, "https://api.example.com"), h.RequestDomains, u.RequestDomains},
		{"1.4.2 live", h.LiveVersion == "1.4.2", u.LiveVersion != "1.4.2", h.LiveVersion, u.LiveVersion},
		{"audit not rejected", h.Audit.Status != 1, u.Audit.Status == 1 && u.Audit.Reason != "", h.Audit, u.Audit},
	}
	for _, c := range checks {
		if !c.passes || !c.trips {
			t.Errorf("%s: healthy %v must pass and unhealthy %v trip it", c.gate, c.healthy, c.unhappy)
		}
	}
}

// A mock left running keeps its figures true: today's errors are
// today's, logs stay within the last 30 minutes, visits are yesterday's,
// and no log falls before midnight in Beijing (WeChat's day).
func TestSeed_followsTheClock(t *testing.T) {
	sc := scenario(t, "unhealthy")
	start := time.Date(2026, 3, 2, 10, 0, 0, 0, beijing)
	w := startWorld(t, sc, start)
	want := fmt.Sprint(w.gateFigures(wechatmock.FixtureReadyToken))
	for _, later := range []time.Time{
		start.Add(26 * time.Hour),                      // another day, any hour
		time.Date(2026, 3, 4, 0, 0, 30, 0, beijing),    // 30 s after midnight
		time.Date(2026, 3, 4, 23, 59, 59, 0, beijing),  // the day's last second
		time.Date(2026, 3, 5, 0, 20, 0, 0, time.UTC),   // 08:20 in Beijing
		time.Date(2026, 3, 5, 16, 10, 0, 0, time.UTC),  // 00:10 on the 6th in Beijing
		time.Date(2026, 3, 5, 15, 59, 59, 0, time.UTC), // 23:59:59 in Beijing
	} {
		w.setNow(later)
		if got := fmt.Sprint(w.gateFigures(wechatmock.FixtureReadyToken)); got != want {
			t.Errorf("at %s: %s, want %s", later.In(beijing), got, want)
		}
	}
}

func TestSeed_platformFleet(t *testing.T) {
	sc := scenario(t, "platform")
	w := startWorld(t, sc, time.Date(2026, 3, 2, 10, 0, 0, 0, beijing))
	listed := raw(t, http.MethodPost, w.base+wechatmock.PathAuthorizerList+"?component_access_token="+
		url.QueryEscape(wechatmock.PlatformToken(wechatmock.FixtureComponentAppID)),
		fmt.Sprintf(`{"component_appid":%q,"offset":0,"count":500}`, wechatmock.FixtureComponentAppID))
	var appids []string
	for _, a := range list(t, listed["list"]) {
		appids = append(appids, fmt.Sprint(a["authorizer_appid"]))
	}
	if fleet := wechatmock.FixtureFleet(); !slices.Equal(appids, fleet) || len(fleet) != 12 {
		t.Fatalf("authorizers %v, want the 12 of %v", appids, fleet)
	}
	for _, id := range appids {
		tok := wechatmock.PlatformToken(id)
		p := plan(t, w.base, tok)
		wantStatus, wantPct := 3.0, 100.0
		if id == wechatmock.PausedFleetApp {
			wantStatus, wantPct = 2, 30
		}
		if p.ErrCode != 0 || p.Plan["status"] != wantStatus || p.Plan["gray_percentage"] != wantPct {
			t.Errorf("%s: plan %+v, want status %v at %v %%", id, p, wantStatus, wantPct)
		}
		if got := w.gateFigures(tok); got.JSErrors != 7 || got.QuotaRemain != 9876 {
			t.Errorf("%s: ops figures %+v, want healthy ones", id, got)
		}
		audit := w.call(tok, http.MethodGet, wechatmock.PathLatestAuditStatus, nil, "")
		live := obj(t, w.call(tok, http.MethodPost, wechatmock.PathVersionInfo, nil, "{}")["release_info"])["release_version"]
		waiting := audit["user_version"] != live
		if waiting != (id == appID) || audit["status"] != 0.0 {
			t.Errorf("%s: latest audit %v over live %v; only the shop has an approved version waiting", id, audit, live)
		}
	}
}

// Every scenario seeds: the shop's plan is the scenario's, its faults
// stand, and the platform answers in each.
func TestSeed_everyScenario(t *testing.T) {
	for _, name := range wechatmock.ScenarioNames() {
		sc := scenario(t, name)
		w := startWorld(t, sc, time.Now())
		a := w.call(wechatmock.PlatformToken(wechatmock.FixtureBlogAppID), http.MethodPost, wechatmock.PathVersionInfo, nil, "{}")
		if tpErrcode(a) != 0 || !strings.HasPrefix(fmt.Sprint(obj(t, a["release_info"])["release_version"]), "2.0.3") {
			t.Errorf("%s: the blog's version info %v", name, a)
		}
		if sc.Kind == wechatmock.KindFault {
			continue
		}
		if p := plan(t, w.base, wechatmock.FixtureReadyToken); fmt.Sprint(p.Plan) != fmt.Sprint(roundTrip(t, sc.Plan)) {
			t.Errorf("%s: the shop's plan %v, want %v", name, p.Plan, sc.Plan)
		}
	}
}
