// Command meetup-reminder is the scheduled function that reminds registrants
// and speakers of a meetup a day or two ahead, with a calendar invite
// (template.yaml's MeetupReminderFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.MeetupReminderFunction) }
