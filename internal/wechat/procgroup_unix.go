//go:build unix

package wechat

import (
	"os/exec"
	"syscall"
)

// killGroupOnCancel starts the program in its own process group and kills
// the whole group on timeout, so that a script's children (curl, say) die
// with it instead of holding its pipes open.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// killGroup kills what is left of the program's process group once the
// program has exited: children it started and left running.
func killGroup(cmd *exec.Cmd) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
