//go:build !unix

package wechat

import "os/exec"

// killGroupOnCancel kills only the program itself where process groups are
// not available; cmd.WaitDelay bounds the wait for any children.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.Cancel = func() error { return cmd.Process.Kill() }
}

// killGroup can do nothing where process groups are not available: the
// program has exited, and its children are beyond reach. capture stops
// reading what they hold open after heldOutputWait.
func killGroup(*exec.Cmd) {}
