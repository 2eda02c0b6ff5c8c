package pagesapi_test

import (
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/httpapi/apitest"
	"github.com/tehpug/backend/internal/wiring"
	"github.com/tehpug/backend/internal/wiring/wiringtest"
)

func TestThanksPage(t *testing.T) {
	c := apitest.New(t, wiringtest.New(t), wiring.PagesFunction)
	tests := []struct {
		name, target, want, dir string
	}{
		{"joined in English", "/thanks?done=joined&lang=en", "Check your inbox", `dir="ltr"`},
		{"confirmed in Persian", "/thanks?done=member-confirmed&lang=fa", "به TehPUG خوش آمدید", `dir="rtl"`},
		{"unknown action", "/thanks?done=<script>", "Thank you", `dir="ltr"`},
		{"unknown language", "/thanks?done=joined&lang=de", "Check your inbox", `dir="ltr"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := c.Do("GET", tt.target, "", "")
			apitest.WantStatus(t, resp, 200)
			if !strings.Contains(resp.Body, tt.want) || !strings.Contains(resp.Body, tt.dir) || strings.Contains(resp.Body, "<script>") {
				t.Errorf("page %s", resp.Body)
			}
		})
	}
	apitest.WantStatus(t, c.Do("GET", "/nope", "", ""), 404)
}
