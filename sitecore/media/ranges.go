package media

import "strings"

// MaxRanges is how many byte ranges one request for a public file may ask for. Browsers and
// media players ask for one; a request with more is served the whole file, as Apache does
// past its MaxRanges, so one request cannot make the server read the store hundreds of
// times to send a few bytes.
const MaxRanges = 16

// TooManyRanges reports whether an HTTP Range header asks for more than MaxRanges ranges.
func TooManyRanges(header string) bool {
	return strings.Count(header, ",") >= MaxRanges
}
