package web_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/tehpug/backend/internal/lang"
	"github.com/tehpug/backend/internal/web"
)

// The topics section of a member's page: each topic with the button its
// member's vote calls for, titles escaped, every form posting the token, in
// English and Persian.
func TestTopicsSection(t *testing.T) {
	for _, l := range []lang.Tag{lang.English, lang.Persian} {
		var b bytes.Buffer
		err := web.TopicsSection(web.Topics{Lang: l, Base: "https://api.example.org/", Token: "tok-en",
			Topics: []web.TopicChoice{
				{ID: "t1", Title: "<script>alert(1)</script>", Votes: 3, Voted: true},
				{ID: "t2", Title: "Packaging", Why: "wheels", Votes: 1},
			}}).Render(context.Background(), &b)
		if err != nil {
			t.Fatal(err)
		}
		page := b.String()
		if strings.Contains(page, "<script>") || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: a title is not escaped", l)
		}
		for _, want := range []string{`action="https://api.example.org/topics/t1/vote"`, `action="https://api.example.org/topics/t2/vote"`,
			`action="https://api.example.org/topics"`, `name="vote" value="false"`, `name="vote" value="true"`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the section lacks %s", l, want)
			}
		}
		if n := strings.Count(page, `name="token" value="tok-en"`); n != 3 {
			t.Errorf("%s: %d forms post the token, want 3", l, n)
		}
		if l == lang.Persian && !strings.Contains(page, "رأی") {
			t.Error("the Persian section is not in Persian")
		}
	}
}
