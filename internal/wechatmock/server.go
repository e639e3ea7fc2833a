// Package wechatmock is a stand-in for the WeChat server API: the token
// endpoints and the staged-release query, with WeChat's credential checks,
// token sharing and invalidation, error bodies, and injectable faults.
//
// Tests use it in-process through httptest; the demo runs it as a command.
// It imports nothing of this project, so it can be trusted to disagree with
// the client when the client is wrong.
package wechatmock

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// DefaultTokenTTL is the life WeChat gives an access token.
const DefaultTokenTTL = 7200 * time.Second

// Server is a fake WeChat API. The zero value is not usable; call New.
// All methods are safe for concurrent use.
type Server struct {
	mu        sync.Mutex
	apps      map[string]*app
	calls     map[string]int
	faults    map[string][]Fault
	standing  map[string]Fault
	tokenTTL  time.Duration
	latency   time.Duration
	connDelay time.Duration
	conns     int
	seq       int
	lastUA    string
	now       func() time.Time
	third     *thirdParty         // platforms and authorizers; see thirdparty.go
	ops       map[string]*opsData // seeded ops-center data, by appid
	drift     Drift
	feed      func(now time.Time) // reseeds data that moves with the clock; see SetFeed

	mux *http.ServeMux
	srv *httptest.Server

	// jsErrPace and rateLimited: see ops_rates.go.
	jsErrPace   Pace
	rateLimited int
}

type app struct {
	secret string
	plan   map[string]any // nil: answers carry no gray_release_plan

	stable      issuedToken
	classic     issuedToken     // only the newest classic token works
	extraTokens map[string]bool // handed in ready-made (token server, authorizer)
	cloudTokens map[string]bool // cloudbase_access_token values
}

type issuedToken struct {
	value   string
	expires time.Time
}

func (t issuedToken) validAt(now time.Time) bool { return t.value != "" && now.Before(t.expires) }

// New returns a server with no apps. Serve it with Start, or mount Handler.
func New() *Server {
	s := &Server{
		apps:     map[string]*app{},
		calls:    map[string]int{},
		faults:   map[string][]Fault{},
		standing: map[string]Fault{},
		tokenTTL: DefaultTokenTTL,
		now:      time.Now,
		mux:      http.NewServeMux(),

		jsErrPace: DefaultJSErrPace,
	}
	// Paths without methods: a wrong method gets WeChat's error body, not
	// net/http's 405 page.
	s.mux.HandleFunc(PathStableToken, s.handleStableToken)
	s.mux.HandleFunc(PathToken, s.handleClassicToken)
	s.mux.HandleFunc(PathGrayReleasePlan, s.handleGrayReleasePlan)
	s.registerThirdParty()
	s.mux.HandleFunc(PathJSErrList, s.handleJSErrList)
	s.mux.HandleFunc(PathRealtimeLogSearch, s.handleRealtimeLogSearch)
	s.mux.HandleFunc(PathDomainInfo, s.handleDomainInfo)
	s.mux.HandleFunc(PathDailyVisitTrend, s.handleDailyVisitTrend)
	s.mux.HandleFunc(PathAPIQuota, s.handleAPIQuota)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, 404, "api not found") // WeChat's errcode 404 for unknown paths
	})
	return s
}

// API paths served.
const (
	PathStableToken     = "/cgi-bin/stable_token"
	PathToken           = "/cgi-bin/token"
	PathGrayReleasePlan = "/wxa/getgrayreleaseplan"
)

// Handler serves the API, with faults and latency applied.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isWrite(r) {
			s.logWrite(r) // before any fault: a write whose answer is lost still arrived
			defer s.writeDone()
		}
		s.mu.Lock()
		s.calls[r.URL.Path]++
		s.lastUA = r.UserAgent()
		latency := s.latency
		if c, ok := r.Context().Value(connKey{}).(*connInfo); ok && !c.charged {
			c.charged = true // requests on one connection are sequential
			latency += s.connDelay
		}
		fault, hasFault := s.nextFault(r.URL.Path)
		feed, now := s.feed, s.now()
		s.mu.Unlock()

		if latency > 0 {
			sleep(r, latency)
		}
		if feed != nil {
			feed(now)
		}
		if hasFault && fault.apply(w, r, s) {
			return
		}
		s.mux.ServeHTTP(w, r)
	})
}

// Start serves on a new loopback port and returns the base URL.
func (s *Server) Start() string {
	s.srv = httptest.NewUnstartedServer(s.Handler())
	s.srv.Config.ConnContext = s.connContext
	s.srv.Start()
	return s.srv.URL
}

// StartTLS serves HTTPS on a new loopback port with httptest's certificate,
// valid for 127.0.0.1 and *.example.com, and returns the base URL.
func (s *Server) StartTLS() string {
	s.srv = httptest.NewUnstartedServer(s.Handler())
	s.srv.Config.ConnContext = s.connContext
	s.srv.StartTLS()
	return s.srv.URL
}

// CertificatePEM is the certificate StartTLS serves, for clients to trust.
func (s *Server) CertificatePEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.srv.Certificate().Raw})
}

// Listen serves on l (the command's fixed address) and returns the base URL.
func (s *Server) Listen(l net.Listener) string {
	s.srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: s.Handler(), ConnContext: s.connContext}}
	s.srv.Start()
	return s.srv.URL
}

// Close stops serving and closes idle and hung connections.
func (s *Server) Close() {
	if s.srv != nil {
		s.srv.CloseClientConnections()
		s.srv.Close()
	}
}

// connInfo is what the mock knows of one connection.
type connInfo struct {
	charged bool // whether its setup delay was served; guarded by Server.mu
}

type connKey struct{}

// connContext counts new connections. Their setup delay is charged to each
// connection's first answer rather than here, where it would hold up the
// accept loop and so serialize connections that a real link sets up in
// parallel.
func (s *Server) connContext(ctx context.Context, _ net.Conn) context.Context {
	s.mu.Lock()
	s.conns++
	s.mu.Unlock()
	return context.WithValue(ctx, connKey{}, &connInfo{})
}

// AddApp registers an app and its AppSecret.
func (s *Server) AddApp(appID, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apps[appID] = &app{secret: secret, extraTokens: map[string]bool{}, cloudTokens: map[string]bool{}}
}

// SetPlan sets the gray_release_plan object the app's answers carry, as
// raw JSON fields so tests can leave fields out or send odd values. Nil
// makes answers carry no plan at all.
func (s *Server) SetPlan(appID string, plan map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustApp(appID).plan = plan
}

// AddAccessToken makes token valid for the app, as one a central token
// server or a third-party platform would hand out.
func (s *Server) AddAccessToken(appID, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustApp(appID).extraTokens[token] = true
}

// AddCloudBaseToken makes token valid as the app's cloudbase_access_token.
func (s *Server) AddCloudBaseToken(appID, token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustApp(appID).cloudTokens[token] = true
}

// InvalidateTokens kills every token the app holds, as a force refresh by
// another system would. The stable endpoint then issues a new one.
func (s *Server) InvalidateTokens(appID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.mustApp(appID)
	a.stable, a.classic = issuedToken{}, issuedToken{}
	a.extraTokens = map[string]bool{}
}

// SetTokenTTL sets the life of tokens issued from now on.
func (s *Server) SetTokenTTL(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenTTL = d
}

// SetFeed makes every request first call feed with the mock's time, so
// that data which moves with the clock (today's JS errors, the last
// minutes' logs, yesterday's visits) is still "today" and "the last
// minutes" for a mock left running for hours. feed runs without the
// mock's lock held and may call its Set methods. Nil stops it.
func (s *Server) SetFeed(feed func(now time.Time)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feed = feed
}

// SetLatency delays every answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// SetConnectDelay delays the first answer on each new connection by d, as
// the handshakes of a distant TLS connection would.
func (s *Server) SetConnectDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.connDelay = d
}

// Calls counts requests to path so far, whatever their outcome.
func (s *Server) Calls(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[path]
}

// TokenCalls counts requests to both token endpoints.
func (s *Server) TokenCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[PathStableToken] + s.calls[PathToken]
}

// Connections counts TCP connections accepted so far.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// LastUserAgent is the User-Agent of the latest request.
func (s *Server) LastUserAgent() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastUA
}

// ResetCounts zeroes call and connection counts.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = map[string]int{}
	s.conns = 0
}

func (s *Server) mustApp(appID string) *app {
	a, ok := s.apps[appID]
	if !ok {
		panic(fmt.Sprintf("wechatmock: app %q was not added", appID))
	}
	return a
}

// writeError answers like WeChat: HTTP 200, errcode, and errmsg ending in a rid.
func (s *Server) writeError(w http.ResponseWriter, code int, msg string) {
	s.mu.Lock()
	s.seq++
	rid := fmt.Sprintf("%08x-%08x-%08x", 0x6571a2b3, s.seq, 0x1c2d3e4f^s.seq)
	s.mu.Unlock()
	writeJSON(w, map[string]any{"errcode": code, "errmsg": msg + " rid: " + rid})
}

// writeJSON answers 200 with v: WeChat sends its errors with 200 too.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(v)
}

// sleep waits d or until the client goes away.
func sleep(r *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.Context().Done():
	case <-t.C:
	}
}
