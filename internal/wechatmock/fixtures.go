package wechatmock

// The one set of fixtures for tests, tools and the mock command. The
// credentials are not real: only this mock accepts them. The secret is
// distinctive so that a leak is easy to grep for.
const (
	FixtureAppID  = "wx1234567890abcdef"
	FixtureSecret = "s3cr3t-7f1e2d3c4b5a69788796a5b4"
)

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
