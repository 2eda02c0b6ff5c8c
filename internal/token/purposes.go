package token

// Purposes of the meetup links.
const (
	RegistrationCancel Purpose = "registration-cancel"
)
