package sitecore

import "strings"

// Lang is a two-letter ISO 639-1 language code such as "kk".
type Lang string

// The platform's core languages. Kazakh is the state language and always comes first.
const (
	Kazakh  Lang = "kk"
	Russian Lang = "ru"
	English Lang = "en"
)

// DefaultLanguages is the language list of a new site unless its owner chooses otherwise.
var DefaultLanguages = []Lang{Kazakh, Russian, English}

// supportedLanguages lists the languages a site may be published in, with the language's own
// name for the language switcher. More can be added without schema changes.
var supportedLanguages = map[Lang]string{
	Kazakh:  "Қазақша",
	Russian: "Русский",
	English: "English",
	"uz":    "Oʻzbekcha",
	"ky":    "Кыргызча",
	"tr":    "Türkçe",
	"de":    "Deutsch",
	"fr":    "Français",
	"zh":    "中文",
	"ar":    "العربية",
}

// Supported reports whether sites may use the language.
func (l Lang) Supported() bool { _, ok := supportedLanguages[l]; return ok }

// Native returns the language's name in itself ("Қазақша" for kk).
func (l Lang) Native() string {
	if n, ok := supportedLanguages[l]; ok {
		return n
	}
	return string(l)
}

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
