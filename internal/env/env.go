// Package env reads a function's configuration from the environment variables
// template.yaml sets, collecting every missing one so a misconfigured
// function fails at start-up with one clear message.
package env

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the group's time zone, whatever the runtime image holds
)

// Reader reads variables and remembers which required ones were missing.
type Reader struct {
	missing []string
	invalid []string
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

// Err names every required variable that was missing or not valid.
func (r *Reader) Err() error {
	var problems []string
	if len(r.missing) > 0 {
		problems = append(problems, "missing environment variables: "+strings.Join(r.missing, ", "))
	}
	problems = append(problems, r.invalid...)
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("configuration: %s", strings.Join(problems, "; "))
}

// PositiveInt returns a required variable as a whole number of at least 1.
func (r *Reader) PositiveInt(name string) int {
	v := r.Required(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		r.invalid = append(r.invalid, name+" must be a whole number of at least 1")
	}
	return n
}

// Location returns a required variable as a time zone (IANA name). The
// zone database is embedded in every binary (time/tzdata).
func (r *Reader) Location(name string) *time.Location {
	v := r.Required(name)
	if v == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(v)
	if err != nil {
		r.invalid = append(r.invalid, name+" must be an IANA time zone such as Asia/Tehran")
		return time.UTC
	}
	return loc
}

// PositiveFloat returns a required variable as a number above 0.
func (r *Reader) PositiveFloat(name string) float64 {
	v := r.Required(name)
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0) {
		r.invalid = append(r.invalid, name+" must be a number above 0")
	}
	return f
}
