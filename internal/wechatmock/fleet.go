package wechatmock

// FleetToken is the token the test token command hands out for appID when
// run with -prefix prefix: the prefix followed by the appid.
func FleetToken(prefix, appID string) string { return prefix + appID }

// SeedFleet adds the platform componentAppID with its component token and
// one authorizer per appid with permission set 18, each holding the token
// the test token command hands out with -prefix prefix; each app gets a
// running plan at 8 %.
func (s *Server) SeedFleet(componentAppID, prefix string, appIDs ...string) {
	s.AddComponentToken(componentAppID, FleetToken(prefix, componentAppID))
	for _, id := range appIDs {
		s.AddAuthorizer(componentAppID, id, FleetToken(prefix, id), PermissionSetCodeManagement)
		s.SetPlan(id, map[string]any{"status": 1, "gray_percentage": 8})
	}
}
