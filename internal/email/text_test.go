package email

import (
	"slices"
	"testing"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, html, want string
		links            []string
	}{
		{
			name: "paragraphs and white space",
			html: "<p>Hi <bdi>Ali</bdi>,</p>\n<p>  one\n  two  </p><p></p><div>three</div>",
			want: "Hi \u2068Ali\u2069,\n\none two\n\nthree",
		},
		{
			name: "line breaks",
			html: "<p>When: 5 June<br>Where: <bdi>Hall</bdi></p>",
			want: "When: 5 June\nWhere: \u2068Hall\u2069",
		},
		{
			name:  "a link and its label",
			html:  `<p>Please <a href="https://x.ir/a?b=1&amp;c=2">free your place</a> for someone.</p>`,
			want:  "Please free your place: https://x.ir/a?b=1&c=2 for someone.",
			links: []string{"https://x.ir/a?b=1&c=2"},
		},
		{
			name:  "a link that is its own label",
			html:  `<p>Meetup: <a href="https://x.ir/m/1">https://x.ir/m/1</a></p>`,
			want:  "Meetup: https://x.ir/m/1",
			links: []string{"https://x.ir/m/1"},
		},
		{
			name:  "a mailto link labelled with the address",
			html:  `<p>Write to <a href="mailto:o@x.ir">o@x.ir</a> now.</p>`,
			want:  "Write to o@x.ir now.",
			links: []string{"mailto:o@x.ir"},
		},
		{
			name:  "a link with no label",
			html:  `<p>Open <a href="https://x.ir/"></a></p>`,
			want:  "Open https://x.ir/",
			links: []string{"https://x.ir/"},
		},
		{
			name:  "a button",
			html:  `<p style="margin:24px 0;"><a href="https://x.ir/c" style="display:inline-block;">Confirm my membership</a></p><p>Next.</p>`,
			want:  "Confirm my membership: https://x.ir/c\n\nNext.",
			links: []string{"https://x.ir/c"},
		},
		{
			name: "lists",
			html: "<p>This will remove:</p><ul><li>one;</li><li><strong>two</strong>: more</li></ul><ol><li>a</li><li>b</li></ol><p>End.</p>",
			want: "This will remove:\n\n- one;\n- two: more\n\n1. a\n2. b\n\nEnd.",
		},
		{
			name: "white space kept where the style keeps it",
			html: `<p>A word:</p><div dir="auto" style="white-space:pre-wrap;">Line one
  indented

Line three</div><p>x<br><bdi style="white-space: pre-line;">a
b</bdi></p>`,
			want: "A word:\n\nLine one\n  indented\n\nLine three\n\nx\n\u2068a\nb\u2069",
		},
		{
			name: "direction isolates on inline elements only",
			html: `<p dir="rtl">زمان: <span dir="ltr">5 June, 18:00</span> <span dir="rtl">x</span></p>`,
			want: "زمان: \u20665 June, 18:00\u2069 \u2067x\u2069",
		},
		{
			name: "entities unescaped, no tags left",
			html: `<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; “quotes” &#39;</p>`,
			want: `<script>alert("x")</script> & “quotes” '`,
		},
		{
			name: "what is not text is left out",
			html: `<head><title>Subject</title><style>p{}</style></head><p data-html-only>If the button does not work:<br><span>https://x.ir/c</span></p><p>Kept.</p><script>x()</script>`,
			want: "Kept.",
		},
		{
			name: "an html-only element still counts its links",
			html: `<p data-html-only><a href="https://x.ir/h">h</a></p>`,
			want: "", links: []string{"https://x.ir/h"},
		},
		{
			name: "a rule is a paragraph break",
			html: "<p>a</p><hr><div><p>b</p></div>",
			want: "a\n\nb",
		},
		{
			name: "unclosed and stray tags",
			html: "<p>a <strong>b</p></em><ul><li>c",
			want: "a b\n\n- c",
		},
		{name: "empty", html: "", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, links, err := plainText(tt.html)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("text\n got %q\nwant %q", got, tt.want)
			}
			if !slices.Equal(links, tt.links) {
				t.Errorf("links %q, want %q", links, tt.links)
			}
		})
	}
}
