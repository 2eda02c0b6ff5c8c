package person

import "testing"

func TestCapKey(t *testing.T) {
	same := [][]string{
		{"ali@example.org", "ali+1@example.org", "ALI+news@Example.org", " ali+a+b@example.org "},
		{"sara@gmail.com", "s.a.r.a@gmail.com", "Sara+x@googlemail.com", "sa.ra+y@GMAIL.COM"},
		{"+tag@example.org", " +TAG@example.org"},
	}
	for _, group := range same {
		for _, a := range group[1:] {
			if CapKey(a) != CapKey(group[0]) {
				t.Errorf("%q and %q have different cap keys (%s, %s)", a, group[0], mailbox(a), mailbox(group[0]))
			}
			if Key(a) == Key(group[0]) && Normalize(a) != Normalize(group[0]) {
				t.Errorf("%q and %q are one person", a, group[0])
			}
		}
	}
	different := [][2]string{
		{"ali@example.org", "ali@example.com"},
		{"a.li@example.org", "ali@example.org"}, // dots count outside Gmail
		{"ali@example.org", "+ali@example.org"},
		{"ali@gmail.com", "ali@gmail.com.evil"},
	}
	for _, d := range different {
		if CapKey(d[0]) == CapKey(d[1]) {
			t.Errorf("%q and %q share a cap key", d[0], d[1])
		}
	}
	if k := CapKey("ali@example.org"); len(k) != 66 || k[:2] != "C#" || k == Key("ali@example.org") {
		t.Errorf("CapKey = %q", k)
	}
}
