package wechatmock

import "fmt"

// The one set of fixtures for tests, tools and the mock command. The
// credentials are not real: only this mock accepts them. The secrets are
// distinctive so that a leak is easy to grep for, and every token starts
// with MOCK_.
const (
	// FixtureAppID is the examples' mini program (the "shop"), with its
	// own secret; it is also authorized to the examples' platform.
	FixtureAppID  = "wx1234567890abcdef"
	FixtureSecret = "s3cr3t-7f1e2d3c4b5a69788796a5b4"
	// FixtureBlogAppID is the examples' second mini program, with a
	// secret of its own (provider aliases, OpenTofu's provider for_each).
	FixtureBlogAppID  = "wxfedcba9876543210"
	FixtureBlogSecret = "example-bl0g-s3cr3t-4d5e"
	// FixtureReadyToken is a token of the shop's that a central token
	// server would hand out, for access_token.
	FixtureReadyToken = "MOCK_FROM_CENTRAL_SERVER"
	// FixtureComponentAppID is the examples' third-party platform.
	FixtureComponentAppID = "wx00000000000000c1"
	// PlatformTokenPrefix starts the platform's component and authorizer
	// tokens: PlatformToken(appid).
	PlatformTokenPrefix = "MOCK_PLATFORM_TOKEN_"
)

// PlatformToken is the token the examples' platform holds for appID (an
// authorizer) or for itself (the component token), as its central token
// server would hand it out; the mock command prints it when run as a
// token command.
func PlatformToken(appID string) string { return FleetToken(PlatformTokenPrefix, appID) }

// FixtureFleet is every mini program authorized to the examples'
// platform: the shop, the blog and ten more, wx00000000000000a1 to …aa.
func FixtureFleet() []string {
	fleet := []string{FixtureAppID, FixtureBlogAppID}
	for i := range 10 {
		fleet = append(fleet, fmt.Sprintf("wx%016x", 0xa1+i))
	}
	return fleet
}

// SeedPlan is the example answer of WeChat's documentation page: running
// at 8 %. Each call returns a fresh map, so callers may change it.
func SeedPlan() map[string]any {
	return map[string]any{
		"status":                   1,
		"create_timestamp":         1517553721,
		"default_finish_timestamp": 1517554721,
		"gray_percentage":          8,
	}
}

// NewSeeded returns a server, not yet started, with FixtureAppID, its
// secret and SeedPlan.
func NewSeeded() *Server {
	s := New()
	s.AddApp(FixtureAppID, FixtureSecret)
	s.SetPlan(FixtureAppID, SeedPlan())
	return s
}
