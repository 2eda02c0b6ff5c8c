package local

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// child is a process the stack started. It runs in its own process group so
// that stopping it also stops whatever it started, and (on Linux) it is
// killed by the kernel if the stack's process dies without cleaning up.
type child struct {
	name string
	cmd  *exec.Cmd
	done chan struct{} // closed once the process has exited
	err  error         // how it exited; read only after done is closed
	tail *tail         // last lines of its output, for error messages
	// drained is closed once every line of its output was handed on.
	drained chan struct{}
}

// startChild starts cmd and hands every line of its standard output and
// error to the given functions (either may be nil).
func startChild(name string, cmd *exec.Cmd, stdout, stderr func(line string)) (*child, error) {
	c := &child{name: name, cmd: cmd, done: make(chan struct{}), tail: &tail{max: 30}, drained: make(chan struct{})}
	cmd.SysProcAttr = childAttr()
	// Our own pipes rather than io.Writers: exec would otherwise wait for
	// grandchildren that inherited them (the emulator's runtime) to exit.
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	err = cmd.Start()
	outW.Close()
	errW.Close()
	var forwarding sync.WaitGroup
	forwarding.Add(2)
	go func() { defer forwarding.Done(); c.forward(outR, stdout) }()
	go func() { defer forwarding.Done(); c.forward(errR, stderr) }()
	go func() { forwarding.Wait(); close(c.drained) }()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() {
		c.err = cmd.Wait()
		close(c.done)
	}()
	return c, nil
}

func (c *child) forward(r *os.File, each func(string)) {
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		c.tail.add(line)
		if each != nil {
			each(line)
		}
	}
	_, _ = io.Copy(io.Discard, r) // a line over the limit: drain the rest
}

// settle waits, at most limit, for the process to exit and every line it
// wrote to be handed on, so that what it said before it died is known.
func (c *child) settle(limit time.Duration) {
	timeout := time.After(limit)
	for _, ch := range []chan struct{}{c.done, c.drained} {
		select {
		case <-ch:
		case <-timeout:
			return
		}
	}
}

// pid is the child's process ID, which is also its process group ID.
func (c *child) pid() int { return c.cmd.Process.Pid }

// exited reports whether the process has ended.
func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// stop asks the process group to terminate, and kills it after grace.
func (c *child) stop(grace time.Duration) {
	if c.exited() {
		return
	}
	if grace > 0 {
		_ = syscall.Kill(-c.pid(), syscall.SIGTERM)
		select {
		case <-c.done:
			return
		case <-time.After(grace):
		}
	}
	_ = syscall.Kill(-c.pid(), syscall.SIGKILL)
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
	}
}

// describe says how the process ended and what it printed last.
func (c *child) describe() string {
	how := "still running"
	if c.exited() {
		how = "exited"
		if c.err != nil {
			how = c.err.Error()
		}
	}
	if lines := c.tail.String(); lines != "" {
		return fmt.Sprintf("%s (%s); last output:\n%s", c.name, how, lines)
	}
	return fmt.Sprintf("%s (%s, no output)", c.name, how)
}

// tail keeps the last lines written to it.
type tail struct {
	mu    sync.Mutex
	max   int
	lines []string
}

func (t *tail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, line)
	if len(t.lines) > t.max {
		t.lines = t.lines[len(t.lines)-t.max:]
	}
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}
