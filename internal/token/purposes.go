package token

// Purposes of the meetup links.
const (
	RegistrationCancel Purpose = "registration-cancel"
	// RegistrationConfirm confirms a seat or a place in line held for an
	// address nobody had proven: pressing it proves the address.
	RegistrationConfirm Purpose = "registration-confirm"
)
