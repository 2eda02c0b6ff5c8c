// Package mailcap sends the emails anyone can cause by posting a form with
// an address in it: a join's confirmation, an erase link, the receipt of a
// talk proposal, a mentorship application's acknowledgement, an organizer's
// sign-in link. Two rules hold for every one of them:
//
//   - an address gets only a few of each kind a day (the cap), so nobody can
//     use a form to flood somebody's inbox;
//   - an email that could not be sent costs nothing: the count it took is
//     given back and every link issued for it is revoked, so a failed send
//     neither eats the address's allowance nor leaves behind a link that
//     works although nobody ever received it.
//
// Each such email goes through one Slot: Reserve counts it, Issue issues the
// links it carries, Send sends it. When one of those steps fails the slot
// releases itself; a caller whose own step between them fails (storing the
// record the email is about) calls Release.
package mailcap

import (
	"context"
	"log/slog"
	"time"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/token"
)

// Counter counts the emails of each kind a mailbox gets a day.
type Counter interface {
	// AllowEmail counts one email of kind to the address email on now's
	// day; false, counting nothing, when max are counted already. Tagged
	// addresses of one mailbox share a count.
	AllowEmail(ctx context.Context, kind, email string, max int, now time.Time) (bool, error)
	// ReturnEmail gives back one email of kind to the address email
	// counted on now's day, if any is counted.
	ReturnEmail(ctx context.Context, kind, email string, now time.Time) error
}

// Cap sends capped emails. Build it with New.
type Cap struct {
	counter Counter
	tokens  *token.Issuer
	mail    email.Sender
	log     *slog.Logger
	now     func() time.Time
	daily   int
}

// Deps is what a Cap is built from.
type Deps struct {
	Counter Counter
	Tokens  *token.Issuer
	Mail    email.Sender
	Log     *slog.Logger
	Now     func() time.Time
	// Daily is how many emails of one kind an address gets a day
	// (DAILY_EMAIL_LIMIT); the rest are dropped, the form answering the same.
	Daily int
}

// New builds the Cap, refusing to without any of its dependencies.
func New(d Deps) (*Cap, error) {
	err := deps.Require("mailcap", deps.Given("Counter", d.Counter), deps.Given("Tokens", d.Tokens), deps.Given("Mail", d.Mail),
		deps.Given("Log", d.Log), deps.Given("Now", d.Now), deps.Positive("Daily", d.Daily))
	if err != nil {
		return nil, err
	}
	return &Cap{counter: d.Counter, tokens: d.Tokens, mail: d.Mail, log: d.Log, now: d.Now, daily: d.Daily}, nil
}

// Allowance is how many emails of a kind an address may get in a day. Its
// kind may name a part of the day (a quarter hour), making it an allowance
// of that part alone.
type Allowance struct {
	Kind string
	Max  int
}

// Reserve counts one email of kind to the address email against the daily
// cap and, once that is spent, against the first of more that has room
// left. It returns nil, and no error, when the mailbox has had all of them.
func (c *Cap) Reserve(ctx context.Context, kind, email string, more ...Allowance) (*Slot, error) {
	at := c.now()
	for _, a := range append([]Allowance{{Kind: kind, Max: c.daily}}, more...) {
		ok, err := c.counter.AllowEmail(ctx, a.Kind, email, a.Max, at)
		if err != nil {
			return nil, err
		}
		if ok {
			return &Slot{cap: c, kind: a.Kind, email: email, at: at}, nil
		}
	}
	return nil, nil
}

// Slot is one counted email, from its count to its sending.
type Slot struct {
	cap      *Cap
	kind     string
	email    string    // the address it goes to
	at       time.Time // when it was counted: the day its count belongs to
	issued   []token.Token
	released bool
}

// Issue issues a link's token for purpose and subject, owned by the person
// the email goes to, and remembers it so that it is revoked if the email is
// not sent.
func (s *Slot) Issue(ctx context.Context, purpose token.Purpose, subject, lang string, ttl time.Duration) (string, error) {
	raw, err := s.cap.tokens.Issue(ctx, purpose, subject, person.Key(s.email), lang, ttl)
	if err != nil {
		s.Release(ctx)
		return "", err
	}
	s.issued = append(s.issued, token.Token{Hash: token.Hash(raw), Purpose: purpose})
	return raw, nil
}

// Send sends e to to; if it cannot be sent, the slot is released.
func (s *Slot) Send(ctx context.Context, to email.Recipient, e email.Email) error {
	if err := email.Send(ctx, s.cap.mail, to, e); err != nil {
		s.Release(ctx)
		return err
	}
	return nil
}

// Release gives back the slot's count and revokes every link issued
// through it, even when ctx has ended (the request failed, and what it
// spent must not stay spent). Releasing twice does nothing more. A failure
// is logged: the request is failing already, for another reason.
func (s *Slot) Release(ctx context.Context) {
	if s.released {
		return
	}
	s.released = true
	ctx = context.WithoutCancel(ctx)
	for _, t := range s.issued {
		if err := s.cap.tokens.Revoke(ctx, t); err != nil {
			s.cap.log.ErrorContext(ctx, "revoke the link of an email not sent", "kind", s.kind, "err", err)
		}
	}
	if err := s.cap.counter.ReturnEmail(ctx, s.kind, s.email, s.at); err != nil {
		s.cap.log.ErrorContext(ctx, "give back the count of an email not sent", "kind", s.kind, "err", err)
	}
}
