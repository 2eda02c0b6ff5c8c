// Package config is a function's configuration: the environment variables
// template.yaml sets, read and checked at start-up so that a misconfigured
// function fails on its first cold start with one message naming every
// problem, and the AWS SDK settings Lambda provides.
package config

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the group's time zone, whatever the runtime image holds
)

// Env reads variables and remembers which it read and which required ones
// were missing or not valid.
type Env struct {
	get     func(string) string
	read    []string
	missing []string
	invalid []string
}

// FromOS reads the process environment.
func FromOS() *Env { return &Env{get: os.Getenv} }

// FromMap reads vars, as a test sets them.
func FromMap(vars map[string]string) *Env {
	return &Env{get: func(k string) string { return vars[k] }}
}

func (e *Env) lookup(name string) string {
	if !slices.Contains(e.read, name) {
		e.read = append(e.read, name)
	}
	return strings.TrimSpace(e.get(name))
}

// Required returns the variable's value, noting it if unset or empty.
func (e *Env) Required(name string) string {
	v := e.lookup(name)
	if v == "" && !slices.Contains(e.missing, name) {
		e.missing = append(e.missing, name)
	}
	return v
}

// Optional returns the variable's value, or "".
func (e *Env) Optional(name string) string { return e.lookup(name) }

// PositiveInt returns a required variable as a whole number of at least 1.
func (e *Env) PositiveInt(name string) int {
	v := e.Required(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		e.invalidf("%s must be a whole number of at least 1", name)
	}
	return n
}

// PositiveFloat returns a required variable as a number above 0.
func (e *Env) PositiveFloat(name string) float64 {
	v := e.Required(name)
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0) {
		e.invalidf("%s must be a number above 0", name)
	}
	return f
}

// Location returns a required variable as a time zone (IANA name). The zone
// database is embedded in every binary (time/tzdata).
func (e *Env) Location(name string) *time.Location {
	v := e.Required(name)
	if v == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(v)
	if err != nil {
		e.invalidf("%s must be an IANA time zone such as Asia/Tehran", name)
		return time.UTC
	}
	return loc
}

// Invalid notes a problem with a variable that a caller checked itself.
func (e *Env) Invalid(name string, err error) {
	e.invalidf("%s: %v", name, err)
}

func (e *Env) invalidf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !slices.Contains(e.invalid, msg) {
		e.invalid = append(e.invalid, msg)
	}
}

// Read lists the variables read so far, in the order first read: what the
// contract tests compare with template.yaml.
func (e *Env) Read() []string { return slices.Clone(e.read) }

// Err names every required variable that was missing or not valid.
func (e *Env) Err() error {
	var problems []string
	if len(e.missing) > 0 {
		problems = append(problems, "missing environment variables: "+strings.Join(e.missing, ", "))
	}
	problems = append(problems, e.invalid...)
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("configuration: %s", strings.Join(problems, "; "))
}
