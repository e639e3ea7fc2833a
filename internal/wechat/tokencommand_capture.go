package wechat

import (
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// heldOutputWait is how long, after the program exits and its process
// group is killed, the run keeps reading output that something outside
// the group (a process that left it) still holds open.
const heldOutputWait = time.Second

// capture runs cmd with its stdout and stderr on pipes the run reads
// itself, so that the program's exit, not the closing of its output, ends
// the run. Once the program exits, its process group is killed: a child it
// left behind holding stdout dies instead of holding the run, or living
// on. Output is read until the pipes close, for at most heldOutputWait
// after the kill; held is true when that ran out.
func capture(cmd *exec.Cmd, stdout, stderr *cappedBuffer) (held bool, err error) {
	outR, outW, err := os.Pipe()
	if err != nil {
		return false, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return false, err
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	err = cmd.Start()
	// The program has its own copies; with the run's closed, the pipes
	// close when the program and everything it started have exited.
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return false, err
	}
	var readers sync.WaitGroup
	readers.Go(func() { _, _ = io.Copy(stdout, outR) })
	readers.Go(func() { _, _ = io.Copy(stderr, errR) })
	err = cmd.Wait()
	killGroup(cmd) // guarded by TestTokenCommand_backgroundChildIsKilledAndTheAnswerKept

	done := make(chan struct{})
	go func() { readers.Wait(); close(done) }()
	timer := time.NewTimer(heldOutputWait)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		held = true
	}
	// Closing the read ends stops readers blocked on a pipe that something
	// outside the group holds open.
	outR.Close()
	errR.Close()
	<-done
	return held, err
}
