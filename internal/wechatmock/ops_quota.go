package wechatmock

import (
	"net/http"
	"strings"
)

// Quota is one API's daily quota and rate limits; a nil rate limit is
// left out of the answer, as answers before July 2022 left both out.
type Quota struct {
	DailyLimit, Used, Remain int64
	RateLimit                *RateLimit
	ComponentRateLimit       *RateLimit
}

// RateLimit allows CallCount calls per RefreshSecond seconds.
type RateLimit struct {
	CallCount, RefreshSecond int64
}

// SetQuota seeds the quota of cgiPath for the app; other paths get 76021.
func (s *Server) SetQuota(appID, cgiPath string, q Quota) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opsOf(appID).quotas[cgiPath] = q
}

func (s *Server) handleAPIQuota(w http.ResponseWriter, r *http.Request) {
	appID, ok := s.opsRequest(w, r, http.MethodPost)
	if !ok {
		return
	}
	var req struct {
		CGIPath string `json:"cgi_path"`
	}
	if !s.decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	data, drift, _ := s.opsState(appID)
	q, seeded := data.quotas[req.CGIPath]
	s.mu.Unlock()

	switch {
	case !strings.HasPrefix(req.CGIPath, "/") || strings.ContainsAny(req.CGIPath, "?#: "):
		s.writeError(w, codeQuotaBadPath, "invalid cgi_path")
	case strings.HasPrefix(req.CGIPath, "/sns/"):
		s.writeError(w, codeQuotaNoPerm, "could not use this cgi_path, no permission")
	case !seeded:
		s.writeError(w, codeQuotaNotFound, "cgi_path not found, please check")
	default:
		s.writeOK(w, drift, q.render(drift))
	}
}

func (q Quota) render(d Drift) map[string]any {
	quota := map[string]any{"daily_limit": d.num(q.DailyLimit), "used": d.num(q.Used), "remain": d.num(q.Remain)}
	rates := quota
	out := map[string]any{"quota": quota}
	if !d.QuotaNestedInQuota {
		rates = out
	}
	for key, l := range map[string]*RateLimit{"rate_limit": q.RateLimit, "component_rate_limit": q.ComponentRateLimit} {
		if l != nil {
			rates[key] = map[string]any{"call_count": d.num(l.CallCount), "refresh_second": d.num(l.RefreshSecond)}
		}
	}
	return out
}
