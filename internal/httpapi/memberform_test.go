package httpapi

import (
	"strings"
	"testing"
)

// A page holding a member's form may post to its own origin and be
// redirected from there to the website's thank-you page, and nowhere else.
func TestFormPolicyAllowsTheThankYouOrigin(t *testing.T) {
	for _, tt := range []struct{ thanks, want string }{
		{"", "form-action 'self';"},
		{"https://tehpug.ir/thanks/", "form-action 'self' https://tehpug.ir;"},
		{"http://127.0.0.1:1313/fa/thanks/?x=1", "form-action 'self' http://127.0.0.1:1313;"},
		{"https://tehpug.ir;script-src *", "form-action 'self';"},
		{"javascript:alert(1)", "form-action 'self';"},
	} {
		got := Config{ThankYouURL: tt.thanks}.FormPolicy()
		if !strings.Contains(got, tt.want) || strings.Count(got, "form-action") != 1 || !strings.HasPrefix(got, "default-src 'none';") {
			t.Errorf("ThankYouURL %q: policy %q, want %q in it", tt.thanks, got, tt.want)
		}
	}
}
