package api

import (
	"context"

	"github.com/tehpug/backend/internal/httpapi"
)

// Authenticator resolves the Authorization header of an organizer request to
// the signed-in organizer's email, or fails with an apperr Unauthorized.
type Authenticator interface {
	Authenticate(ctx context.Context, authorization string) (organizer string, err error)
}

type organizerKey struct{}

// OrganizersOnly wraps h so it runs only for a signed-in organizer; every
// other request is answered 401 before h sees it.
func OrganizersOnly(a Authenticator, h httpapi.HandlerFunc) httpapi.HandlerFunc {
	return func(ctx context.Context, r *httpapi.Request) (httpapi.Response, error) {
		who, err := a.Authenticate(ctx, r.Header("Authorization"))
		if err != nil {
			return httpapi.Response{}, err
		}
		return h(context.WithValue(ctx, organizerKey{}, who), r)
	}
}

// Organizer returns the signed-in organizer's email inside an OrganizersOnly handler.
func Organizer(ctx context.Context) string {
	s, _ := ctx.Value(organizerKey{}).(string)
	return s
}
