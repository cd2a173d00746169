package sitecore

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// IIN is a Kazakh individual identification number (ЖСН / ИИН): twelve digits holding the
// birth date, the century and sex, a serial number and a check digit. It is personal data:
// every way of printing it (fmt verbs, slog) shows only the masked form; Digits returns the
// full number for storage.
//
// An IIN value from ParseIIN is valid. Note that encoding/json and other reflection-based
// encoders see the underlying string, so never log a struct that holds an IIN through them.
type IIN string

// iinLen is the number of digits of an IIN.
const iinLen = 12

// iinWeights are the two weight sets of the check digit; the second is used when the first
// gives 10.
var iinWeights = [2][iinLen - 1]int{
	{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
	{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2},
}

// ParseIIN validates an IIN typed into a form: surrounding spaces are dropped, then it must be
// exactly 12 ASCII digits (key "iin.format"), have a correct check digit ("iin.checksum") and
// start with a real birth date, not in the future, whose century the 7th digit gives
// ("iin.birth_date"). The field argument names the input field in errors.
//
// Certificates of the national PKI's test environment carry IINs that fail the checksum:
// validate typed input with ParseIIN, but do not reject a verified certificate for its IIN.
func ParseIIN(field, s string) (IIN, error) {
	s = strings.TrimSpace(s)
	if len(s) != iinLen {
		return "", Invalid(field, "iin.format")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", Invalid(field, "iin.format")
		}
	}
	if d, ok := iinCheckDigit(s); !ok || d != int(s[iinLen-1]-'0') {
		return "", Invalid(field, "iin.checksum")
	}
	// A birth date still to come is not real either (a day's grace for time zones).
	if born, ok := iinBirthDate(s); !ok || born.After(time.Now().Add(24*time.Hour)) {
		return "", Invalid(field, "iin.birth_date")
	}
	return IIN(s), nil
}

// iinCheckDigit computes the check digit of the first 11 digits of s; ok is false when both
// weight sets give 10, which makes the number invalid whatever its last digit.
func iinCheckDigit(s string) (digit int, ok bool) {
	for _, w := range iinWeights {
		sum := 0
		for i, wi := range w {
			sum += int(s[i]-'0') * wi
		}
		if d := sum % 11; d != 10 {
			return d, true
		}
	}
	return 0, false
}

// iinCentury maps the 7th digit to the first year of the birth century; 7–9 are not
// assigned. 0 occurs in real IINs issued without the century digit (KZ-FACTS lists
// 840317000029 as valid): the century is then taken as the one that puts the birth date in
// the past 100 years, and the sex is unknown.
var iinCentury = map[byte]int{'1': 1800, '2': 1800, '3': 1900, '4': 1900, '5': 2000, '6': 2000}

// iinBirthDate decodes the birth date of a 12-digit string; ok is false when the century
// digit is unassigned or the date does not exist (31 April, 29 February 1900, ...).
func iinBirthDate(s string) (time.Time, bool) {
	yy, _ := strconv.Atoi(s[0:2])
	century, ok := iinCentury[s[6]]
	if s[6] == '0' {
		century, ok = 1900, true
		if 2000+yy <= time.Now().Year() {
			century = 2000
		}
	}
	if !ok {
		return time.Time{}, false
	}
	mm, _ := strconv.Atoi(s[2:4])
	dd, _ := strconv.Atoi(s[4:6])
	t := time.Date(century+yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	// time.Date normalises 31 April to 1 May; a real date survives the round trip.
	if t.Year() != century+yy || t.Month() != time.Month(mm) || t.Day() != dd {
		return time.Time{}, false
	}
	return t, true
}

// BirthDate returns the birth date at midnight UTC, or the zero time for an IIN that did not
// come from ParseIIN and has no valid date.
func (n IIN) BirthDate() time.Time {
	if len(n) != iinLen {
		return time.Time{}
	}
	t, _ := iinBirthDate(string(n))
	return t
}

// Male reports whether the 7th digit marks a man (odd digit); it is false for women and for
// an IIN that is not 12 digits long.
func (n IIN) Male() bool {
	return len(n) == iinLen && (n[6]-'0')%2 == 1
}

// Masked returns the IIN with all but its first two and last two digits replaced by
// asterisks ("99********96"). Anything shorter than five characters is masked entirely.
func (n IIN) Masked() string {
	if len(n) <= 4 {
		return strings.Repeat("*", len(n))
	}
	return string(n[:2]) + strings.Repeat("*", len(n)-4) + string(n[len(n)-2:])
}

// String returns the masked form, so that %v and %s never print the full number.
func (n IIN) String() string { return n.Masked() }

// GoString returns the masked form quoted, so that %#v does not print the full number either.
func (n IIN) GoString() string { return strconv.Quote(n.Masked()) }

// Format implements fmt.Formatter: every verb (%d and %x included, which would otherwise
// print the underlying string) shows the masked form; %q and %#v quote it.
func (n IIN) Format(f fmt.State, verb rune) {
	if verb == 'q' || (verb == 'v' && f.Flag('#')) {
		fmt.Fprint(f, strconv.Quote(n.Masked()))
		return
	}
	fmt.Fprint(f, n.Masked())
}

// LogValue implements slog.LogValuer with the masked form: a full IIN must never reach logs.
func (n IIN) LogValue() slog.Value { return slog.StringValue(n.Masked()) }

// Digits returns the full 12-digit number, for storage and for showing it to its owner.
func (n IIN) Digits() string { return string(n) }
