package wechatmock

import "time"

// Pace is a limit on how often one app may call an API: at most Calls
// calls within any Per. Zero Calls means no limit.
type Pace struct {
	Calls int
	Per   time.Duration
}

// DefaultJSErrPace is the mock's rule for jserr_list. WeChat answers 20011
// (频率限制, rate limit) to calls that come too fast, but documents no rate:
// this one is INVENTED. It refuses a client that reads a query's pages as
// fast as the loopback allows (21 pages within a few milliseconds), and
// lets through one that starts a page every 200 ms.
var DefaultJSErrPace = Pace{Calls: 10, Per: 500 * time.Millisecond}

// logSearchPace is userlog_search's documented limit: 50 searches a
// minute (200010).
var logSearchPace = Pace{Calls: 50, Per: time.Minute}

// SetJSErrPace replaces the jserr_list rate rule; Pace{} turns it off.
func (s *Server) SetJSErrPace(p Pace) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.jsErrPace = p
}

// RateLimited counts the calls the mock refused for coming too fast
// (20011 and 200010), so tests can tell a paced read from a lucky one.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rateLimited
}

// callLog is one app's recent calls of one API, for its Pace.
type callLog struct {
	at []time.Time
}

// admit records a call at now and reports whether p lets it through; a
// refused call is not counted. The rules count wall-clock time, not the
// injected clock: a client paces itself in real time. s.mu must be held.
func (s *Server) admit(l *callLog, p Pace) bool {
	if p.Calls <= 0 {
		return true
	}
	now := time.Now()
	kept := l.at[:0]
	for _, t := range l.at {
		if now.Sub(t) < p.Per {
			kept = append(kept, t)
		}
	}
	l.at = kept
	if len(l.at) >= p.Calls {
		s.rateLimited++
		return false
	}
	l.at = append(l.at, now)
	return true
}
