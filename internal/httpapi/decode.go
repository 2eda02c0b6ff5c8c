package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/problem"
)

// Decode reads the body into dst, a pointer to a struct with `json` tags.
//
//   - application/json (charset utf-8 allowed): encoding/json, unknown fields
//     ignored. The body must be one JSON object; malformed JSON is Malformed
//     (400). A value of the wrong JSON type for a known field is Invalid (422)
//     naming that field (its JSON path, e.g. "capacity" or "venue.name"), as
//     form values that cannot be converted are. A custom UnmarshalJSON that
//     fails (e.g. time.Time given "tomorrow") cannot be traced to its field
//     and is Malformed: take times as strings and check them with validate.
//   - application/x-www-form-urlencoded: values are set by json tag name on
//     string, bool, int kinds (and pointers to them), []string, and
//     encoding.TextUnmarshaler fields. Scalars take the last value of a
//     repeated key; a bool is true when any of its values is "on", "true",
//     "1" or "yes" and false for "off", "false", "0", "no" or ""; an empty
//     value leaves an int or non-string pointer unset; each []string value is
//     split on commas (Latin or Arabic), trimmed, and empties dropped. Values that cannot be
//     converted are Invalid naming every such field; bad percent-encoding is
//     Malformed.
//   - any other or no Content-Type, or a charset other than UTF-8:
//     UnsupportedMedia (415). A body over MaxBodyBytes: TooLarge (413). A body
//     (or form value) that is not valid UTF-8: Malformed (400).
//
// Strings are not trimmed or otherwise changed; validation is the caller's.
// A dst that is not a pointer to a struct is a programming error, returned as
// a plain (500) error.
func (r *Request) Decode(dst any) error {
	body, err := r.body()
	if err != nil {
		return err
	}
	mt, params := r.mediaType()
	if mt != mediaJSON && mt != mediaForm {
		return apperr.New(apperr.UnsupportedMedia, "Send the body as application/json or application/x-www-form-urlencoded.")
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return apperr.New(apperr.UnsupportedMedia, "Send the body encoded as UTF-8.")
	}
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("httpapi: decode into %T: want a non-nil pointer to a struct", dst)
	}
	if !utf8.Valid(body) {
		return apperr.New(apperr.Malformed, "The request body is not valid UTF-8.")
	}
	if mt == mediaJSON {
		return decodeJSON(body, dst)
	}
	vals, err := parseForm(body)
	if err != nil {
		return err
	}
	problems := map[string]problem.Problem{}
	if err := setFields(rv.Elem(), vals, problems); err != nil {
		return err
	}
	if len(problems) > 0 {
		return apperr.InvalidFields(problems)
	}
	return nil
}

func decodeJSON(body []byte, dst any) error {
	if trimmed := strings.TrimLeft(string(body), " \t\r\n"); !strings.HasPrefix(trimmed, "{") {
		return apperr.New(apperr.Malformed, "The request body must be a JSON object.")
	}
	err := json.Unmarshal(body, dst)
	if err == nil {
		return nil
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
		return apperr.InvalidFields(typeErrors(body, reflect.TypeOf(dst).Elem(), te))
	}
	if _, ok := errors.AsType[*json.SyntaxError](err); ok {
		return apperr.New(apperr.Malformed, "The request body is not valid JSON.")
	}
	if _, ok := errors.AsType[*json.InvalidUnmarshalError](err); ok {
		return fmt.Errorf("httpapi: decode json: %w", err)
	}
	// A type's own UnmarshalJSON failed; encoding/json does not say where.
	return apperr.New(apperr.Malformed, "A value in the JSON body has the wrong format.")
}

// typeMessage says what a field of the JSON path te.Field must be, judging by
// the Go type it lands in (the field's, not a list element's).
// typeErrors names every top-level field of the body whose JSON type is
// wrong, not only the first one encoding/json reports, so a client fixes
// them all at once.
func typeErrors(body []byte, root reflect.Type, first *json.UnmarshalTypeError) map[string]problem.Problem {
	fields := map[string]problem.Problem{first.Field: problem.Of(typeMessage(root, first))}
	var raw map[string]json.RawMessage
	if root.Kind() != reflect.Struct || json.Unmarshal(body, &raw) != nil {
		return fields
	}
	for name, v := range raw {
		f, ok := fieldByJSONName(root, name)
		if !ok {
			continue
		}
		if _, ok := errors.AsType[*json.UnmarshalTypeError](json.Unmarshal(v, reflect.New(f.Type).Interface())); ok {
			if _, seen := fields[name]; !seen {
				fields[name] = problem.Of(kindMessage(f.Type))
			}
		}
	}
	return fields
}

func typeMessage(root reflect.Type, te *json.UnmarshalTypeError) problem.Code {
	t := te.Type
	cur := root
	found := true
	for seg := range strings.SplitSeq(te.Field, ".") {
		for cur.Kind() == reflect.Pointer {
			cur = cur.Elem()
		}
		if cur.Kind() != reflect.Struct {
			found = false
			break
		}
		f, ok := fieldByJSONName(cur, seg)
		if !ok {
			found = false
			break
		}
		cur = f.Type
	}
	if found {
		t = cur
	}
	return kindMessage(t)
}

func kindMessage(t reflect.Type) problem.Code {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return problem.TextValue
	case reflect.Bool:
		return problem.Bool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return problem.WholeNumber
	case reflect.Float32, reflect.Float64:
		return problem.Number
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.String {
			return problem.TextList
		}
		return problem.List
	case reflect.Struct, reflect.Map:
		return problem.Object
	}
	return problem.WrongType
}

// fieldByJSONName finds the struct field (embedded structs included) that a
// JSON or form key names.
func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	for f := range t.Fields() {
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				if sf, ok := fieldByJSONName(et, name); ok {
					return sf, true
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		if tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}
