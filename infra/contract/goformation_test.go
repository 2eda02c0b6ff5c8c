package contract

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/awslabs/goformation/v7"

	"github.com/tehpug/backend/internal/testenv"
)

// specGaps are SAM properties goformation's resource specification lacks or
// names differently. AWS::Serverless::HttpApi takes AccessLogSettings (SAM's
// own name, which sam deploy reads), where the published specification says
// AccessLogSetting; goformation refuses unknown properties, so the block is
// left out of what it reads.
var specGaps = regexp.MustCompile(`(?m)^      AccessLogSettings:\n(?:        .*\n)+`)

// TestTemplateParses reads template.yaml with goformation, which knows every
// CloudFormation and SAM resource type and intrinsic function.
func TestTemplateParses(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testenv.Root(), "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !specGaps.Match(b) {
		t.Fatal("the HttpApi's AccessLogSettings block is gone: update specGaps")
	}
	tpl, err := goformation.ParseYAML(specGaps.ReplaceAll(b, nil))
	if err != nil {
		t.Fatalf("goformation: %v", err)
	}
	fns := tpl.GetAllServerlessFunctionResources()
	if len(fns) == 0 {
		t.Fatal("no functions")
	}
	for id, f := range fns {
		if f.CodeUri == nil {
			t.Errorf("%s: no CodeUri", id)
		}
	}
	if _, err := tpl.GetServerlessHttpApiWithName("HttpApi"); err != nil {
		t.Errorf("HttpApi: %v", err)
	}
	if _, err := tpl.GetDynamoDBTableWithName("Table"); err != nil {
		t.Errorf("Table: %v", err)
	}
}
