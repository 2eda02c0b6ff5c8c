// Package passkeyswiring builds PasskeysFunction from the composition root
// (package wiring), as wiring builds every other function. It is a package
// of its own for one reason: the passkeys' ceremonies need a WebAuthn
// library, whose start-up work and megabytes would otherwise be in every
// function's binary, since every main links package wiring. Only
// functions/passkeys links this package (infra/contract checks that no
// other function links the library).
package passkeyswiring

import (
	"github.com/tehpug/backend/internal/httpapi/passkeysapi"
	"github.com/tehpug/backend/internal/passkeys/ceremony"
	"github.com/tehpug/backend/internal/wiring"
)

// PasskeysFunction serves the console's passkey pages and ceremonies.
func PasskeysFunction(a *wiring.App) wiring.Handler {
	return wiring.Serve(a, passkeysapi.Register, true, passkeysapi.Services{SignIn: a.SignIn(), Passkeys: Passkeys(a)})
}

// Passkeys is the organizers' passkeys: adding them, and signing in with
// one, for the console's site (PUBLIC_BASE_URL).
func Passkeys(a *wiring.App) *ceremony.Service {
	s, err := ceremony.New(ceremony.Deps{
		Store: a.Store(), Sessions: a.SignIn(), Organizers: a.Organizers(),
		BaseURL: a.Env().Required("PUBLIC_BASE_URL"), Log: a.Log(), Now: a.Now,
	})
	a.Check(err)
	return s
}
