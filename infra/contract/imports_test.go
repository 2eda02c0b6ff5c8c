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
	"internal/config", "internal/dynamo", "internal/ses", "internal/matchrunner", "internal/samtemplate",
	"internal/wiring", "internal/wiring/passkeyswiring", "internal/wiring/functions", "internal/wiring/wiringtest", "internal/testenv", "internal/httpapi/apitest", "internal/email/emailtest",
}

// TestDomainImportsNoAWSSDK: no package outside the adapters links the AWS
// SDK or smithy, directly or through anything it imports.
func TestDomainImportsNoAWSSDK(t *testing.T) {
	const module = "github.com/tehpug/backend/"
	checked := 0
	for _, line := range goList(t, `{{.ImportPath}} {{join .Deps " "}}`, "./internal/...") {
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
	for _, line := range goList(t, `{{.ImportPath}} {{join .Imports " "}}`, "./...") {
		pkg, imports, _ := strings.Cut(line, " ")
		for imp := range strings.SplitSeq(imports, " ") {
			if imp == "html/template" || imp == "text/template" {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
}

// goList runs go list -f format on pattern in the repository, a line per package.
func goList(t *testing.T, format, pattern string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", format, pattern)
	cmd.Dir = testenv.Root()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	return strings.Split(strings.TrimSpace(string(out)), "\n")
}
