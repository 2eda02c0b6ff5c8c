// Command passkeys is the Lambda function behind the organizers' passkeys:
// the console's passkeys page, adding one and signing in with one
// (template.yaml's PasskeysFunction).
package main

import (
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/passkeyswiring"
)

func main() { wiring.Start(passkeyswiring.PasskeysFunction) }
