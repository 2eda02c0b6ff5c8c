package local

import (
	"context"

	"github.com/tehpug/backend/internal/sesstore"
)

// Email is one message the stack's SES emulator holds.
type Email = sesstore.Email

// Emails lists every message the stack's SES emulator holds, oldest first.
func (s *Stack) Emails(ctx context.Context) ([]Email, error) {
	return sesstore.Read(ctx, s.SESURL())
}

// EmailsTo lists the messages the stack's SES emulator holds for an
// address that contains part, in any case, oldest first.
func (s *Stack) EmailsTo(ctx context.Context, part string) ([]Email, error) {
	return sesstore.ReadTo(ctx, s.SESURL(), part)
}
