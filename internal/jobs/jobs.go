// Package jobs is the engine the scheduled functions share: it reads "now"
// from the scheduler's event, and delivers a run's emails at most once per
// recipient and round, at a steady rate, retrying SES throttling, and stopping
// in time before the function's deadline. What a run could not send, the next
// run (or the retry of the same event) sends, to exactly those recipients.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tehpug/backend/internal/deps"

	"github.com/tehpug/backend/internal/email"
)

// Send is one email a run owes one recipient.
type Send struct {
	// Key identifies the recipient within the round (a person key, or an
	// organizer's address).
	Key string
	// Owner is the person key the record of this send is filed under, so
	// erasing the person erases it too.
	Owner string
	// Message builds the email; it is called only for sends not yet made.
	Message func(ctx context.Context) (email.Message, error)
}

// SendRef names the record of one send of a job: its round and its key.
type SendRef struct{ Round, Key string }

// Claim is what claiming a send found.
type Claim int

// The answers of Ledger.ClaimSend. The zero value is Held, the answer that
// neither sends nor counts the send as done.
const (
	// Held: another attempt holds a live claim on the send. It may still be
	// sending it, or it may have died mid-send; either way the email is not
	// known to be out, so the run is incomplete and a later one looks again.
	Held Claim = iota
	// Claimed: the send is this run's to make, until the lease lapses.
	Claimed
	// Sent: the email went out already.
	Sent
)

func (c Claim) String() string {
	switch c {
	case Claimed:
		return "claimed"
	case Sent:
		return "sent"
	}
	return "held"
}

// Ledger records, per job and round, which recipients were sent their email.
type Ledger interface {
	// ClaimSend reserves the send for this run until leaseUntil, and says
	// whether it did, or found the email sent, or held by another attempt's
	// live claim. A record found sent is kept for as long again from now, so
	// it never expires while its round still comes up.
	ClaimSend(ctx context.Context, job, round, key, owner string, now, leaseUntil time.Time) (Claim, error)
	// MarkSent records the send as done, for good.
	MarkSent(ctx context.Context, job, round, key string, at time.Time) error
	// RoundDone reports whether a round was recorded complete (MarkRoundDone).
	RoundDone(ctx context.Context, job, round string) (bool, error)
	// MarkRoundDone records that every send of a round went out, so a later
	// run need not even gather its recipients.
	MarkRoundDone(ctx context.Context, job, round string, at time.Time) error
	// ReleaseSend gives a claim back after a failed send, for the next run.
	ReleaseSend(ctx context.Context, job, round, key string) error
}

// Deliverer sends a run's emails. Build it with NewDeliverer.
type Deliverer struct {
	ledger Ledger
	mail   email.Sender
	log    *slog.Logger
	rate   float64
	margin time.Duration
	clock  func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
}

// DelivererDeps is what a Deliverer is built from.
type DelivererDeps struct {
	Ledger Ledger
	Mail   email.Sender
	Log    *slog.Logger
	// Rate is the most emails a second (the SES account's sending rate); 0
	// sends without pausing.
	Rate float64
	// Margin is how long before the function's deadline a run stops starting
	// new sends, so it always ends cleanly (default 5s).
	Margin time.Duration
	// Clock and Sleep are the wall clock and a sleep that ends early when ctx
	// does (default: the real ones); tests replace them.
	Clock func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// NewDeliverer builds a Deliverer, refusing to without a ledger, a mailer
// or a logger.
func NewDeliverer(d DelivererDeps) (*Deliverer, error) {
	if err := deps.Require("deliverer", deps.Given("Ledger", d.Ledger), deps.Given("Mail", d.Mail), deps.Given("Log", d.Log),
		deps.That("Rate", d.Rate >= 0)); err != nil {
		return nil, err
	}
	out := &Deliverer{ledger: d.Ledger, mail: d.Mail, log: d.Log, rate: d.Rate, margin: d.Margin, clock: d.Clock, sleep: d.Sleep}
	if out.margin == 0 {
		out.margin = 5 * time.Second
	}
	if out.clock == nil {
		out.clock = time.Now
	}
	if out.sleep == nil {
		out.sleep = sleep
	}
	return out, nil
}

// Result counts what a delivery did.
type Result struct {
	Sent, AlreadySent, Failed, Left int
	// Held counts the sends another attempt's live claim kept this run off:
	// not known to be sent, so they make the run incomplete too.
	Held int
}

// ErrIncomplete reports a run that stopped before its deadline with sends
// left, with sends that failed, or with sends another attempt still held:
// returning it makes Lambda retry the same event, which sends exactly what
// is left.
var ErrIncomplete = errors.New("run incomplete")

// lease is how long a claim keeps other runs off a send. A run's work on one
// claimed send is bounded well within it (the pause that keeps the rate, at
// most a second; sendWithin; markWithin), so a live run never sends on a
// lapsed claim and two runs never both send. It is short because a claim
// left by an attempt that died mid-send (a timeout, a crash) holds the send
// until it lapses: Lambda retries a failed event after one minute and again
// two minutes later, so the second retry at the latest finds it lapsed and
// sends. The function's timeout (300 s) is no measure here: the lease
// covers one send, not a run.
const lease = 2 * time.Minute

// sendWithin bounds building and sending one email, SES throttling's pauses
// and the SDK's own retries included; a send cut short is given back.
const sendWithin = time.Minute

// markWithin bounds recording one send, retries included.
const markWithin = 20 * time.Second

// retries is how often one email is retried when SES throttles.
const retries = 5

// markTries is how often recording a send that reached SES is tried: a send
// left claimed is sent again once its lease lapses.
const markTries = 3

// Deliver sends each of sends once for job and round.
func (d *Deliverer) Deliver(ctx context.Context, job, round string, sends []Send) (Result, error) {
	var res Result
	interval := time.Duration(0)
	if d.rate > 0 {
		interval = time.Duration(float64(time.Second) / d.rate)
	}
	margin := d.margin
	next := d.clock()
	for i, s := range sends {
		if dl, ok := ctx.Deadline(); ok && d.clock().Add(margin).After(dl) {
			res.Left = len(sends) - i
			break
		}
		now := d.clock()
		claim, err := d.ledger.ClaimSend(ctx, job, round, s.Key, s.Owner, now, now.Add(lease))
		if err != nil {
			return res, fmt.Errorf("%s/%s: claim: %w", job, round, err)
		}
		switch claim {
		case Sent:
			res.AlreadySent++
			continue
		case Held:
			res.Held++
			continue
		}
		// From here on the claim keeps other runs off only until its lease
		// lapses: the send must be over well before.
		sctx, cancel := context.WithTimeout(ctx, sendWithin)
		if wait := next.Sub(d.clock()); wait > 0 {
			if err := d.sleep(sctx, wait); err != nil {
				cancel()
				_ = d.ledger.ReleaseSend(context.WithoutCancel(ctx), job, round, s.Key)
				res.Left = len(sends) - i
				break
			}
		}
		next = maxTime(next, d.clock()).Add(interval)
		err = d.send(sctx, s)
		cancel()
		if err != nil {
			d.log.ErrorContext(ctx, "send failed", "job", job, "round", round, "err", err)
			if rerr := d.ledger.ReleaseSend(context.WithoutCancel(ctx), job, round, s.Key); rerr != nil {
				d.log.ErrorContext(ctx, "release send", "job", job, "err", rerr)
			}
			res.Failed++
			continue
		}
		if err := d.markSent(ctx, job, round, s.Key); err != nil {
			return res, fmt.Errorf("%s/%s: mark sent: %w", job, round, err)
		}
		res.Sent++
	}
	d.log.InfoContext(ctx, "delivered", "job", job, "round", round, "sent", res.Sent, "already_sent", res.AlreadySent, "held", res.Held, "failed", res.Failed, "left", res.Left)
	if res.Failed > 0 || res.Held > 0 || res.Left > 0 {
		return res, fmt.Errorf("%s/%s: %d failed, %d held by another attempt, %d left: %w", job, round, res.Failed, res.Held, res.Left, ErrIncomplete)
	}
	return res, nil
}

// RoundDone reports whether every send of a round was recorded made
// (MarkRoundDone): a later run need not even gather its recipients.
func (d *Deliverer) RoundDone(ctx context.Context, job, round string) (bool, error) {
	done, err := d.ledger.RoundDone(ctx, job, round)
	if err != nil {
		return false, fmt.Errorf("%s/%s: %w", job, round, err)
	}
	return done, nil
}

// MarkRoundDone records that every send of a round was made.
func (d *Deliverer) MarkRoundDone(ctx context.Context, job, round string) error {
	if err := d.ledger.MarkRoundDone(ctx, job, round, d.clock()); err != nil {
		return fmt.Errorf("%s/%s: %w", job, round, err)
	}
	return nil
}

// markSent records a send that reached SES. The email is out whatever
// happens next, so the record is written even when the run's context has
// ended, and retried a few times with growing pauses (throttling, a blip):
// a send left claimed would go out again once its lease lapses. It is
// bounded by markWithin, so it ends well inside the lease.
func (d *Deliverer) markSent(ctx context.Context, job, round, key string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markWithin)
	defer cancel()
	pause := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := d.ledger.MarkSent(ctx, job, round, key, d.clock())
		if err == nil || attempt == markTries {
			return err
		}
		d.log.WarnContext(ctx, "mark sent: retrying", "job", job, "round", round, "attempt", attempt, "err", err)
		if serr := d.sleep(ctx, pause); serr != nil {
			return err
		}
		pause *= 2
	}
}

// send builds and sends one email, retrying with growing pauses while SES
// says the sending rate is exceeded.
func (d *Deliverer) send(ctx context.Context, s Send) error {
	m, err := s.Message(ctx)
	if err != nil {
		return err
	}
	pause := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		_, err := d.mail.Send(ctx, m)
		if err == nil || !errors.Is(err, email.ErrThrottled) || attempt == retries {
			return err
		}
		if err := d.sleep(ctx, pause); err != nil {
			return err
		}
		pause *= 2
	}
}

// sleep waits for dur, or until ctx is done.
func sleep(ctx context.Context, dur time.Duration) error {
	t := time.NewTimer(dur)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
