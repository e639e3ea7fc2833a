package wechatmock

import "net/http"

// Domains is a mini program's configured domain lists.
type Domains struct {
	Request, WSRequest, Upload, Download, UDP []string
	Biz                                       []string // 业务域名, for web-view
}

// SetDomains sets the app's domains.
func (s *Server) SetDomains(appID string, d Domains) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opsOf(appID).domains = &d
}

func (s *Server) handleDomainInfo(w http.ResponseWriter, r *http.Request) {
	appID, ok := s.opsRequest(w, r, http.MethodPost)
	if !ok {
		return
	}
	var req struct {
		Action string `json:"action"`
	}
	if !s.decodeBody(w, r, &req) {
		return
	}
	server, biz := true, true
	switch req.Action {
	case "":
	case "getserverdomain":
		biz = false
	case "getbizdomain":
		server = false
	default:
		s.writeInvented(w, codeBadArgument, "invalid action")
		return
	}
	s.mu.Lock()
	data, drift, _ := s.opsState(appID)
	d := Domains{}
	if data.domains != nil {
		d = *data.domains
	}
	s.mu.Unlock()

	out := map[string]any{}
	put := func(key string, list []string) {
		if len(list) == 0 && drift.DomainsOmitEmpty {
			return
		}
		out[key] = append([]string{}, list...)
	}
	if server {
		for key, list := range map[string][]string{"requestdomain": d.Request, "wsrequestdomain": d.WSRequest,
			"uploaddomain": d.Upload, "downloaddomain": d.Download, "udpdomain": d.UDP} {
			put(key, list)
		}
	}
	if biz {
		put("bizdomain", d.Biz)
	}
	if drift.ExtraKeys {
		out["tcpdomain"] = []string{"tcp://undocumented.example.com"}
	}
	s.writeOK(w, drift, out)
}
