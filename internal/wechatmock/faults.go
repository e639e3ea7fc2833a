package wechatmock

import (
	"net/http"
	"time"
)

// Fault is one misbehavior, consumed by the next request to its path.
// Delay combines with the others; of the rest, the first set wins.
type Fault struct {
	// Delay holds the answer back (a slow or hung server).
	Delay time.Duration
	// HangUp closes the connection without answering.
	HangUp bool
	// Status answers with this HTTP status and Body (or a short HTML page).
	Status int
	// Body answers HTTP 200 (or Status) with this raw body: HTML, broken
	// JSON, errcode as a string, anything.
	Body string
	// Truncate declares a longer body than it sends, then closes.
	Truncate bool
	// ErrCode answers with a WeChat error body; ErrMsg defaults to a
	// generic text.
	ErrCode int
	ErrMsg  string
}

// InjectFaults queues faults for the next requests to path, one each.
func (s *Server) InjectFaults(path string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[path] = append(s.faults[path], faults...)
}

// PendingFaults counts the faults queued for path and not yet served.
func (s *Server) PendingFaults(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.faults[path])
}

// SetStandingFault answers every request to path with f once the queued
// faults are served, as a lasting outage or misconfiguration would; nil
// ends it.
func (s *Server) SetStandingFault(path string, f *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f == nil {
		delete(s.standing, path)
		return
	}
	s.standing[path] = *f
}

// nextFault pops the fault for path; s.mu must be held.
func (s *Server) nextFault(path string) (Fault, bool) {
	q := s.faults[path]
	if len(q) == 0 {
		f, ok := s.standing[path]
		return f, ok
	}
	s.faults[path] = q[1:]
	return q[0], true
}

// apply answers r as f says and reports whether it did; a pure delay
// leaves the answer to the real handler.
func (f Fault) apply(w http.ResponseWriter, r *http.Request, s *Server) bool {
	if f.Delay > 0 {
		sleep(r, f.Delay)
		if r.Context().Err() != nil {
			return true
		}
	}
	switch {
	case f.HangUp:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler) // closes the connection without a response
	case f.Truncate:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "200")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok","gray_release_plan":{"status":1,"gray_`))
		if hj, ok := w.(http.Hijacker); ok {
			if conn, buf, err := hj.Hijack(); err == nil {
				_ = buf.Flush()
				_ = conn.Close()
			}
		}
		return true
	case f.Status != 0 || f.Body != "":
		status, body := f.Status, f.Body
		if status == 0 {
			status = http.StatusOK
		}
		if body == "" {
			body = "<html><head><title>" + http.StatusText(status) + "</title></head><body><h1>" +
				http.StatusText(status) + "</h1></body></html>"
			w.Header().Set("Content-Type", "text/html")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
		return true
	case f.ErrCode != 0:
		msg := f.ErrMsg
		if msg == "" {
			msg = "mock fault"
		}
		s.writeError(w, f.ErrCode, msg)
		return true
	}
	return false
}
