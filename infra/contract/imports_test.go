package contract

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/testenv"
)

// adapters are the packages allowed to import the AWS SDK (and smithy):
// the DynamoDB and SES adapters, configuration, the composition root, and
// the test support that reads the local services directly. Every other
// package, the domain first of all, declares the small interface it needs.
var adapters = []string{
	"internal/config", "internal/dynamo", "internal/ses", "internal/samtemplate",
	"internal/wiring", "internal/wiring/wiringtest", "internal/testenv", "internal/httpapi/apitest", "internal/email/emailtest",
}

// TestDomainImportsNoAWSSDK: no package outside the adapters links the AWS
// SDK or smithy, directly or through anything it imports.
func TestDomainImportsNoAWSSDK(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./internal/...")
	cmd.Dir = testenv.Root()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const module = "github.com/tehpug/backend/"
	checked := 0
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, " ")
		rel, ok := strings.CutPrefix(pkg, module)
		if !ok || slices.Contains(adapters, rel) {
			continue
		}
		checked++
		for dep := range strings.SplitSeq(deps, " ") {
			if strings.HasPrefix(dep, "github.com/aws/aws-sdk-go-v2") || strings.HasPrefix(dep, "github.com/aws/smithy-go") {
				t.Errorf("%s imports %s (only %v may)", rel, dep, adapters)
				break
			}
		}
	}
	if checked < 20 {
		t.Fatalf("checked only %d packages", checked)
	}
}

// TestNoGoTemplates: pages and emails are templ components. No package of
// ours imports html/template or text/template itself: executing one keeps
// their reflective method lookup in the binary, megabytes more in each
// function (templ's runtime links html/template's escaping only).
func TestNoGoTemplates(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...")
	cmd.Dir = testenv.Root()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		for imp := range strings.SplitSeq(imports, " ") {
			if imp == "html/template" || imp == "text/template" {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
}
