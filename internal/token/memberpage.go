package token

// MemberPage opens a member's own page (My TehPUG): its subject and owner
// are the member's person key. Every email to a member carries one; it
// lasts long, can be revoked, and a page opened from a newer link retires
// the older ones.
const MemberPage Purpose = "member-page"
