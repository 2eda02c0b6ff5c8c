// Command mentorship is the Lambda function behind the mentorship routes:
// applications, pairing, check-ins and the organizers' view of every pair
// (template.yaml's MentorshipFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.MentorshipFunction) }
