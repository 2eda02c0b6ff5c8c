package httpapi

import (
	"mime"
	"strconv"
	"strings"
)

// mediaType returns the Content-Type's media type (lowercased) and params.
func (r *Request) mediaType() (string, map[string]string) {
	ct := r.Header("Content-Type")
	if ct == "" {
		return "", nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", nil
	}
	return mt, params
}

// IsForm reports whether the body is an HTML form post
// (application/x-www-form-urlencoded, or multipart/form-data with a file).
func (r *Request) IsForm() bool {
	mt, _ := r.mediaType()
	return mt == mediaForm || mt == mediaMultipart
}

// WantsHTML reports whether a person in a browser sent the request: it is a
// form post and its Accept header names text/html explicitly, ranked at least
// as high as JSON. A script posting a form with "Accept: */*" gets JSON.
func (r *Request) WantsHTML() bool {
	return r.IsForm() && r.AcceptsHTML()
}

// AcceptsHTML reports whether the Accept header names text/html
// explicitly, ranked at least as high as JSON: a browser opening a page
// (its Accept starts "text/html,"), not a script (fetch and curl send */*).
func (r *Request) AcceptsHTML() bool {
	accept := r.Header("Accept")
	qHTML, explicit := acceptQuality(accept, "text", "html")
	if !explicit || qHTML <= 0 {
		return false
	}
	qJSON, _ := acceptQuality(accept, "application", "json")
	qProblem, _ := acceptQuality(accept, "application", "problem+json")
	return qHTML >= max(qJSON, qProblem)
}

// acceptQuality returns the q-value the Accept header gives typ/sub, taken
// from its most specific matching media range, and whether that range named
// the type exactly (not a wildcard).
func acceptQuality(accept, typ, sub string) (q float64, exact bool) {
	best := -1 // specificity of the best match: 0 */*, 1 type/*, 2 type/sub
	for part := range strings.SplitSeq(accept, ",") {
		mr, params, _ := strings.Cut(part, ";")
		t, s, ok := strings.Cut(strings.ToLower(strings.TrimSpace(mr)), "/")
		if !ok {
			continue
		}
		spec := -1
		switch {
		case t == typ && s == sub:
			spec = 2
		case t == typ && s == "*":
			spec = 1
		case t == "*" && s == "*":
			spec = 0
		}
		if spec <= best {
			continue
		}
		best = spec
		q = 1
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				q = f
			}
		}
	}
	if best < 0 {
		return 0, false
	}
	return q, best == 2
}
