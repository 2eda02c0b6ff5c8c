package local

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/tehpug/backend/internal/samtemplate"
)

// selectFunctions returns the template's functions with the given logical
// IDs, or all of them.
func selectFunctions(tpl *samtemplate.Template, ids []string) ([]samtemplate.Function, error) {
	if len(ids) == 0 {
		return tpl.Functions, nil
	}
	var fns []samtemplate.Function
	for _, id := range ids {
		fn, ok := tpl.Function(id)
		if !ok {
			return nil, fmt.Errorf("no function %q in the template", id)
		}
		fns = append(fns, fn)
	}
	return fns, nil
}

// functionEnvironments resolves each function's template environment,
// with the variables Lambda derives from its LoggingConfig.
func functionEnvironments(src []byte, fns []samtemplate.Function, refs map[string]string) (map[string]map[string]string, error) {
	logging, err := samtemplate.ParseLogging(src)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for _, fn := range fns {
		env, err := fn.Environment(refs)
		if err != nil {
			return nil, err
		}
		maps.Copy(env, logging[fn.LogicalID].Environment())
		out[fn.LogicalID] = env
	}
	return out, nil
}

// lambdaEnv is a function's whole environment: the template's variables and
// what Lambda itself sets, pointing the SDK at the local services. Nothing
// comes from the developer's own environment, so real AWS credentials never
// reach a local function.
func lambdaEnv(fn samtemplate.Function, env map[string]string, bootstrap, dynamoURL, sesURL, invokeURL string) []string {
	all := maps.Clone(env)
	maps.Copy(all, map[string]string{
		"PATH":                            "/usr/local/bin:/usr/bin:/bin",
		"LANG":                            "en_US.UTF-8",
		"TZ":                              ":UTC",
		"LAMBDA_TASK_ROOT":                filepath.Dir(bootstrap),
		"_HANDLER":                        fn.Handler,
		"AWS_REGION":                      region,
		"AWS_DEFAULT_REGION":              region,
		"AWS_ACCESS_KEY_ID":               "local",
		"AWS_SECRET_ACCESS_KEY":           "local",
		"AWS_SESSION_TOKEN":               "local",
		"AWS_ENDPOINT_URL_DYNAMODB":       dynamoURL,
		"AWS_ENDPOINT_URL_SES":            sesURL,
		"AWS_ENDPOINT_URL_SESV2":          sesURL,
		"AWS_ENDPOINT_URL_LAMBDA":         invokeURL, // a function that invokes another (the match runner)
		"AWS_LAMBDA_FUNCTION_NAME":        fn.LogicalID,
		"AWS_LAMBDA_FUNCTION_VERSION":     "$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(fn.MemorySize),
		"AWS_LAMBDA_FUNCTION_TIMEOUT":     strconv.Itoa(fn.Timeout), // read by the emulator
		"AWS_LAMBDA_LOG_GROUP_NAME":       "/aws/lambda/" + fn.LogicalID,
		"AWS_LAMBDA_LOG_STREAM_NAME":      "local",
	})
	out := make([]string, 0, len(all))
	for _, k := range slices.Sorted(maps.Keys(all)) {
		out = append(out, k+"="+all[k])
	}
	return out
}
