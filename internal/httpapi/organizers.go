package httpapi

import (
	"context"
)

// Authenticator resolves the Authorization header of an organizer request to
// the signed-in organizer's email, or fails with an apperr Unauthorized.
type Authenticator interface {
	Authenticate(ctx context.Context, authorization string) (organizer string, err error)
}

type organizerKey struct{}

// OrganizersOnly wraps h so it runs only for a signed-in organizer; every
// other request is answered 401 before h sees it.
func OrganizersOnly(a Authenticator, h HandlerFunc) HandlerFunc {
	return func(ctx context.Context, r *Request) (Response, error) {
		who, err := a.Authenticate(ctx, r.Header("Authorization"))
		if err != nil {
			return Response{}, err
		}
		return h(context.WithValue(ctx, organizerKey{}, who), r)
	}
}

// Organizer returns the signed-in organizer's email inside an OrganizersOnly handler.
func Organizer(ctx context.Context) string {
	s, _ := ctx.Value(organizerKey{}).(string)
	return s
}
