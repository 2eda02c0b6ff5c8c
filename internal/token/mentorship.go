package token

// Purposes of the mentorship check-in links: one per side of a pair, so a
// mentor's link never checks in for the mentee, nor the mentee's for the
// mentor. Both are used many times (one link serves every check-in) and stop
// working when the pair ends.
const (
	MentorCheckIn Purpose = "mentor-checkin"
	MenteeCheckIn Purpose = "mentee-checkin"
)
