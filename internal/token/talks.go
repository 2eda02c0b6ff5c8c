package token

// Purposes of the talk links: each acts on one talk (the token's subject).
const (
	TalkWithdraw Purpose = "talk-withdraw" // the speaker withdraws their talk
	TalkConfirm  Purpose = "talk-confirm"  // an accepted speaker confirms they will speak
)
