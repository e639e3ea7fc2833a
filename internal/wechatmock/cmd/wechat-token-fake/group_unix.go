//go:build unix

package main

import (
	"os/exec"
	"syscall"
)

// leaveGroup starts cmd in a session of its own, outside its parent's
// process group.
func leaveGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}
