package web

import (
	"strconv"
	"strings"
)

// AcceptedEncoding picks the content coding for a response from an Accept-Encoding header:
// "br", "gzip" or "" (the body as it is). Among the codings the client accepts (q > 0,
// directly or through "*"), the higher q wins and brotli wins a tie, being smaller.
func AcceptedEncoding(header string) string {
	if header == "" {
		return ""
	}
	br, gz, star := -1.0, -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		q := 1.0
		if params != "" {
			if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					continue // a malformed weight: ignore the entry
				}
				q = f
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			br = q
		case "gzip", "x-gzip":
			gz = q
		case "*":
			star = q
		}
	}
	if br < 0 {
		br = star
	}
	if gz < 0 {
		gz = star
	}
	switch {
	case br > 0 && br >= gz:
		return "br"
	case gz > 0:
		return "gzip"
	}
	return ""
}
