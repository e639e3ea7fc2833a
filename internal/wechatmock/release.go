package wechatmock

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// The three writes of a release, as a state machine over what the mock
// already holds per app: the latest audit (SetLatestAudit), the live
// version (SetVersionInfo's release_info) and the staged plan (SetPlan).
// Every write that arrives is logged, whatever its answer. Where WeChat's
// pages are silent, ReleaseOptions switch between the possibilities.

// Paths of the release writes.
const (
	PathGrayRelease       = "/wxa/grayrelease"
	PathRelease           = "/wxa/release"
	PathRevertGrayRelease = "/wxa/revertgrayrelease"
)

// Errcodes of the writes (code-management pages; 85052 from the community).
const (
	codeNoApprovedVersion   = 85019
	codeReleaseNotAllowed   = 85020
	codeAlreadyReleased     = 85052
	codeNoOnlineVersion     = 85079
	codeAuditNotPassed      = 85080
	codeInvalidPercentage   = 85081
	codePercentageNotHigher = 85082
)

var releaseMessages = map[int]string{
	codeNoApprovedVersion:   "no approved version to release", // wordings guessed
	codeReleaseNotAllowed:   "status not allowed",
	codeAlreadyReleased:     "already released",
	codeNoOnlineVersion:     "no online version",
	codeAuditNotPassed:      "audit not passed",
	codeInvalidPercentage:   "invalid gray_percentage",
	codePercentageNotHigher: "gray_percentage must be higher than the current one",
}

// ReleaseOptions switch what WeChat does not document.
type ReleaseOptions struct {
	// ReleaseRefusedWhileStaged answers /wxa/release with 85020 while a
	// staged release runs or is paused. By default WeChat is taken to
	// accept it: the approved version goes live and the plan finishes.
	ReleaseRefusedWhileStaged bool
	// GrayFullFinishes makes a staged release raised to 100 % finish by
	// itself: the plan turns finished and the version live. By default it
	// stays running at 100 %.
	GrayFullFinishes bool
	// VersionInfoShowsStaged makes getversioninfo's release_version the
	// staged version while a staged release runs or is paused. By default
	// it stays the version everyone else runs.
	VersionInfoShowsStaged bool
	// RaiseWhileNewerAudit accepts a raise of a running or paused staged
	// release while the latest audit (a newer version submitted since) is
	// not approved: the staged version goes to more users. By default the
	// raise is refused with 85080, as a start is.
	RaiseWhileNewerAudit bool
}

// WriteRecord is one write request that arrived.
type WriteRecord struct {
	Method, Path string
	AppID        string // whose token it carried; "" for an unknown token
	Body         string
	At           time.Time
	// InFlight counts the writes being answered when this one arrived,
	// itself included: how many a client sends side by side.
	InFlight int
}

// releaseData is the mock's release state, guarded by Server.mu.
type releaseData struct {
	opts     ReleaseOptions
	log      []WriteRecord
	inFlight int
	staged   map[string]string  // the version of each app's staged release
	after    map[string][]Fault // answers lost after the write took effect, by path
}

// rel returns the release state, creating it; s.mu must be held.
func (s *Server) rel() *releaseData {
	t := s.tp()
	if t.release == nil {
		t.release = &releaseData{staged: map[string]string{}, after: map[string][]Fault{}}
	}
	return t.release
}

// SetReleaseOptions replaces the release switches.
func (s *Server) SetReleaseOptions(o ReleaseOptions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rel().opts = o
}

// LoseAnswerAfterEffect makes the next write to path take effect and then
// lose its answer as f says (HangUp, a Delay past the client's timeout,
// ErrCode -1, Status 502, Truncate): the case a client must not resend.
func (s *Server) LoseAnswerAfterEffect(path string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rel().after[path] = append(s.rel().after[path], f)
}

// LoseAnswerBeforeEffect makes the next writes to path, one per fault,
// lose their answers without taking effect: InjectFaults, named for what
// it means on a write. The writes are still logged.
func (s *Server) LoseAnswerBeforeEffect(path string, faults ...Fault) {
	s.InjectFaults(path, faults...)
}

// WriteLog lists every write that arrived, in order.
func (s *Server) WriteLog() []WriteRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.rel().log)
}

// WritesTo counts the writes to path that arrived.
func (s *Server) WritesTo(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, w := range s.rel().log {
		if w.Path == path {
			n++
		}
	}
	return n
}

// isWrite reports whether r changes a mini program: a write path, or
// revertcoderelease without action=get_history_version.
func isWrite(r *http.Request) bool {
	if r.URL.Path == PathRevertCodeRelease {
		return r.URL.Query().Get("action") != "get_history_version"
	}
	return slices.Contains(WritePaths, r.URL.Path)
}

// logWrite records a write as it arrives, before any fault or check, and
// leaves its body readable for the handler.
func (s *Server) logWrite(r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.mu.Lock()
	defer s.mu.Unlock()
	g, _ := s.tokenGrantOf(r.URL.Query().Get("access_token"), false)
	s.rel().inFlight++
	s.rel().log = append(s.rel().log, WriteRecord{Method: r.Method, Path: r.URL.Path, AppID: g.appID, Body: string(body), At: s.now(),
		InFlight: s.rel().inFlight})
}

// writeDone ends a write logWrite counted as in flight.
func (s *Server) writeDone() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rel().inFlight--
}

// writeHandler is the handler of a write path.
func (s *Server) writeHandler(path string) http.HandlerFunc {
	switch path {
	case PathGrayRelease:
		return s.handleGrayRelease
	case PathRelease:
		return s.handleRelease
	case PathRevertGrayRelease:
		return s.handleRevertGrayRelease
	}
	return s.handleWrite
}

// releaseCall checks a write's method, token and (for a POST) body, and
// returns the app and the decoded body, or answers and returns ok false.
func (s *Server) releaseCall(w http.ResponseWriter, r *http.Request, method string) (appID string, body map[string]any, ok bool) {
	if r.Method != method {
		code, msg := codeRequirePOST, "require POST method"
		if method == http.MethodGet {
			code, msg = codeRequireGET, "require GET method"
		}
		s.writeError(w, code, msg)
		return "", nil, false
	}
	s.mu.Lock()
	appID, code := s.thirdPartyOnly(r, r.URL.Query().Get("access_token"), codeThirdPartyOnly)
	s.mu.Unlock()
	if code != 0 {
		s.writeCode(w, r, code)
		return "", nil, false
	}
	if method == http.MethodGet {
		return appID, nil, true
	}
	raw, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<16))
	switch {
	case len(bytes.TrimSpace(raw)) == 0:
		s.writeCode(w, r, codeEmptyPostData)
		return "", nil, false
	case json.Unmarshal(raw, &body) != nil || body == nil:
		s.writeError(w, codeDataFormat, "data format error")
		return "", nil, false
	}
	return appID, body, true
}

// finishWrite answers a write that took effect: ok, unless a loss was
// queued for the path, which then answers (or hangs up) instead.
func (s *Server) finishWrite(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var loss *Fault
	if q := s.rel().after[r.URL.Path]; len(q) > 0 {
		loss, s.rel().after[r.URL.Path] = &q[0], q[1:]
	}
	s.mu.Unlock()
	if loss != nil && loss.apply(w, r, s) {
		return
	}
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
}

func (s *Server) writeReleaseCode(w http.ResponseWriter, code int) {
	s.writeError(w, code, releaseMessages[code])
}

// numberOf reads a seeded JSON number however a test wrote it.
func numberOf(v any) (int64, bool) {
	switch n := v.(type) {
	case int:
		return int64(n), true
	case int64:
		return n, true
	case float64:
		return int64(n), n == float64(int64(n))
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	case string:
		i, err := strconv.ParseInt(n, 10, 64)
		return i, err == nil
	}
	return 0, false
}
