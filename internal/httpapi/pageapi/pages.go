// Package pageapi serves the thank-you page that the website's form posts are
// redirected to.
package pageapi

import (
	"context"
	"net/http"

	"github.com/tehpug/backend/internal/httpapi"
)

// Register adds the thank-you page that form posts are redirected to. Every
// route nobody serves falls through to the router's 404 problem.
func Register(rt *httpapi.Router) error {
	rt.Handle("GET /thanks", thanksPage)
	return nil
}

func thanksPage(_ context.Context, r *httpapi.Request) (httpapi.Response, error) {
	text, ok := httpapi.ThanksText[r.Query("done")]
	if !ok {
		text = httpapi.DefaultThanks
	}
	lang := r.Query("lang")
	if lang != "fa" {
		lang = "en"
	}
	w := text.In(lang)
	return httpapi.HTML(http.StatusOK, httpapi.Page{Lang: lang, Title: w.Title, Paragraphs: w.Paragraphs}), nil
}
