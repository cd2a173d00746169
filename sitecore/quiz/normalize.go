package quiz

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// homoglyphs maps Cyrillic letters that look like a Latin letter (in either case) to that
// Latin letter, after lowercasing. Students switch keyboard layouts mid-word, and a word
// typed "Астана" with a Latin "А" must still be "Астана". Both the key and the answer go
// through the same map, so "в" becoming "b" makes no word equal to another that was not
// already spelled with look-alikes.
var homoglyphs = map[rune]rune{
	'а': 'a', 'в': 'b', 'е': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p',
	'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'ё': 'e',
	'і': 'i', 'ј': 'j', 'ѕ': 's', 'һ': 'h', 'ԛ': 'q', 'ԝ': 'w',
}

// keyboardFold maps Kazakh letters to what a student on a Russian keyboard types instead
// (қ as к, ү and ұ as у, і as и, ...); a Latin i, the usual stand-in for і, becomes и too. It is off unless the question asks for it: in a Kazakh
// language test "қазақ" and "казак" are different answers.
var keyboardFold = map[rune]rune{
	'ә': 'а', 'ғ': 'г', 'қ': 'к', 'ң': 'н', 'ө': 'о', 'ұ': 'у', 'ү': 'у', 'һ': 'х', 'і': 'и',
	'i': 'и',
}

// Normalize prepares a short answer for comparison: Unicode NFC (so "й" typed as и + breve
// equals "й"), lowercase unless caseSensitive, spaces trimmed and runs of white space made
// one space, Kazakh letters folded to their Russian-keyboard stand-ins when kazakhKeyboard,
// then Cyrillic/Latin look-alike letters made one letter.
func Normalize(s string, caseSensitive, kazakhKeyboard bool) string {
	s = norm.NFC.String(s)
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = sb.Len() > 0
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		if !caseSensitive {
			r = unicode.ToLower(r)
		}
		if kazakhKeyboard {
			if f, ok := keyboardFold[unicode.ToLower(r)]; ok {
				r = sameCase(f, r)
			}
		}
		if f, ok := homoglyphs[unicode.ToLower(r)]; ok {
			r = sameCase(f, r)
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// sameCase returns the lowercase letter f in the case of r.
func sameCase(f, r rune) rune {
	if unicode.IsUpper(r) {
		return unicode.ToUpper(f)
	}
	return f
}

// ParseNumber reads a number as students type it: an optional sign (also "−"), digits with
// a decimal point or comma ("3,14"), an optional exponent, spaces between digit groups
// ("1 000 000"). A comma is always the decimal separator, as in Kazakh and Russian, so
// "1,000" is one. It refuses anything else — two separators, hexadecimal, "NaN", "Inf",
// numbers too large for a float64 — so a typed answer is never read as something the student
// did not mean.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	var sb strings.Builder
	sep := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			sb.WriteRune(r)
		case r == '+' || r == '-' || r == '−':
			if r == '−' {
				r = '-'
			}
			sb.WriteRune(r)
		case r == '.' || r == ',':
			if sep {
				return 0, false
			}
			sep = true
			sb.WriteByte('.')
		case r == 'e' || r == 'E':
			sb.WriteByte('e')
		case r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009':
			// a group separator only between two digits
			if i == 0 || !digitBefore(s, i) || !digitAfter(s, i) {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	t := sb.String()
	if !numberShape(t) {
		return 0, false
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

func digitBefore(s string, i int) bool { return i > 0 && s[i-1] >= '0' && s[i-1] <= '9' }

func digitAfter(s string, i int) bool {
	for j, r := range s[i:] {
		if j == 0 {
			continue
		}
		return r >= '0' && r <= '9'
	}
	return false
}

// numberShape reports whether t is [sign] digits [. digits] [e [sign] digits], with digits
// on at least one side of the point.
func numberShape(t string) bool {
	i := 0
	if i < len(t) && (t[i] == '+' || t[i] == '-') {
		i++
	}
	n := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i, n = i+1, n+1
	}
	if i < len(t) && t[i] == '.' {
		i++
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i, n = i+1, n+1
		}
	}
	if n == 0 {
		return false
	}
	if i < len(t) && t[i] == 'e' {
		i++
		if i < len(t) && (t[i] == '+' || t[i] == '-') {
			i++
		}
		e := 0
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i, e = i+1, e+1
		}
		if e == 0 {
			return false
		}
	}
	return i == len(t)
}

// Within reports whether x is within tol of v (a fraction of |v| when relative). A margin
// of 1e-9 of the larger magnitude absorbs binary rounding, so 3.15 is within 0.01 of 3.14
// (their float64 difference is a hair above 0.01).
func Within(x, v, tol float64, relative bool) bool {
	if !finite(x) || !finite(v) || !finite(tol) || tol < 0 {
		return false
	}
	if relative {
		tol *= math.Abs(v)
	}
	margin := 1e-9 * math.Max(math.Abs(x), math.Abs(v))
	return math.Abs(x-v) <= tol+margin
}
