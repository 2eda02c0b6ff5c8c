package token

// Purposes of the talk links: each acts on one talk (the token's subject).
const (
	TalkVerify   Purpose = "talk-verify"   // the speaker confirms the address a new proposal names
	TalkWithdraw Purpose = "talk-withdraw" // the speaker withdraws their talk
	TalkConfirm  Purpose = "talk-confirm"  // an accepted speaker confirms they will speak
)
