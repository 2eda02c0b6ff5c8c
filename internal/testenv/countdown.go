package testenv

import "sync"

// Countdown answers yes to the next n calls of Take, for a fake that fails
// (or does anything else) the next n times it is called. It is safe for
// concurrent use; its zero value answers no.
type Countdown struct {
	mu sync.Mutex
	n  int
}

// Add makes n more calls of Take answer yes.
func (c *Countdown) Add(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += n
}

// Take reports whether this call is one of those counted down, using it up.
func (c *Countdown) Take() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n > 0 {
		c.n--
		return true
	}
	return false
}
