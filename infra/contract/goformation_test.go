package contract

import (
	"path/filepath"
	"testing"

	"github.com/awslabs/goformation/v7"
)

// TestTemplateParses reads template.yaml with goformation, which knows every
// CloudFormation and SAM resource type and intrinsic function.
func TestTemplateParses(t *testing.T) {
	tpl, err := goformation.Open(filepath.Join(root(), "template.yaml"))
	if err != nil {
		t.Fatalf("goformation: %v", err)
	}
	fns := tpl.GetAllServerlessFunctionResources()
	if len(fns) == 0 {
		t.Fatal("no functions")
	}
	for id, f := range fns {
		if f.Runtime == nil && f.Handler == nil && f.CodeUri == nil {
			t.Errorf("%s: no code", id)
		}
	}
	if _, err := tpl.GetServerlessHttpApiWithName("HttpApi"); err != nil {
		t.Errorf("HttpApi: %v", err)
	}
	if _, err := tpl.GetDynamoDBTableWithName("Table"); err != nil {
		t.Errorf("Table: %v", err)
	}
}
