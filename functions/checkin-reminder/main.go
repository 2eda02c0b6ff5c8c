// Command checkin-reminder is the scheduled nudge for mentorship pairs that
// have gone quiet, and the organizers' alert when one stalls
// (template.yaml's CheckinReminderFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.CheckinReminderFunction) }
