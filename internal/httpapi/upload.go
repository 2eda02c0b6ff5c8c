package httpapi

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/url"
	"reflect"
	"unicode/utf8"

	"github.com/tehpug/backend/internal/apperr"
	"github.com/tehpug/backend/internal/problem"
)

const mediaMultipart = "multipart/form-data"

// DecodeUpload reads a form that may carry one file, named file: a
// browser's multipart/form-data post, whose text fields are set into dst as
// Decode sets an urlencoded form's, or anything Decode reads (then no file
// comes). It returns the file's bytes, or nil when none was chosen. A part
// that is not valid UTF-8 text is Invalid naming its field; a body that is
// not a well-formed multipart body is Malformed.
func (r *Request) DecodeUpload(dst any, file string) ([]byte, error) {
	mt, params := r.mediaType()
	if mt != mediaMultipart {
		return nil, r.Decode(dst)
	}
	body, err := r.body()
	if err != nil {
		return nil, err
	}
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil, errors.New("httpapi: decode upload: want a non-nil pointer to a struct")
	}
	vals, content, err := parseMultipart(body, params["boundary"], file)
	if err != nil {
		return nil, err
	}
	problems := map[string]problem.Problem{}
	if err := setFields(rv.Elem(), vals, problems); err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, apperr.InvalidFields(problems)
	}
	return content, nil
}

// parseMultipart reads a multipart/form-data body: its text fields, and
// the content of the file part named file (nil when none was chosen).
func parseMultipart(body []byte, boundary, file string) (url.Values, []byte, error) {
	if boundary == "" {
		return nil, nil, apperr.New(apperr.Malformed, "The multipart body has no boundary.")
	}
	vals := url.Values{}
	var content []byte
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return vals, content, nil
		}
		if err != nil {
			return nil, nil, apperr.New(apperr.Malformed, "The multipart body is malformed.")
		}
		// The body is capped already: a part is at most that long.
		b, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, apperr.New(apperr.Malformed, "The multipart body is malformed.")
		}
		name := p.FormName()
		switch {
		case name == file:
			if p.FileName() != "" || len(b) > 0 {
				content = b
			}
		case name == "" || p.FileName() != "":
			// a file the form does not take
		case !utf8.Valid(b):
			return nil, nil, apperr.InvalidFields(map[string]problem.Problem{name: problem.Of(problem.NotText)})
		default:
			vals.Add(name, string(b))
		}
	}
}
