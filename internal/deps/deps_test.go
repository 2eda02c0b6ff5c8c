package deps

import (
	"strings"
	"testing"
)

type store interface{ Get() }
type impl struct{}

func (*impl) Get() {}

func TestRequire(t *testing.T) {
	var typedNil *impl
	var iface store = typedNil
	err := Require("members", Given("Store", iface), Given("Tokens", &impl{}), Given("Now", (func())(nil)), Positive("DailyEmailLimit", 0), NotEmpty("BaseURL", ""))
	if err == nil {
		t.Fatal("a service missing four things was built")
	}
	for _, name := range []string{"Store", "Now", "DailyEmailLimit", "BaseURL"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("%v does not name %s", err, name)
		}
	}
	if strings.Contains(err.Error(), "Tokens") {
		t.Errorf("%v names Tokens, which was given", err)
	}
	if err := Require("members", Given("Store", &impl{}), Positive("Limit", 3), NotEmpty("URL", "x")); err != nil {
		t.Errorf("complete: %v", err)
	}
}
