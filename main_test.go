package main

import (
	"os"
	"strings"
	"testing"
)

func TestSilenceUnrequestedLogs(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  map[string]string
		want string // what each library level is set to
	}{
		{"no logging asked for", nil, "off"},
		{"TF_LOG asks", map[string]string{"TF_LOG": "DEBUG"}, ""},
		{"a provider-only level asks", map[string]string{"TF_LOG_PROVIDER": "TRACE"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, kv := range os.Environ() {
				if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TF_LOG") {
					t.Setenv(name, "")
					os.Unsetenv(name)
				}
			}
			for _, name := range libraryLogLevels {
				t.Setenv(name, "")
				os.Unsetenv(name)
			}
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			silenceUnrequestedLogs()
			for _, name := range libraryLogLevels {
				if got := os.Getenv(name); got != tt.want {
					t.Errorf("%s = %q, want %q", name, got, tt.want)
				}
			}
		})
	}
}
