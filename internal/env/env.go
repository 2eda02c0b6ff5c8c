// Package env reads a function's configuration from the environment variables
// template.yaml sets, collecting every missing one so a misconfigured
// function fails at start-up with one clear message.
package env

import (
	"fmt"
	"os"
	"strings"
)

// Reader reads variables and remembers which required ones were missing.
type Reader struct {
	missing []string
}

// New returns a Reader.
func New() *Reader { return &Reader{} }

// Required returns the variable's value, noting it if unset or empty.
func (r *Reader) Required(name string) string {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		r.missing = append(r.missing, name)
	}
	return v
}

// Optional returns the variable's value, or "".
func (r *Reader) Optional(name string) string {
	return strings.TrimSpace(os.Getenv(name))
}

// Err names every required variable that was missing.
func (r *Reader) Err() error {
	if len(r.missing) == 0 {
		return nil
	}
	return fmt.Errorf("missing environment variables: %s", strings.Join(r.missing, ", "))
}
