package ceremony

import "testing"

func TestTheRelyingPartyIsTheBaseURLsSite(t *testing.T) {
	for base, want := range map[string][2]string{
		"https://api.tehpug.org":         {"api.tehpug.org", "https://api.tehpug.org"},
		"https://API.tehpug.org/prod":    {"api.tehpug.org", "https://api.tehpug.org"},
		"http://localhost:3000":          {"localhost", "http://localhost:3000"},
		"https://x.execute-api.test:443": {"x.execute-api.test", "https://x.execute-api.test:443"},
	} {
		id, origin, err := relyingParty(base)
		if err != nil || id != want[0] || origin != want[1] {
			t.Errorf("relyingParty(%q) = %q, %q, %v; want %q, %q", base, id, origin, err, want[0], want[1])
		}
	}
	for _, base := range []string{"http://127.0.0.1:3000", "http://[::1]:3000", "", "api.tehpug.org", "https://"} {
		if _, _, err := relyingParty(base); err == nil {
			t.Errorf("relyingParty(%q) is accepted; browsers refuse it", base)
		}
	}
}

func TestSignInsAreCountedPerNetwork(t *testing.T) {
	same := [][2]string{
		{"2001:db8:1:2::1", "2001:db8:1:2:ffff::9"}, // one /64
		{"203.0.113.7", "::ffff:203.0.113.7"},       // IPv4, mapped or not
		{"", "not an address"},                      // unknown: one count
	}
	for _, p := range same {
		if network(p[0]) != network(p[1]) {
			t.Errorf("%q and %q are counted apart", p[0], p[1])
		}
	}
	for _, p := range [][2]string{{"2001:db8:1:2::1", "2001:db8:1:3::1"}, {"203.0.113.7", "203.0.113.8"}} {
		if network(p[0]) == network(p[1]) {
			t.Errorf("%q and %q are counted together", p[0], p[1])
		}
	}
	if k := network("203.0.113.7"); len(k) != 32 || k == "203.0.113.7" {
		t.Errorf("network key %q is not a hash", k)
	}
}
