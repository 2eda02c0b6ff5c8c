package local

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/tehpug/backend/internal/samtemplate"
)

// corsPolicy is the HTTP API's CorsConfiguration with its origins resolved.
// As API Gateway does, the gateway answers preflight requests itself and
// sets the CORS headers on every answer, ignoring any the function sets.
type corsPolicy struct {
	origins     []string
	methods     string
	headers     string
	expose      string
	credentials bool
	maxAge      int
}

func newCorsPolicy(origins, methods, headers, expose []string, credentials bool, maxAge int) *corsPolicy {
	lower := func(ss []string) string { return strings.ToLower(strings.Join(ss, ",")) }
	return &corsPolicy{
		origins:     origins,
		methods:     strings.ToUpper(strings.Join(methods, ",")),
		headers:     lower(headers),
		expose:      lower(expose),
		credentials: credentials,
		maxAge:      maxAge,
	}
}

// isPreflight reports whether r is a CORS preflight request.
func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" && r.Header.Get("Access-Control-Request-Method") != ""
}

// allowOrigin returns the Access-Control-Allow-Origin value for origin, or
// "" when the origin is not allowed.
func (c *corsPolicy) allowOrigin(origin string) string {
	if origin == "" {
		return ""
	}
	for _, o := range c.origins {
		switch {
		case o == "*":
			if c.credentials {
				return origin
			}
			return "*"
		case strings.EqualFold(o, origin):
			return origin
		case strings.Contains(o, "://*."):
			// "https://*.example.org" allows any subdomain.
			scheme, domain, _ := strings.Cut(o, "://*")
			if strings.HasPrefix(strings.ToLower(origin), strings.ToLower(scheme)+"://") &&
				strings.HasSuffix(strings.ToLower(origin), strings.ToLower(domain)) {
				return origin
			}
		}
	}
	return ""
}

// preflight answers a preflight request: 204, with the allow headers when
// the origin is allowed. The browser checks the method and headers.
func (c *corsPolicy) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if allow := c.allowOrigin(r.Header.Get("Origin")); allow != "" {
		h.Set("Access-Control-Allow-Origin", allow)
		if c.methods != "" {
			h.Set("Access-Control-Allow-Methods", c.methods)
		}
		if c.headers != "" {
			h.Set("Access-Control-Allow-Headers", c.headers)
		}
		if c.maxAge > 0 {
			h.Set("Access-Control-Max-Age", strconv.Itoa(c.maxAge))
		}
		if c.credentials {
			h.Set("Access-Control-Allow-Credentials", "true")
		}
		h.Add("Vary", "Origin")
	}
	w.WriteHeader(http.StatusNoContent)
}

// decorate replaces any CORS headers of an answer with the API's own.
func (c *corsPolicy) decorate(h http.Header, origin string) {
	for name := range h {
		if strings.HasPrefix(strings.ToLower(name), "access-control-") {
			delete(h, name)
		}
	}
	allow := c.allowOrigin(origin)
	if allow == "" {
		return
	}
	h.Set("Access-Control-Allow-Origin", allow)
	if c.expose != "" {
		h.Set("Access-Control-Expose-Headers", c.expose)
	}
	if c.credentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
	h.Add("Vary", "Origin")
}

// corsFromTemplate reads the HTTP API's CorsConfiguration (nil if none).
func corsFromTemplate(src []byte, refs map[string]string) (*corsPolicy, error) {
	c, err := samtemplate.ParseCors(src)
	if err != nil || c == nil {
		return nil, err
	}
	origins, err := c.Origins(refs)
	if err != nil {
		return nil, err
	}
	return newCorsPolicy(origins, c.AllowMethods, c.AllowHeaders, c.ExposeHeaders, c.AllowCredentials, c.MaxAge), nil
}
