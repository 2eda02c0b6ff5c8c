package apitest

import (
	"sync"
	"testing"
)

// AtOnce calls f(i) for every i below n, all at once, and waits for them
// all: requests racing for one thing. The calls start together, once every
// goroutine is ready.
func AtOnce(n int, f func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			f(i)
		})
	}
	close(start)
	wg.Wait()
}

// Winners counts the statuses that are win: of requests that raced for one
// thing, the winners answer win and the others lose. It fails the test for
// any other status.
func Winners(t testing.TB, statuses []int, win, lose int) int {
	t.Helper()
	n := 0
	for _, s := range statuses {
		switch s {
		case win:
			n++
		case lose:
		default:
			t.Errorf("a request answered %d", s)
		}
	}
	return n
}
