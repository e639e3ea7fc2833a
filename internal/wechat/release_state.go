package wechat

import (
	"context"
	"fmt"
	"sync"
)

// ReleaseState is what WeChat shows of one mini program's release, from
// three reads: the staged-release plan, the live version and the latest
// audit. WeChat names no version on a plan; the rules in release_rules.go
// tie a staged release to the latest approved audit.
type ReleaseState struct {
	Plan *GrayReleasePlan // nil: WeChat's answer carried no plan
	// Live is release_info.release_version; nil when WeChat left it out.
	// WeChat has answered "" for a version it had: treated as not said.
	Live  *string
	Audit *AuditStatus // nil: no audit (86001, 85058)
}

// GetReleaseState reads the plan, the versions and the latest audit side
// by side. The version and audit reads take an authorizer token, so an own
// token fails here with a TokenKindError; the audit's error is returned
// first, as its 86000 is WeChat's plainest word on the token's kind.
func (c *Client) GetReleaseState(ctx context.Context) (*ReleaseState, error) {
	var s ReleaseState
	var auditErr, infoErr, planErr error
	var wg sync.WaitGroup
	wg.Go(func() { s.Audit, auditErr = c.GetLatestAuditStatus(ctx) })
	wg.Go(func() {
		info, err := c.GetVersionInfo(ctx)
		if err == nil && info.Release != nil {
			s.Live = info.Release.Version
		}
		infoErr = err
	})
	wg.Go(func() { s.Plan, planErr = c.GetGrayReleasePlan(ctx) })
	wg.Wait()
	for _, err := range []error{auditErr, infoErr, planErr} {
		if err != nil {
			return nil, err
		}
	}
	return &s, nil
}

// Staged reports whether a staged release runs or is paused: the only
// states in which WeChat serves two versions at once.
func (s *ReleaseState) Staged() bool {
	if s.Plan == nil || s.Plan.Status == nil {
		return false
	}
	return *s.Plan.Status == StatusRunning || *s.Plan.Status == StatusPaused
}

// StagedPercentage is the staged release's percentage; ok is false when
// none runs or WeChat left the figure out.
func (s *ReleaseState) StagedPercentage() (int64, bool) {
	if !s.Staged() || s.Plan.GrayPercentage == nil {
		return 0, false
	}
	return *s.Plan.GrayPercentage, true
}

// Approved is the latest audit's version when that audit was approved.
func (s *ReleaseState) Approved() (string, bool) {
	a := s.Audit
	if a == nil || a.Status == nil || *a.Status != AuditApproved || a.UserVersion == nil || *a.UserVersion == "" {
		return "", false
	}
	return *a.UserVersion, true
}

// LiveVersion is the version everyone outside a staged release runs.
func (s *ReleaseState) LiveVersion() (string, bool) {
	if s.Live == nil || *s.Live == "" {
		return "", false
	}
	return *s.Live, true
}

// String says what WeChat shows, for errors: the plan and the live version.
func (s *ReleaseState) String() string {
	live := "no live version shown"
	if v, ok := s.LiveVersion(); ok {
		live = "live version " + v
	}
	if s.Staged() {
		pct := "an unstated percentage"
		if p, ok := s.StagedPercentage(); ok {
			pct = fmt.Sprintf("%d %%", p)
		}
		staged := "a staged release"
		if v, ok := s.Approved(); ok {
			staged = "a staged release of " + v
		}
		return fmt.Sprintf("%s %s at %s; %s", staged, s.Plan.StatusName(), pct, live)
	}
	return fmt.Sprintf("no staged release running (plan: %s); %s", s.Plan.StatusName(), live)
}

// fingerprint is the part of the state a write changes: two states with
// the same one show the same release.
func (s *ReleaseState) fingerprint() string {
	pct, _ := s.StagedPercentage()
	live, _ := s.LiveVersion()
	return fmt.Sprintf("%s/%t/%d/%q", s.Plan.StatusName(), s.Staged(), pct, live)
}
