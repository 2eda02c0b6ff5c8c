package httpapi

import (
	"strings"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tehpug/backend/internal/apperr"
)

// MaxIDLen is the longest path parameter the API takes. Every id the system
// makes is 12 characters; a DynamoDB key is refused past 2048 bytes, so an
// id taken as it comes would turn a long path into a 500.
const MaxIDLen = 64

// ValidID reports whether s can be an id in a path: 1 to MaxIDLen ASCII
// letters, digits, '-' or '_'. Anything else (empty, longer, another
// alphabet, control characters, escapes API Gateway left in) names no
// record, so the Router answers it 404 before a handler reads anything.
func ValidID(s string) bool {
	if len(s) == 0 || len(s) > MaxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}

// checkPathParams checks every path parameter of ev: each one the route key
// declares ("{meetupId}") must be present and a ValidID, and so must any
// other the event carries. It applies to every route, so a route added later
// is checked with no code of its own. The API has no greedy parameter
// ("{proxy+}"): one would need a rule of its own, and until then every
// request to its route is answered 404.
func checkPathParams(ev events.APIGatewayV2HTTPRequest) error {
	key := RouteKey(ev)
	for rest := key; ; {
		_, after, ok := strings.Cut(rest, "{")
		if !ok {
			break
		}
		name, tail, ok := strings.Cut(after, "}")
		if !ok {
			break
		}
		if !ValidID(ev.PathParameters[name]) {
			return notAnID()
		}
		rest = tail
	}
	for _, v := range ev.PathParameters {
		if !ValidID(v) {
			return notAnID()
		}
	}
	return nil
}

func notAnID() error { return apperr.New(apperr.NotFound, "There is nothing here.") }
