package survey

import (
	"crypto/rand"
	"crypto/sha256"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Answer is the answer to one question; which field is set depends on the question's kind:
// Choice (single), Choices (multiple), Value (scale), Text (text), Rows (matrix: row ID →
// column ID).
type Answer struct {
	Choice  string            `json:"choice,omitempty"`
	Choices []string          `json:"choices,omitempty"`
	Value   int               `json:"value,omitempty"`
	Text    string            `json:"text,omitempty"`
	Rows    map[string]string `json:"rows,omitempty"`
}

// fields counts how many of the answer's fields are set.
func (a Answer) fields() int {
	n := 0
	for _, set := range []bool{a.Choice != "", a.Choices != nil, a.Value != 0, a.Text != "", a.Rows != nil} {
		if set {
			n++
		}
	}
	return n
}

// Ballot is one participant's answers, by question ID.
type Ballot struct {
	Answers map[string]Answer `json:"answers"`
}

// ValidateBallot checks a ballot against the survey's questions and returns it normalized
// (texts trimmed, choices in option order, unanswered optional questions left out). Errors
// are EInvalid on "answers.<question id>".
func ValidateBallot(s *Survey, in Ballot) (Ballot, error) {
	out := Ballot{Answers: make(map[string]Answer, len(in.Answers))}
	known := make(map[string]bool, len(s.Questions))
	for _, q := range s.Questions {
		known[q.ID] = true
	}
	for id := range in.Answers {
		if !known[id] {
			return Ballot{}, sitecore.Invalid("answers."+id, "survey.answer_unknown")
		}
	}
	for _, q := range s.Questions {
		field := "answers." + q.ID
		a, given := in.Answers[q.ID]
		if given && a.fields() > 1 {
			return Ballot{}, sitecore.Invalid(field, "survey.answer_kind")
		}
		a, empty, err := validateAnswer(field, q, a)
		if err != nil {
			return Ballot{}, err
		}
		if empty {
			if q.Required {
				return Ballot{}, sitecore.Invalid(field, "survey.answer_required")
			}
			continue
		}
		out.Answers[q.ID] = a
	}
	return out, nil
}

// validateAnswer checks one answer; empty reports that nothing was answered.
func validateAnswer(field string, q Question, a Answer) (_ Answer, empty bool, _ error) {
	kindErr := sitecore.Invalid(field, "survey.answer_kind")
	switch q.Kind {
	case Single:
		if a.fields() > 0 && a.Choice == "" {
			return a, false, kindErr
		}
		if a.Choice == "" {
			return a, true, nil
		}
		if !hasOption(q.Options, a.Choice) {
			return a, false, sitecore.Invalid(field, "survey.answer_option", "value", a.Choice)
		}
		return Answer{Choice: a.Choice}, false, nil
	case Multiple:
		if a.fields() > 0 && a.Choices == nil {
			return a, false, kindErr
		}
		if len(a.Choices) == 0 && q.Min == 0 {
			return a, true, nil
		}
		picked := map[string]bool{}
		for _, c := range a.Choices {
			if !hasOption(q.Options, c) {
				return a, false, sitecore.Invalid(field, "survey.answer_option", "value", c)
			}
			if picked[c] {
				return a, false, sitecore.Invalid(field, "survey.answer_option", "value", c)
			}
			picked[c] = true
		}
		if len(picked) < q.Min || len(picked) > q.Max {
			if len(picked) == 0 {
				return a, true, nil // "required" decides
			}
			return a, false, sitecore.Invalid(field, "survey.answer_count", "min", strconv.Itoa(q.Min), "max", strconv.Itoa(q.Max))
		}
		choices := make([]string, 0, len(picked))
		for _, o := range q.Options {
			if picked[o.ID] {
				choices = append(choices, o.ID)
			}
		}
		return Answer{Choices: choices}, false, nil
	case Scale:
		if a.fields() > 0 && a.Value == 0 {
			return a, false, kindErr
		}
		if a.Value == 0 {
			return a, true, nil
		}
		if a.Value < 1 || a.Value > q.Scale {
			return a, false, sitecore.Invalid(field, "survey.answer_scale", "max", strconv.Itoa(q.Scale))
		}
		return Answer{Value: a.Value}, false, nil
	case Text:
		if a.fields() > 0 && a.Text == "" {
			return a, false, kindErr
		}
		t := normalizeText(a.Text)
		if t == "" {
			return a, true, nil
		}
		if !utf8.ValidString(t) || utf8.RuneCountInString(t) > q.MaxLength {
			return a, false, sitecore.Invalid(field, "field.too_long", "max", strconv.Itoa(q.MaxLength))
		}
		return Answer{Text: t}, false, nil
	case Matrix:
		if a.fields() > 0 && a.Rows == nil {
			return a, false, kindErr
		}
		if len(a.Rows) == 0 {
			return a, true, nil
		}
		rows := make(map[string]string, len(a.Rows))
		for r, c := range a.Rows {
			if !hasOption(q.Rows, r) {
				return a, false, sitecore.Invalid(field+"."+r, "survey.answer_unknown")
			}
			if !hasOption(q.Options, c) {
				return a, false, sitecore.Invalid(field+"."+r, "survey.answer_option", "value", c)
			}
			rows[r] = c
		}
		if q.Required && len(rows) < len(q.Rows) {
			for _, r := range q.Rows {
				if _, ok := rows[r.ID]; !ok {
					return a, false, sitecore.Invalid(field+"."+r.ID, "survey.answer_required")
				}
			}
		}
		return Answer{Rows: rows}, false, nil
	}
	return a, false, kindErr
}

// receiptAlphabet is Crockford's base32: no I, L, O or U, so a code read aloud or typed from
// paper survives.
const receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewReceipt returns a fresh receipt code of 12 characters (60 bits) in three groups,
// "7KQ2-M9XD-4TBC". The participant keeps it to check later that the ballot was counted;
// the store keeps only ReceiptHash of it, and the code says nothing about the ballot.
func NewReceipt() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(receiptAlphabet[x&31])
	}
	return sb.String()
}

// ReceiptHash returns the SHA-256 of the code after normalizing what people mistype: case,
// hyphens and spaces, O for 0, I and L for 1. ok is false when it cannot be a receipt code.
func ReceiptHash(code string) (hash []byte, ok bool) {
	norm := make([]byte, 0, 12)
	for _, r := range strings.ToUpper(code) {
		switch r {
		case '-', ' ':
			continue
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(receiptAlphabet, r) {
			return nil, false
		}
		norm = append(norm, byte(r))
	}
	if len(norm) != 12 {
		return nil, false
	}
	sum := sha256.Sum256(norm)
	return sum[:], true
}

// sortedIDs returns the keys of m sorted.
func sortedIDs[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
