package samtemplate

import (
	"gopkg.in/yaml.v3"
)

// Logging is a function's LoggingConfig with Globals applied. Lambda turns it
// into environment variables that runtimes and log libraries read.
type Logging struct {
	LogFormat           string // "Text" or "JSON"
	ApplicationLogLevel string
	SystemLogLevel      string
}

// ParseLogging reads every function's LoggingConfig, by logical ID.
func ParseLogging(b []byte) (map[string]Logging, error) {
	doc, err := document(b)
	if err != nil {
		return nil, err
	}
	globals := mapGet(mapGet(mapGet(doc, "Globals"), "Function"), "LoggingConfig")
	resources := mapGet(doc, "Resources")
	out := map[string]Logging{}
	for i := 0; resources != nil && i+1 < len(resources.Content); i += 2 {
		id, res := resources.Content[i].Value, resources.Content[i+1]
		if scalar(mapGet(res, "Type")) != "AWS::Serverless::Function" {
			continue
		}
		var l Logging
		for _, src := range []*yaml.Node{globals, mapGet(mapGet(res, "Properties"), "LoggingConfig")} {
			if n := mapGet(src, "LogFormat"); n != nil {
				l.LogFormat = n.Value
			}
			if n := mapGet(src, "ApplicationLogLevel"); n != nil {
				l.ApplicationLogLevel = n.Value
			}
			if n := mapGet(src, "SystemLogLevel"); n != nil {
				l.SystemLogLevel = n.Value
			}
		}
		out[id] = l
	}
	return out, nil
}

// Environment returns the variables Lambda sets for this configuration:
// AWS_LAMBDA_LOG_FORMAT, and with the JSON format AWS_LAMBDA_LOG_LEVEL
// (INFO unless an application log level is configured).
func (l Logging) Environment() map[string]string {
	env := map[string]string{}
	if l.LogFormat == "" {
		return env
	}
	env["AWS_LAMBDA_LOG_FORMAT"] = l.LogFormat
	if l.LogFormat == "JSON" {
		level := l.ApplicationLogLevel
		if level == "" {
			level = "INFO"
		}
		env["AWS_LAMBDA_LOG_LEVEL"] = level
	}
	return env
}
