package samtemplate

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
)

func repoTemplateBytes(tb testing.TB) []byte {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "template.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func TestParseCorsRepositoryTemplate(t *testing.T) {
	c, err := ParseCors(repoTemplateBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	if c == nil {
		t.Fatal("no CorsConfiguration")
	}
	if want := []Value{{Ref: "SiteOrigin"}}; !reflect.DeepEqual(c.AllowOrigins, want) {
		t.Errorf("AllowOrigins %+v, want %+v", c.AllowOrigins, want)
	}
	origins, err := c.Origins(map[string]string{"SiteOrigin": "http://127.0.0.1:1313"})
	if err != nil || !reflect.DeepEqual(origins, []string{"http://127.0.0.1:1313"}) {
		t.Errorf("Origins %v, %v", origins, err)
	}
	if len(c.AllowMethods) == 0 || len(c.AllowHeaders) == 0 || c.MaxAge <= 0 {
		t.Errorf("methods %v, headers %v, max age %d", c.AllowMethods, c.AllowHeaders, c.MaxAge)
	}
}

func TestParseCors(t *testing.T) {
	const head = "Resources:\n  Api:\n    Type: AWS::Serverless::HttpApi\n    Properties:\n"
	tests := []struct {
		name    string
		src     string
		want    *Cors
		wantErr bool
	}{
		{"none", head + "      StageName: x\n", nil, false},
		{"no API", "Resources: {}\n", nil, false},
		{"true", head + "      CorsConfiguration: true\n",
			&Cors{AllowOrigins: []Value{{Literal: "*"}}, AllowMethods: []string{"*"}, AllowHeaders: []string{"*"}}, false},
		{"full", head + "      CorsConfiguration:\n        AllowOrigins: [\"https://a.example\", !Sub \"https://${Domain}\"]\n" +
			"        ExposeHeaders: [Location]\n        AllowCredentials: true\n        MaxAge: 60\n",
			&Cors{AllowOrigins: []Value{{Literal: "https://a.example"}, {Sub: "https://${Domain}"}}, ExposeHeaders: []string{"Location"}, AllowCredentials: true, MaxAge: 60}, false},
		{"bad max age", head + "      CorsConfiguration:\n        MaxAge: soon\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCors([]byte(tt.src))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseLogging(t *testing.T) {
	logging, err := ParseLogging(repoTemplateBytes(t))
	if err != nil {
		t.Fatal(err)
	}
	tpl := repoTemplate(t)
	for _, fn := range tpl.Functions {
		env := logging[fn.LogicalID].Environment()
		if env["AWS_LAMBDA_LOG_FORMAT"] != "JSON" || env["AWS_LAMBDA_LOG_LEVEL"] != "INFO" {
			t.Errorf("%s: logging environment %v", fn.LogicalID, env)
		}
	}

	tests := []struct {
		name string
		l    Logging
		want map[string]string
	}{
		{"none", Logging{}, map[string]string{}},
		{"text", Logging{LogFormat: "Text"}, map[string]string{"AWS_LAMBDA_LOG_FORMAT": "Text"}},
		{"json with level", Logging{LogFormat: "JSON", ApplicationLogLevel: "DEBUG"},
			map[string]string{"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "DEBUG"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.Environment(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v", got)
			}
		})
	}
}
