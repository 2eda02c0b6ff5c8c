// Command organizer-digest is the organizers' weekly digest
// (template.yaml's OrganizerDigestFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.OrganizerDigestFunction) }
