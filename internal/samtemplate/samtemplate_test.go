package samtemplate

import (
	"path/filepath"
	"runtime"
	"testing"
)

// repoTemplate loads the repository's own template.yaml.
func repoTemplate(tb testing.TB) *Template {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	tpl, err := Load(filepath.Join(filepath.Dir(file), "..", "..", "template.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	return tpl
}

func TestRepositoryTemplate(t *testing.T) {
	tpl := repoTemplate(t)
	members, ok := tpl.Function("MembersFunction")
	if !ok {
		t.Fatal("MembersFunction missing")
	}
	refs, err := tpl.Refs(map[string]string{"PublicBaseUrl": "http://127.0.0.1:3000", "SenderEmail": "a@b.example", "OrganizerEmails": "o@b.example"}, "local-table", "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	env, err := members.Environment(refs)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"TABLE_NAME": "local-table", "PUBLIC_BASE_URL": "http://127.0.0.1:3000", "TIME_ZONE": "Asia/Tehran", "DAILY_EMAIL_LIMIT": "3"} {
		if env[k] != want {
			t.Errorf("env %s = %q, want %q", k, env[k], want)
		}
	}
	keys := map[string]bool{}
	for _, r := range members.Routes {
		keys[r.RouteKey()] = true
	}
	for _, k := range []string{"POST /members", "GET /members/confirm", "POST /unsubscribe"} {
		if !keys[k] {
			t.Errorf("route %s missing", k)
		}
	}
	in, err := tpl.CreateTableInput("t1")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.KeySchema) != 2 || len(in.GlobalSecondaryIndexes) == 0 {
		t.Errorf("table keys %v, indexes %v", in.KeySchema, in.GlobalSecondaryIndexes)
	}
	if tpl.TTLAttribute() != "ttl" {
		t.Errorf("TTL attribute %q", tpl.TTLAttribute())
	}
}

func TestResolve(t *testing.T) {
	refs := map[string]string{"A": "1", "B": "two"}
	tests := []struct {
		name    string
		v       Value
		want    string
		wantErr bool
	}{
		{"literal", Value{Literal: "x"}, "x", false},
		{"ref", Value{Ref: "B"}, "two", false},
		{"sub", Value{Sub: "${A}-${B}"}, "1-two", false},
		{"missing ref", Value{Ref: "C"}, "", true},
		{"missing sub", Value{Sub: "${C}"}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.v.Resolve(refs)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("got %q, %v", got, err)
			}
		})
	}
}
