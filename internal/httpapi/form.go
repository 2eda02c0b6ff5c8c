package httpapi

import (
	"encoding"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/problem"
)

// parseForm parses a urlencoded body, rejecting bad escapes and non-UTF-8.
func parseForm(body []byte) (url.Values, error) {
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, apperr.New(apperr.Malformed, "The form body is not valid URL encoding.")
	}
	for k, vs := range vals {
		if !utf8.ValidString(k) {
			return nil, apperr.New(apperr.Malformed, "The form body is not valid UTF-8.")
		}
		for _, v := range vs {
			if !utf8.ValidString(v) {
				return nil, apperr.New(apperr.Malformed, "The form body is not valid UTF-8.")
			}
		}
	}
	return vals, nil
}

// setFields sets v's fields from form values, collecting per-field problems.
func setFields(v reflect.Value, vals url.Values, problems map[string]problem.Problem) error {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct {
			if err := setFields(v.Field(i), vals, problems); err != nil {
				return err
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		vs, ok := vals[tag]
		if !ok || len(vs) == 0 {
			continue
		}
		msg, err := setField(v.Field(i), vs)
		if err != nil {
			return fmt.Errorf("httpapi: form field %q: %w", tag, err)
		}
		if msg != problem.None {
			problems[tag] = problem.Of(msg)
		}
	}
	return nil
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// setField converts form values into fv. It returns a client-facing problem
// for a value that does not convert, or an error for a field type forms do
// not support (a programming error).
func setField(fv reflect.Value, vs []string) (problem.Code, error) {
	last := vs[len(vs)-1]
	if fv.Kind() != reflect.Pointer && reflect.PointerTo(fv.Type()).Implements(textUnmarshaler) {
		if err := fv.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(strings.TrimSpace(last))); err != nil {
			return problem.NotValid, nil
		}
		return problem.None, nil
	}
	switch fv.Kind() {
	case reflect.Pointer:
		if strings.TrimSpace(last) == "" && fv.Type().Elem().Kind() != reflect.String {
			return problem.None, nil // an empty optional number or time is absent
		}
		p := reflect.New(fv.Type().Elem())
		msg, err := setField(p.Elem(), vs)
		if msg == problem.None && err == nil {
			fv.Set(p)
		}
		return msg, err
	case reflect.String:
		fv.SetString(last)
	case reflect.Bool:
		b := false
		for _, s := range vs {
			switch strings.ToLower(strings.TrimSpace(s)) {
			case "on", "true", "1", "yes":
				b = true
			case "off", "false", "0", "no", "":
			default:
				return problem.Bool, nil
			}
		}
		fv.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return setWhole(fv, last, strconv.ParseInt, fv.SetInt), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return setWhole(fv, last, strconv.ParseUint, fv.SetUint), nil
	case reflect.Slice:
		if fv.Type().Elem().Kind() != reflect.String {
			return problem.None, fmt.Errorf("unsupported type %s", fv.Type())
		}
		items := reflect.MakeSlice(fv.Type(), 0, len(vs))
		for _, v := range vs {
			for _, item := range strings.FieldsFunc(v, isListComma) {
				if item = strings.TrimSpace(item); item != "" {
					items = reflect.Append(items, reflect.ValueOf(item).Convert(fv.Type().Elem()))
				}
			}
		}
		fv.Set(items)
	default:
		return problem.None, fmt.Errorf("unsupported type %s", fv.Type())
	}
	return problem.None, nil
}

// setWhole sets the whole-number field fv to s, read by parse in the
// field's size; an empty s leaves it as it is.
func setWhole[N int64 | uint64](fv reflect.Value, s string, parse func(string, int, int) (N, error), set func(N)) problem.Code {
	s = strings.TrimSpace(s)
	if s == "" {
		return problem.None
	}
	n, err := parse(s, 10, fv.Type().Bits())
	if err != nil {
		return problem.WholeNumber
	}
	set(n)
	return problem.None
}

// isListComma reports whether r separates the items of a list typed in a
// form: a comma, or the Arabic comma a Persian keyboard types.
func isListComma(r rune) bool { return r == ',' || r == '،' }
