package wiringtest

import (
	"context"
	"sync"
	"time"

	"github.com/tehpug/backend/internal/wiring"
)

// At runs the system on a clock that stands still at at.
func At(at time.Time) wiring.Option {
	return wiring.WithClock(func() time.Time { return at })
}

// Clock is a clock a test moves by hand: it stands still between moves.
// Its Now is what wiring.WithClock takes; its Sleep moves it at once, for
// what sleeps between sends. It is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock standing at at.
func NewClock(at time.Time) *Clock { return &Clock{now: at} }

// Now is where the clock stands.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to at.
func (c *Clock) Set(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = at
}

// Advance moves the clock by d (back, when d is negative).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Sleep advances the clock by d without waiting.
func (c *Clock) Sleep(_ context.Context, d time.Duration) error {
	c.Advance(d)
	return nil
}
