package sitecore

import (
	"strings"

	"github.com/mektep/mektep/sitecore/locale"
)

// Lang is a two-letter ISO 639-1 language code such as "kk". It is defined, with the
// languages' own names, in package locale beside the texts.
type Lang = locale.Lang

// The platform's core languages. Kazakh is the state language and always comes first.
const (
	Kazakh  = locale.Kazakh
	Russian = locale.Russian
	English = locale.English
)

// DefaultLanguages is the language list of a new site unless its owner chooses otherwise.
var DefaultLanguages = []Lang{Kazakh, Russian, English}

// ParseLanguages validates a site's language list: each supported, no duplicates, at least
// one. The field argument names the input field in errors. An empty list gives the defaults.
func ParseLanguages(field string, in []string) ([]Lang, error) {
	if len(in) == 0 {
		return append([]Lang(nil), DefaultLanguages...), nil
	}
	seen := make(map[Lang]bool, len(in))
	out := make([]Lang, 0, len(in))
	for _, s := range in {
		l := Lang(strings.ToLower(strings.TrimSpace(s)))
		if !l.Supported() {
			return nil, Invalid(field, "lang.unsupported", "value", s)
		}
		if seen[l] {
			return nil, Invalid(field, "lang.duplicate", "value", s)
		}
		seen[l] = true
		out = append(out, l)
	}
	return out, nil
}
