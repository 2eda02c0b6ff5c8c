package httpapi

import (
	"bytes"
	"mime/multipart"
	"testing"
	"unicode/utf8"

	"github.com/tehpug/backend/internal/apperr"
)

// uploadForm has the kinds of field an upload form has.
type uploadForm struct {
	Name  string `json:"name"`
	Code  string `json:"code"`
	Agree bool   `json:"agree"`
}

// multipartBody writes fields and, when file is not nil, the file part
// "file" as a browser would.
func multipartBody(t testing.TB, fields map[string]string, file []byte) (string, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if file != nil {
		fw, err := w.CreateFormFile("file", "robot.py")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write(file)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return w.FormDataContentType(), b.String()
}

// FuzzDecodeUpload decodes any body as an upload form. It never panics; it
// refuses only with a client error naming fields the struct has; the text
// it decodes is valid UTF-8; and what it decodes, written again as a
// browser's multipart body, decodes to the same.
func FuzzDecodeUpload(f *testing.F) {
	for _, s := range []struct {
		fields map[string]string
		file   []byte
	}{
		{map[string]string{"name": "Sara", "code": "print(1)", "agree": "on"}, []byte("from battlefield import Robot\n")},
		{map[string]string{"name": "سارا", "website": "spam"}, nil},
		{map[string]string{"name": "\xff"}, []byte{0, 1, 2}},
		{map[string]string{"agree": "maybe"}, []byte{}},
	} {
		ct, body := multipartBody(f, s.fields, s.file)
		f.Add(ct, body, false)
		f.Add(ct, body, true)
	}
	f.Add("multipart/form-data", "--x\r\n\r\n--x--", false)
	f.Add("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nA\r\n--x--\r\n", false)
	f.Add("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nA", false)
	f.Fuzz(func(t *testing.T, contentType, body string, b64 bool) {
		r, ok := fuzzRequest(t, contentType, body, b64)
		if !ok {
			return
		}
		var form uploadForm
		file, err := r.DecodeUpload(&form, "file")
		if err != nil {
			e, ok := apperr.As(err)
			if !ok || !clientCodes[e.Code] {
				t.Fatalf("DecodeUpload refused with %v: not a client error", err)
			}
			if e.Code == apperr.Invalid && len(e.Fields) == 0 {
				t.Fatalf("Invalid with no field: %v", e)
			}
			return
		}
		if !utf8.ValidString(form.Name) || !utf8.ValidString(form.Code) {
			t.Fatalf("decoded text %+v is not UTF-8", form)
		}
		if len(file) > len(body) {
			t.Fatalf("a %d-byte file from a %d-byte body", len(file), len(body))
		}
		if mt, _ := r.mediaType(); mt != mediaMultipart {
			return
		}
		fields := map[string]string{"name": form.Name, "code": form.Code}
		if form.Agree {
			fields["agree"] = "on"
		}
		ct, again := multipartBody(t, fields, file)
		r2, ok := fuzzRequest(t, ct, again, false)
		if !ok {
			return
		}
		var back uploadForm
		file2, err := r2.DecodeUpload(&back, "file")
		if err != nil {
			t.Fatalf("%+v written again does not decode: %v", form, err)
		}
		if back != form || !bytes.Equal(file, file2) {
			t.Fatalf("round trip changed %+v %q into %+v %q", form, file, back, file2)
		}
	})
}
