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

// TestRuntimeHandlerRole reads each function's runtime, handler, role and
// events: the Go functions inherit Globals', the match runner sets its own.
func TestRuntimeHandlerRole(t *testing.T) {
	tpl := repoTemplate(t)
	members, _ := tpl.Function("MembersFunction")
	if members.Runtime != "provided.al2023" || members.Handler != "bootstrap" || members.Role != "" || members.Python() {
		t.Errorf("MembersFunction: runtime %q, handler %q, role %q", members.Runtime, members.Handler, members.Role)
	}
	if members.Events != len(members.Routes) || members.Events == 0 {
		t.Errorf("MembersFunction: %d events, %d routes", members.Events, len(members.Routes))
	}
	runner, ok := tpl.Function("MatchRunnerFunction")
	if !ok {
		t.Fatal("no MatchRunnerFunction")
	}
	if runner.Runtime != "python3.13" || runner.Handler != "runner.handler.handle" || runner.Role != "MatchRunnerRole" || !runner.Python() || runner.Events != 0 {
		t.Errorf("MatchRunnerFunction: %+v", runner)
	}
	if _, ok := tpl.Roles["MatchRunnerRole"]["AssumeRolePolicyDocument"]; !ok {
		t.Errorf("roles %v", tpl.Roles)
	}

	for _, src := range []string{"!GetAtt R.Arn", "!GetAtt [R, Arn]", "{\"Fn::GetAtt\": [R, Arn]}"} {
		b := "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties: {}\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: " + src + "\n"
		tpl, err := Parse([]byte(b))
		if err != nil || tpl.Functions[0].Role != "R" {
			t.Errorf("%s: %v %+v", src, err, tpl)
		}
	}
	b := "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties: {}\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Role: arn:aws:iam::1:role/x\n"
	if _, err := Parse([]byte(b)); err == nil {
		t.Error("a literal role ARN is accepted")
	}
}
