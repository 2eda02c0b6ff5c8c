package console

import (
	"crypto/sha256"
	"encoding/base64"
)

// CSP is the console pages' Content-Security-Policy. Nothing inline runs:
// the one style sheet is allowed by its hash, the one script is the
// console's own file, and no page can be framed, post elsewhere or fetch
// from anywhere but the console's origin.
var CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self'; style-src '" + styleHash() +
	"'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// styleHash is the CSP source of the style sheet's text.
func styleHash() string {
	sum := sha256.Sum256([]byte(style))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}
