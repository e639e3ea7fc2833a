package wechatmock

// tokenOwner finds the app a token belongs to: its id and 0, or the
// errcode WeChat gives a known but expired token (42001) or an unknown one
// (40001). s.mu must be held.
func (s *Server) tokenOwner(tok string, cloud bool) (string, int) {
	now := s.now()
	for id, a := range s.apps {
		var known, valid bool
		if cloud {
			known, valid = a.cloudTokens[tok], a.cloudTokens[tok]
		} else {
			for _, it := range []issuedToken{a.stable, a.classic} {
				if it.value == tok {
					known, valid = true, it.validAt(now)
				}
			}
			if a.extraTokens[tok] {
				known, valid = true, true
			}
		}
		switch {
		case known && valid:
			return id, 0
		case known:
			return "", codeTokenExpired
		}
	}
	return "", codeInvalidCredential
}
