package wechat

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// PathGrayReleasePlan is the staged-release query.
const PathGrayReleasePlan = "/wxa/getgrayreleaseplan"

// Plan statuses as WeChat numbers them.
const (
	StatusInitial  = 0
	StatusRunning  = 1
	StatusPaused   = 2
	StatusFinished = 3
	StatusDeleted  = 4
)

// Status names; "none" and "unknown" are the client's, not WeChat's.
const (
	StatusNameNone    = "none"
	StatusNameUnknown = "unknown"
)

var statusNames = map[int64]string{
	StatusInitial:  "initial",
	StatusRunning:  "running",
	StatusPaused:   "paused",
	StatusFinished: "finished",
	StatusDeleted:  "deleted",
}

// StatusNames lists the names StatusName can return, in status order.
func StatusNames() []string {
	return []string{"initial", "running", "paused", "finished", "deleted", StatusNameUnknown, StatusNameNone}
}

// GrayReleasePlan is a mini program's staged release. WeChat may leave out
// any field (newer versions drop default_finish_timestamp and add the two
// booleans), so each is a pointer: nil means WeChat did not say.
type GrayReleasePlan struct {
	Status                  *int64
	GrayPercentage          *int64
	CreateTime              *time.Time
	DefaultFinishTime       *time.Time
	SupportDebugerFirst     *bool
	SupportExperiencerFirst *bool
}

// StatusName names p's status: "running", "paused" and so on, "unknown" for
// a number WeChat has not documented, and "none" for a nil plan.
func (p *GrayReleasePlan) StatusName() string {
	if p == nil {
		return StatusNameNone
	}
	if p.Status == nil {
		return StatusNameUnknown
	}
	if name, ok := statusNames[*p.Status]; ok {
		return name
	}
	return StatusNameUnknown
}

// GetGrayReleasePlan returns the app's current staged release. It returns
// a nil plan and no error when WeChat's answer (errcode 0) carries no plan;
// an answer with neither errcode nor plan is not WeChat's, and an error
// (a BadResponseError with NotWeChat set).
func (c *Client) GetGrayReleasePlan(ctx context.Context) (*GrayReleasePlan, error) {
	resp, err := callWithToken[planAnswer](ctx, c, request{method: http.MethodGet, path: PathGrayReleasePlan})
	if err != nil {
		return nil, err
	}
	return resp.Plan.toPlan()
}

// planAnswer is the answer of /wxa/getgrayreleaseplan. A plan that is null,
// absent or not an object ends up nil or as a decoding error.
type planAnswer struct {
	envelope
	Plan *rawPlan `json:"gray_release_plan"`
}

// hasPayload: an answer without errcode must carry a plan to be WeChat's.
func (a *planAnswer) hasPayload() bool { return a.Plan != nil } // guarded by TestClient_answerWithoutErrcodeOrPlanIsNotWeChat

type rawPlan struct {
	Status                  flexInt  `json:"status"`
	CreateTimestamp         flexInt  `json:"create_timestamp"`
	DefaultFinishTimestamp  flexInt  `json:"default_finish_timestamp"`
	GrayPercentage          flexInt  `json:"gray_percentage"`
	SupportDebugerFirst     flexBool `json:"support_debuger_first"`
	SupportExperiencerFirst flexBool `json:"support_experiencer_first"`
}

// latestUnix is 9999-12-31T23:59:59Z: later "timestamps" are garbage, and
// would not format as RFC 3339.
const latestUnix = 253402300799

// toPlan checks and maps a decoded plan. Values no plan can have are errors
// rather than silently clamped, since a release gate must not act on them.
func (rp *rawPlan) toPlan() (*GrayReleasePlan, error) {
	if rp == nil {
		return nil, nil
	}
	bad := func(problem string) error {
		return &BadResponseError{Path: PathGrayReleasePlan, Problem: problem}
	}
	p := &GrayReleasePlan{
		Status:                  intPtr(rp.Status),
		GrayPercentage:          intPtr(rp.GrayPercentage),
		SupportDebugerFirst:     boolPtr(rp.SupportDebugerFirst),
		SupportExperiencerFirst: boolPtr(rp.SupportExperiencerFirst),
	}
	if p.GrayPercentage != nil && (*p.GrayPercentage < 0 || *p.GrayPercentage > 100) {
		return nil, bad(fmt.Sprintf("gray_percentage %d is outside 0-100", *p.GrayPercentage))
	}
	var err error
	if p.CreateTime, err = unixTime("create_timestamp", rp.CreateTimestamp); err != nil {
		return nil, bad(err.Error())
	}
	if p.DefaultFinishTime, err = unixTime("default_finish_timestamp", rp.DefaultFinishTimestamp); err != nil {
		return nil, bad(err.Error())
	}
	return p, nil
}

// unixTime treats 0 as "not set", as WeChat does for times it has not got.
func unixTime(field string, f flexInt) (*time.Time, error) {
	if !f.Set || f.Value == 0 {
		return nil, nil
	}
	if f.Value < 0 || f.Value > latestUnix {
		return nil, fmt.Errorf("%s %d is not a plausible Unix time", field, f.Value)
	}
	t := time.Unix(f.Value, 0).UTC()
	return &t, nil
}

func intPtr(f flexInt) *int64 {
	if !f.Set {
		return nil
	}
	v := f.Value
	return &v
}

func boolPtr(f flexBool) *bool {
	if !f.Set {
		return nil
	}
	v := f.Value
	return &v
}
