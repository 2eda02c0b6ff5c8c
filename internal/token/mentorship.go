package token

// Purposes of the mentorship check-in links: one per side of a pair, so a
// mentor's link never checks in for the mentee, nor the mentee's for the
// mentor. Both are used many times (one link serves every check-in) and stop
// working when the pair ends.
const (
	MentorCheckIn Purpose = "mentor-checkin"
	MenteeCheckIn Purpose = "mentee-checkin"
)

// Purposes of the links that follow a mentorship's end or stall
// (docs/MENTORSHIP.md). CapstoneInvite's subject is a pair that ended as
// completed and its owner the mentee: it opens the page where the mentee
// proposes their lightning talk. CoSpeakerAgree's subject is the same pair
// and its owner the mentor: it opens the page where the mentor agrees to be
// named co-speaker. FadeAnswer's subject names a pair, a side and an
// episode (mentorship.FadeSubject) and its owner that side: it opens the
// page where the side says why the pair faded.
const (
	CapstoneInvite Purpose = "capstone-invite"
	CoSpeakerAgree Purpose = "cospeaker-agree"
	FadeAnswer     Purpose = "fade-answer"
)
