package olympiad

import (
	"crypto/rand"
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// Award is what a participant's diploma or certificate says.
type Award string

// Awards: diplomas of the first, second and third degree for the winners and prize-winners,
// a certificate of participation for everyone else with a result.
const (
	AwardFirst       Award = "first"
	AwardSecond      Award = "second"
	AwardThird       Award = "third"
	AwardParticipant Award = "participant"
)

// Awards decides the diplomas of a round by place in the contest: places up to First get a
// first-degree diploma, then up to Second a second-degree one, then up to Third a third-degree
// one (each cumulative: First 1, Second 3, Third 6 gives one first, two second and three third
// places). Ties follow places, so a tie at a cut gets the better diploma. MinScore, if set,
// is needed for any diploma. Everyone else with a result gets a certificate of participation.
type Awards struct {
	First    int     `json:"first,omitempty"`
	Second   int     `json:"second,omitempty"`
	Third    int     `json:"third,omitempty"`
	MinScore float64 `json:"min_score,omitempty"`
}

// Validate checks the places are non-negative and in order.
func (a Awards) Validate(field string) error {
	if a.First < 0 || a.Second < 0 || a.Third < 0 || a.MinScore < 0 || a.MinScore != a.MinScore ||
		(a.Second > 0 && a.Second < a.First) || (a.Third > 0 && (a.Third < a.First || a.Third < a.Second)) {
		return sitecore.Invalid(field, "olympiad.awards", "field", field)
	}
	return nil
}

// For returns the award of a standing, and false for an absent participant (no document).
func (a Awards) For(s Standing) (Award, bool) {
	if s.Absent || s.Place == 0 {
		return "", false
	}
	if a.MinScore > 0 && cents(s.Score) < cents(a.MinScore) {
		return AwardParticipant, true
	}
	switch {
	case a.First > 0 && s.Place <= a.First:
		return AwardFirst, true
	case a.Second > 0 && s.Place <= a.Second:
		return AwardSecond, true
	case a.Third > 0 && s.Place <= a.Third:
		return AwardThird, true
	}
	return AwardParticipant, true
}

// codeAlphabet is Crockford's base 32: no I, L, O or U, so a code read aloud or typed from
// paper is not mistaken.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCode returns a random verification code of 12 characters (60 bits) in groups of four:
// "7K3M-Q9XD-2FHT". It is the only key of the public lookup, so it must not be guessable.
func NewCode() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	var sb strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(codeAlphabet[c&31])
	}
	return sb.String()
}

// NormalizeCode turns what someone typed into the stored form of a code: upper case, the
// look-alikes O→0 and I, L→1 mapped, spaces and dashes dropped and regrouped. It returns
// "" when the input cannot be a code.
func NormalizeCode(s string) string {
	var raw []byte
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(codeAlphabet, r) {
			return ""
		}
		raw = append(raw, byte(r))
	}
	if len(raw) != 12 {
		return ""
	}
	return string(raw[:4]) + "-" + string(raw[4:8]) + "-" + string(raw[8:])
}
