package consolepath

// Members is the members page: the counts, and a member found by address.
const Members = Root + "/members"

// MemberErase erases the member a form names, after its confirmation page.
const MemberErase = Members + "/erase"

// Record is the record of what organizers changed, the newest first.
const Record = Root + "/record"
