package jobs

import (
	"context"
	"fmt"
	"sync"

	"github.com/tehpug/backend/internal/deps"
	"github.com/tehpug/backend/internal/email"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/person"
)

// LanguageChoices reads the languages organizers chose in the console.
type LanguageChoices interface {
	// OrganizerLanguages maps each of owners (person keys) who chose a
	// language to it, in one request per hundred owners.
	OrganizerLanguages(ctx context.Context, owners []string) (map[string]string, error)
}

// Organizers is who a job's organizer emails go to, and in which language:
// the one each organizer chose in the console, else Fallback.
type Organizers struct {
	Emails   []string
	Fallback string // the configured organizer language
	Chosen   LanguageChoices
}

// Checks are what a job built with o cannot work without.
func (o Organizers) Checks() []deps.Check {
	return []deps.Check{deps.NotEmpty("Organizers.Fallback", o.Fallback), deps.Given("Organizers.Chosen", o.Chosen)}
}

// Languages is the organizers' languages for one run. They are read when
// the first organizer email of the run is written, all at once, and kept
// for the rest of it: one read a run however many emails it sends
// organizers, none in a run that sends them nothing. A failed read fails
// that email (the retry of the run sends it) and is tried again for the
// next.
func (o Organizers) Languages() *Languages { return &Languages{o: o} }

// To is one send to each organizer, keyed by prefix and their address, of
// the email write makes in the organizer's language.
func (o Organizers) To(langs *Languages, prefix string, write func(ctx context.Context, l lang.Tag) (email.Email, error)) []Send {
	sends := make([]Send, 0, len(o.Emails))
	for _, addr := range o.Emails {
		sends = append(sends, Send{Key: prefix + addr, Message: func(ctx context.Context) (email.Message, error) {
			l, err := langs.Of(ctx, addr)
			if err != nil {
				return email.Message{}, err
			}
			e, err := write(ctx, l)
			if err != nil {
				return email.Message{}, err
			}
			return email.Compose(email.Recipient{Address: addr, Lang: l}, e)
		}})
	}
	return sends
}

// Languages is the organizers' languages for one run (Organizers.Languages).
type Languages struct {
	o      Organizers
	mu     sync.Mutex
	chosen map[string]string // by person key, once read
}

// Of is the language of the organizer at address: the one they chose, else
// the fallback.
func (l *Languages) Of(ctx context.Context, address string) (lang.Tag, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.chosen == nil {
		owners := make([]string, len(l.o.Emails))
		for i, a := range l.o.Emails {
			owners[i] = person.Key(a)
		}
		chosen, err := l.o.Chosen.OrganizerLanguages(ctx, owners)
		if err != nil {
			return "", fmt.Errorf("organizer languages: %w", err)
		}
		if chosen == nil {
			chosen = map[string]string{}
		}
		l.chosen = chosen
	}
	if c, ok := l.chosen[person.Key(address)]; ok && lang.Known(c) {
		return lang.Tag(c), nil
	}
	return lang.Parse(l.o.Fallback), nil
}
