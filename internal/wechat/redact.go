package wechat

import "strings"

// Redact returns s, text that came from a server, a proxy or a token
// command, with every given credential replaced by "[redacted]".
func Redact(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
