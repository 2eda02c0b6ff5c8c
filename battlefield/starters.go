// Package battlefield holds, for the Go side, what Battlefield's pages
// hand members from this folder: the starter robots. Everything else here
// is the match runner, in Python (docs/BATTLEFIELD.md).
package battlefield

import "embed"

// Starters are the starter robots, one per game: starters/<game>.py.
//
//go:embed starters/*.py
var Starters embed.FS
