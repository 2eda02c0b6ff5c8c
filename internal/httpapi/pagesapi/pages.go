// Package pagesapi serves the thank-you page that the website's form posts are
// redirected to.
package pagesapi

import (
	"context"
	"net/http"

	"github.com/tehpug/backend/internal/httpapi"
	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/web"
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
	return httpapi.HTML(http.StatusOK, web.MessagePage(text.Message(lang.Parse(r.Query("lang"))))), nil
}
