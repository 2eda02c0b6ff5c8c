package passkeysapi_test

import (
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/wiring"
)

func newConsole(t *testing.T, opts ...wiring.Option) *apitest.Console {
	t.Helper()
	return apitest.NewConsole(t, apitest.ConsoleFunctions, opts...)
}
