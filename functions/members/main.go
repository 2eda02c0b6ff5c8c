// Command members is the Lambda function behind the member routes: join,
// confirm, unsubscribe and erase (template.yaml's MembersFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.MembersFunction) }
