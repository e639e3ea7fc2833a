//go:build !unix

package main

import "os/exec"

// leaveGroup does nothing where there are no process groups to leave.
func leaveGroup(*exec.Cmd) {}
