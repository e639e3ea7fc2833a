//go:build !unix

package wechat

import "os/exec"

// killGroupOnCancel kills only the program itself where process groups are
// not available; cmd.WaitDelay bounds the wait for any children.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.Cancel = func() error { return cmd.Process.Kill() }
}
