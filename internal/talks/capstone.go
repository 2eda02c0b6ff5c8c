package talks

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/person"
	"github.com/tehpug/backend/internal/shortid"
	"github.com/tehpug/backend/internal/validate"
)

// CapstoneInput is the lightning talk the mentee of a completed mentorship
// proposes from the link their invitation carries (docs/MENTORSHIP.md):
// Title and Abstract are what they typed; the rest comes from the pair and
// the mentee's application, never from the form.
type CapstoneInput struct {
	PairID   string
	Name     string
	Email    string
	Language string
	Title    string
	Abstract string
}

// CapstoneID is the id of the capstone talk of a pair: derived from the
// pair, so proposing twice finds the talk the first proposal made.
func CapstoneID(pairID string) string {
	sum := sha256.Sum256([]byte("capstone\x00" + pairID))
	return "cp" + shortid.Encode(sum[:12])
}

// ValidateCapstone reports the problems with what a mentee typed.
func ValidateCapstone(title, abstract string) error {
	title, abstract = strings.TrimSpace(title), validate.NormalizeText(abstract)
	v := validate.New()
	v.RequiredLine("title", title, MaxTitle)
	v.RequiredMultiline("abstract", abstract, MaxAbstract)
	return v.Err()
}

// ProposeCapstone stores a mentee's capstone talk: a lightning talk in the
// backlog, submitted and already verified (the invitation's link went to
// the mentee's proven address), marked as the capstone of its pair. It is
// idempotent: a second proposal for the same pair answers the talk the
// first one stored, and created false. No email is sent: the page that
// posted it says what happens next.
func (s *Service) ProposeCapstone(ctx context.Context, in CapstoneInput) (t Talk, created bool, err error) {
	if err := ValidateCapstone(in.Title, in.Abstract); err != nil {
		return Talk{}, false, err
	}
	now := s.now()
	language := in.Language
	if language != "fa" {
		language = "en"
	}
	t = Talk{
		ID: CapstoneID(in.PairID), Owner: person.Key(in.Email), Name: in.Name, Email: person.Normalize(in.Email),
		Title: strings.TrimSpace(in.Title), Abstract: validate.NormalizeText(in.Abstract), Format: Lightning, Level: Beginner,
		Language: language, Status: Submitted, CreatedAt: now, UpdatedAt: now, VerifiedAt: now, Capstone: in.PairID,
	}
	err = s.store.CreateTalk(ctx, t)
	if errors.Is(err, ErrExists) {
		if t, err = s.store.GetTalk(ctx, t.ID); err != nil {
			return Talk{}, false, fmt.Errorf("capstone %s: %w", in.PairID, err)
		}
		return t, false, nil
	}
	if err != nil {
		return Talk{}, false, fmt.Errorf("capstone %s: %w", in.PairID, err)
	}
	s.log.InfoContext(ctx, "capstone talk proposed", "talk", t.ID)
	return t, true, nil
}

// Capstone reads the capstone talk of a pair; ErrNotFound when its mentee
// has not proposed one.
func (s *Service) Capstone(ctx context.Context, pairID string) (Talk, error) {
	return s.store.GetTalk(ctx, CapstoneID(pairID))
}

// AgreeCoSpeaker records that the mentor of a pair agreed to be named
// co-speaker of its capstone talk. Agreeing again changes nothing.
func (s *Service) AgreeCoSpeaker(ctx context.Context, pairID string) (Talk, error) {
	t, err := s.store.AgreeCoSpeaker(ctx, CapstoneID(pairID), s.now())
	return apperr.Found(t, err, ErrNotFound, notFound(), "co-speaker %s", pairID)
}
