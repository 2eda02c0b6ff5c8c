// Command call-for-speakers is the scheduled empty-slot alarm and speaker
// confirmation ladder (template.yaml's CallForSpeakersFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.CallForSpeakersFunction) }
