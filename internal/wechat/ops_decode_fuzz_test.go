package wechat

import "testing"

// FuzzDecodeOps feeds arbitrary bodies through the decoding of the five
// ops answers. None may panic, and what they accept must hold no value a
// gate could misread: negative counts, times that do not format.
func FuzzDecodeOps(f *testing.F) {
	for _, seed := range []string{
		`{"errcode":0,"data":[{"errorMsg":"e","uv":3,"pv":"7","uvPercent":"1.1%","pvPercent":2}],"totalCount":1,"success":true}`,
		`{"errcode":0,"data":{"list":[{"level":6,"timestamp":1700000000,"msg":[{"time":1,"msg":{"a":[1]},"level":2}]}],"total":"1"}}`,
		`{"errcode":0,"data":{"list":[{"msg":[{"msg":["a","b"]}]}],"total":1}}`,
		`{"requestdomain":["https://a.example.com"],"bizdomain":null}`,
		`{"list":[{"ref_date":"20210912","session_cnt":"1082","stay_time_uv":86.0586}]}`,
		`{"list":[]}`,
		`{"quota":{"daily_limit":1,"rate_limit":{"call_count":"1"}},"component_rate_limit":{"refresh_second":60}}`,
		`{"errcode":61501,"errmsg":"date range error rid: 1"}`,
		`{"data":[{"pvPercent":"%"}]}`,
		`{"data":{"list":[{"timestamp":-1}]}}`,
		`{"quota":[]}`,
		`{"data":"x"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzJSErr(t, body)
		fuzzRealtimeLog(t, body)
		var d domainAnswer
		_ = decodeAnswer(PathDomainInfo, body, &d)
		_ = d.hasPayload()
		fuzzVisitTrend(t, body)
		fuzzQuota(t, body)
	})
}

func fuzzJSErr(t *testing.T, body []byte) {
	var a jsErrAnswer
	if decodeAnswer(PathJSErrList, body, &a) != nil {
		return
	}
	p, err := a.toPage()
	if err != nil {
		return
	}
	if p.total != nil && *p.total < 0 {
		t.Errorf("accepted totalCount %d", *p.total)
	}
	for _, e := range p.errors {
		if (e.PV != nil && *e.PV < 0) || (e.UV != nil && *e.UV < 0) {
			t.Errorf("accepted negative count %+v", e)
		}
	}
}

func fuzzRealtimeLog(t *testing.T, body []byte) {
	var a realtimeLogAnswer
	if decodeAnswer(PathRealtimeLogSearch, body, &a) != nil {
		return
	}
	p, err := a.toPage()
	if err != nil {
		return
	}
	for _, e := range p.Entries {
		if e.Time != nil && e.Time.Year() > 9999 {
			t.Errorf("accepted time %v", e.Time)
		}
		for _, m := range e.Messages {
			if m.Time != nil && m.Time.Year() > 9999 {
				t.Errorf("accepted message time %v", m.Time)
			}
		}
	}
}

func fuzzVisitTrend(t *testing.T, body []byte) {
	var a visitTrendAnswer
	if decodeAnswer(PathDailyVisitTrend, body, &a) != nil {
		return
	}
	v, err := a.toTrend("20210912")
	if err != nil || v == nil {
		return
	}
	for _, n := range []*int64{v.SessionCnt, v.VisitPV, v.VisitUV, v.VisitUVNew} {
		if n != nil && *n < 0 {
			t.Errorf("accepted negative count %d", *n)
		}
	}
}

func fuzzQuota(t *testing.T, body []byte) {
	var a quotaAnswer
	if decodeAnswer(PathAPIQuota, body, &a) != nil {
		return
	}
	q, err := a.toQuota()
	if err != nil {
		return
	}
	for _, n := range []*int64{q.DailyLimit, q.Used, q.Remain} {
		if n != nil && *n < 0 {
			t.Errorf("accepted negative quota %d", *n)
		}
	}
}
