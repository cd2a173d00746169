package admissions

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/mektep/mektep/sitecore"
)

// MaxNameLength is the longest child's name a form takes, in characters.
const MaxNameLength = 100

// nameLetters are the letters of the Kazakh, Russian and English alphabets (Kazakh adds
// nine letters to the Russian 33).
const nameLetters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" +
	"абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ" +
	"әғқңөұүһіӘҒҚҢӨҰҮҺІ"

// ParseName checks a person's name as schools write it: letters of the Kazakh, Russian and
// English alphabets, spaces, hyphens and apostrophes, 1 to MaxNameLength characters, with
// at least one letter. It returns the name trimmed, with runs of spaces made one, in NFC
// (a letter typed as base + combining mark becomes the one letter). Anything else — digits,
// other scripts' letters, a formula such as =HYPERLINK(...) — is EInvalid on field.
func ParseName(field, s string) (string, error) {
	name := strings.Join(strings.Fields(norm.NFC.String(s)), " ")
	if name == "" {
		return "", sitecore.Invalid(field, "field.required")
	}
	if utf8.RuneCountInString(name) > MaxNameLength {
		return "", sitecore.Invalid(field, "field.too_long", "max", strconv.Itoa(MaxNameLength))
	}
	letters := 0
	for _, r := range name {
		switch {
		case strings.ContainsRune(nameLetters, r):
			letters++
		case r == ' ' || r == '-' || r == '\'' || r == '’' || r == 'ʼ':
		default:
			return "", sitecore.Invalid(field, "admission.name_chars", "value", string(r))
		}
	}
	if letters == 0 {
		return "", sitecore.Invalid(field, "admission.name_chars", "value", name)
	}
	return name, nil
}
