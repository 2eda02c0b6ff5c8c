// Command pages is the Lambda function behind the thank-you page and every
// route no other function serves (template.yaml's PagesFunction).
package main

import "github.com/tehpug/backend/internal/wiring"

func main() { wiring.Start(wiring.PagesFunction) }
