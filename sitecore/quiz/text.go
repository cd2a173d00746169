package quiz

import (
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// Languages are the languages a question may be written in, Kazakh first.
var Languages = []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English}

// Text is a text in several languages (kk, ru, en). A question needs at least one.
type Text map[sitecore.Lang]string

// In returns the text in lang, else in the first language of Languages that has it, else "".
func (t Text) In(lang sitecore.Lang) string {
	if s := t[lang]; s != "" {
		return s
	}
	for _, l := range Languages {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

// Empty reports whether no language has a non-blank text.
func (t Text) Empty() bool {
	for _, s := range t {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// clone returns a copy, so views never share maps with the bank.
func (t Text) clone() Text {
	if t == nil {
		return nil
	}
	c := make(Text, len(t))
	for k, v := range t {
		c[k] = v
	}
	return c
}

// validate checks the languages and lengths of a text; field names it in errors.
func (t Text) validate(field string, required bool, max int) error {
	if required && t.Empty() {
		return sitecore.Invalid(field, "field.required", "field", field)
	}
	for l, s := range t {
		if !isLanguage(l) {
			return sitecore.Invalid(field, "lang.unsupported", "value", string(l))
		}
		if n := len([]rune(s)); n > max {
			return sitecore.Invalid(field+"."+string(l), "field.too_long", "field", field+"."+string(l), "max", itoa(max))
		}
	}
	return nil
}

func isLanguage(l sitecore.Lang) bool {
	for _, x := range Languages {
		if x == l {
			return true
		}
	}
	return false
}
