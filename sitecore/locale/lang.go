package locale

import "slices"

// Lang is a two-letter ISO 639-1 language code such as "kk". The domain calls it
// sitecore.Lang (an alias), so both names are the same type.
type Lang string

// The platform's core languages. Kazakh is the state language and always comes first. Every
// text of this package exists in these three.
const (
	Kazakh  Lang = "kk"
	Russian Lang = "ru"
	English Lang = "en"
)

// Core lists the core languages in the order sites list them.
var Core = []Lang{Kazakh, Russian, English}

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

// Supported lists every language sites may use, core languages first, the rest by code.
func Supported() []Lang {
	out := append([]Lang(nil), Core...)
	var rest []Lang
	for l := range supportedLanguages {
		if !l.IsCore() {
			rest = append(rest, l)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
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

// IsCore reports whether l is one of the core languages, the ones every text is written in.
func (l Lang) IsCore() bool { return l == Kazakh || l == Russian || l == English }

// Text returns l when it is a core language and English otherwise: the language a text of
// this package is shown in.
func (l Lang) Text() Lang {
	if l.IsCore() {
		return l
	}
	return English
}
