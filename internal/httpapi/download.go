package httpapi

import (
	"mime"
	"net/http"
)

// Download answers body as a file to save, not to show: contentType, and
// Content-Disposition: attachment with filename (quoted as the header
// needs). It is kept out of caches as every answer is.
func Download(contentType, filename string, body []byte) Response {
	h := baseHeaders(contentType)
	h["Content-Disposition"] = mime.FormatMediaType("attachment", map[string]string{"filename": filename})
	return Response{StatusCode: http.StatusOK, Headers: h, Body: string(body)}
}
