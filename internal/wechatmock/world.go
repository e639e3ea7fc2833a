package wechatmock

import (
	"fmt"
	"time"
)

// Seed makes s, a server fresh from New, serve everything the examples
// read, in this scenario: the shop with its secret and a ready token, the
// blog with its own secret, and the platform FixtureComponentAppID with
// its fleet (FixtureFleet), whose tokens are PlatformToken(appid). The
// shop gets the scenario's plan, faults and Figures; every other mini
// program a finished rollout (or its FleetPlans entry) and healthy
// figures. Today's errors, the last minutes' logs and yesterday's visits
// follow the mock's clock (SetFeed), so a mock left running stays true.
func (sc Scenario) Seed(s *Server) {
	s.AddApp(FixtureAppID, FixtureSecret)
	s.AddAccessToken(FixtureAppID, FixtureReadyToken)
	s.AddApp(FixtureBlogAppID, FixtureBlogSecret)
	s.AddComponentToken(FixtureComponentAppID, PlatformToken(FixtureComponentAppID))

	figures := map[string]Figures{}
	now := s.clock()
	for i, id := range FixtureFleet() {
		s.AddAuthorizer(FixtureComponentAppID, id, PlatformToken(id), PermissionSetCodeManagement)
		f := sc.Figures.clone()
		if id != FixtureAppID {
			f = fleetFigures(i, id)
			if sc.FleetWaiting != "" {
				f.Audit = Audit{Version: sc.FleetWaiting}
			}
			plan := withPlan(finishedPlan)
			if p, ok := sc.FleetPlans[id]; ok {
				plan = p
			}
			s.SetPlan(id, plan)
		}
		f.seedStill(s, id, now)
		figures[id] = f
	}
	sc.Apply(s, FixtureAppID)

	feed := func(now time.Time) {
		for id, f := range figures {
			f.seedMoving(s, id, now)
		}
	}
	feed(now)
	s.SetFeed(feed)
}

// fleetFigures are healthy, each mini program with a live version of its
// own (the blog's is 2.0.3), approved and released.
func fleetFigures(i int, id string) Figures {
	f := HealthyFigures()
	f.LiveVersion = fmt.Sprintf("3.%d.0", i)
	if id == FixtureBlogAppID {
		f.LiveVersion = "2.0.3"
	}
	f.Audit = Audit{Version: f.LiveVersion}
	return f
}

// clock is the mock's time.
func (s *Server) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}
