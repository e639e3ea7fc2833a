package wechatmock_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wxops/terraform-provider-wechat/internal/wechatmock"
)

func TestScenarioNamesAreUniqueAndFound(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range wechatmock.ScenarioNames() {
		if seen[name] {
			t.Errorf("scenario %q is listed twice", name)
		}
		seen[name] = true
		if sc, err := wechatmock.LookupScenario(name); err != nil || sc.Name != name || sc.About == "" {
			t.Errorf("LookupScenario(%q) = %+v, %v", name, sc, err)
		}
	}
	if _, err := wechatmock.LookupScenario("nope"); err == nil || !strings.Contains(err.Error(), "paused") {
		t.Errorf("an unknown name must fail and list the scenarios, got %v", err)
	}
}

func TestScenarioPlansAreServed(t *testing.T) {
	m, base := start(t)
	tok := stableToken(t, base, false).AccessToken
	for _, name := range wechatmock.ScenarioNames() {
		sc, _ := wechatmock.LookupScenario(name)
		if len(sc.Faults) > 0 {
			continue
		}
		sc.Apply(m, appID)
		want := roundTrip(t, sc.Plan)
		if got := plan(t, base, tok); got.ErrCode != 0 || !reflect.DeepEqual(got.Plan, want) {
			t.Errorf("%s: got %+v, want plan %v", name, got, want)
		}
	}
}

// TestScenarioFaultsLast checks that a fault scenario spoils every request
// to its path, not just the first, and that the next scenario ends it.
func TestScenarioFaultsLast(t *testing.T) {
	m, base := start(t)
	tok := stableToken(t, base, false).AccessToken
	client := &http.Client{Timeout: 300 * time.Millisecond}
	for _, name := range wechatmock.ScenarioNames() {
		sc, _ := wechatmock.LookupScenario(name)
		if len(sc.Faults) == 0 {
			continue
		}
		sc.Apply(m, appID)
		for path := range sc.Faults {
			for i := range 2 {
				if ok, answer := normalAnswer(t, client, base, path, tok); ok {
					t.Errorf("%s: request %d to %s was answered normally: %s", name, i+1, path, answer)
				}
			}
		}
		running, _ := wechatmock.LookupScenario("running")
		running.Apply(m, appID)
		for path := range sc.Faults {
			if ok, answer := normalAnswer(t, client, base, path, tok); !ok {
				t.Errorf("after %s, running: %s still faulty: %s", name, path, answer)
			}
		}
	}
}

// normalAnswer requests path as a client would and reports whether the
// answer is the fault-free one: HTTP 200, JSON, errcode 0, the seed's
// percentage for the plan query.
func normalAnswer(t *testing.T, client *http.Client, base, path, tok string) (bool, string) {
	t.Helper()
	method, target, body := http.MethodGet, base+path+"?access_token="+url.QueryEscape(tok), ""
	switch path {
	case wechatmock.PathStableToken:
		method, target = http.MethodPost, base+path
		body = `{"grant_type":"client_credential","appid":"` + appID + `","secret":"` + secret + `"}`
	case wechatmock.PathToken:
		target = base + path + "?" + url.Values{"grant_type": {"client_credential"}, "appid": {appID}, "secret": {secret}}.Encode()
	}
	req, err := http.NewRequestWithContext(t.Context(), method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return false, err.Error()
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return false, err.Error()
	}
	var a answer
	if resp.StatusCode != http.StatusOK || json.Unmarshal(raw, &a) != nil || a.ErrCode != 0 {
		return false, string(raw)
	}
	if path == wechatmock.PathGrayReleasePlan && a.Plan["gray_percentage"] != 8.0 {
		return false, string(raw)
	}
	return true, string(raw)
}

// roundTrip is v as a JSON client decodes it.
func roundTrip(t *testing.T, v map[string]any) map[string]any {
	t.Helper()
	if v == nil {
		return nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
