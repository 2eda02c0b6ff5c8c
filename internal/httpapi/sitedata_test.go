package httpapi

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/memberforms"
	"github.com/tehpug/backend/internal/testenv"
	"github.com/tehpug/backend/internal/web"
)

var updateSiteData = flag.Bool("update", false, "write the Hugo module's data file instead of checking it")

// siteDataFile is the data file of the website's Hugo module: what its
// forms and thank-you page say, written from the server's own words.
const siteDataFile = "site/module/data/tehpug/forms.json"

// TestSiteModuleDataIsCurrent: the Hugo module's forms ask exactly what the
// routes read, with the server's limits and words, because its data file is
// written from internal/memberforms and the thank-you texts here. After a
// change there, `go test ./internal/httpapi -run TestSiteModuleData -update`
// writes it again.
func TestSiteModuleDataIsCurrent(t *testing.T) {
	want := siteData(t)
	path := filepath.Join(testenv.Root(), siteDataFile)
	if *updateSiteData {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (write it with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what internal/memberforms and the thank-you texts say: run go test ./internal/httpapi -run TestSiteModuleData -update", siteDataFile)
	}
}

// siteData is the data file's content.
func siteData(t *testing.T) []byte {
	t.Helper()
	type words struct {
		Title      string   `json:"title"`
		Paragraphs []string `json:"paragraphs"`
	}
	type text map[lang.Tag]words
	data := struct {
		Note     string                       `json:"note"`
		Honeypot string                       `json:"honeypot"`
		LangName string                       `json:"lang_field"`
		Forms    map[string]memberforms.Form  `json:"forms"`
		Thanks   map[string]text              `json:"thanks"`
		Trouble  map[string]memberforms.Words `json:"trouble"`
	}{
		Note:     "Written by go test ./internal/httpapi -run TestSiteModuleData -update from internal/memberforms; do not edit.",
		Honeypot: memberforms.Honeypot, LangName: memberforms.LangField,
		Forms: map[string]memberforms.Form{}, Thanks: map[string]text{}, Trouble: map[string]memberforms.Words{},
	}
	for _, f := range memberforms.All {
		data.Forms[f.ID] = f
	}
	pages := map[string]PageText{"default": DefaultThanks}
	for _, f := range memberforms.All {
		pages[f.Done] = ThanksText[f.Done]
	}
	for done, p := range pages {
		if p == nil {
			t.Fatalf("no thank-you text for %q", done)
		}
		data.Thanks[done] = text{}
		for _, l := range lang.All {
			w, _ := p.In(l)
			data.Thanks[done][l] = words{w.Title, w.Paragraphs}
		}
	}
	for _, status := range []int{400, 404, 409, 413, 422, 429, 500} {
		data.Trouble[strconv.Itoa(status)] = memberforms.Words{En: web.FormTrouble(lang.English, status), Fa: web.FormTrouble(lang.Persian, status)}
	}
	b, err := json.MarshalIndent(data, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}
