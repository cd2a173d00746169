package quiz

import (
	"math"
	"strconv"

	"github.com/mektep/mektep/sitecore"
)

// Response is a student's answer to one question; only the field of the question's kind is
// read, the others are ignored.
type Response struct {
	Choice  string            `json:"choice,omitempty"`  // single; truefalse: "true" or "false"
	Choices []string          `json:"choices,omitempty"` // multiple
	Text    string            `json:"text,omitempty"`    // short, numeric, essay
	Order   []string          `json:"order,omitempty"`   // ordering: option IDs, first to last
	Matches map[string]string `json:"matches,omitempty"` // matching: pair ID → right ID
}

// Maximum sizes of a response, so an autosave cannot store megabytes.
const (
	MaxAnswerText = 20000 // runes of an essay
	MaxShortText  = 1000  // runes of a short or numeric answer
)

// Validate checks the size of a save, so an autosave cannot store megabytes: the text at
// most MaxAnswerText runes, at most MaxOptions choices, items or matches, IDs at most 64
// bytes, and a seq of zero or more.
func (s Save) Validate() error {
	r := s.Response
	if s.Seq < 0 {
		return sitecore.Invalid("seq", "quiz.response")
	}
	if n := len([]rune(r.Text)); n > MaxAnswerText {
		return sitecore.Invalid("response.text", "quiz.answer_too_long", "max", strconv.Itoa(MaxAnswerText))
	}
	if len(r.Choices) > MaxOptions || len(r.Order) > MaxOptions || len(r.Matches) > MaxOptions || len(r.Choice) > 64 {
		return sitecore.Invalid("response", "quiz.response")
	}
	for _, ids := range [][]string{r.Choices, r.Order} {
		for _, id := range ids {
			if len(id) > 64 {
				return sitecore.Invalid("response", "quiz.response")
			}
		}
	}
	for k, v := range r.Matches {
		if len(k) > 64 || len(v) > 64 {
			return sitecore.Invalid("response", "quiz.response")
		}
	}
	return nil
}

// Result is the outcome of grading one response.
type Result struct {
	// Fraction of the question's points earned, 0..1.
	Fraction float64 `json:"fraction"`
	// Manual is true for an essay: a teacher sets the fraction later.
	Manual bool `json:"manual,omitempty"`
}

// Grade grades a response to q. It never fails: an empty, malformed or oversized response
// earns 0, and an essay is left for a teacher (Manual).
func Grade(q *Question, r Response) Result {
	b := &q.Body
	var f float64
	switch q.Kind {
	case Essay:
		return Result{Manual: true}
	case SingleChoice:
		f = gradeSingle(b, r.Choice)
	case MultipleChoice:
		f = gradeMultiple(b, r.Choices)
	case TrueFalse:
		if (r.Choice == "true" && b.Truth) || (r.Choice == "false" && !b.Truth) {
			f = 1
		}
	case ShortAnswer:
		f = gradeShort(b, r.Text)
	case Numeric:
		f = gradeNumeric(b, r.Text)
	case Matching:
		f = gradeMatching(b, r.Matches)
	case Ordering:
		f = gradeOrdering(b, r.Order)
	}
	return Result{Fraction: clamp(f)}
}

func gradeSingle(b *Body, choice string) float64 {
	for _, o := range b.Options {
		if o.ID == choice && choice != "" {
			if o.Correct {
				return 1
			}
			return o.Credit
		}
	}
	return 0
}

func gradeMultiple(b *Body, choices []string) float64 {
	if len(choices) == 0 {
		return 0
	}
	correct := map[string]bool{}
	nCorrect := 0
	for _, o := range b.Options {
		correct[o.ID] = o.Correct
		if o.Correct {
			nCorrect++
		}
	}
	nWrong := len(b.Options) - nCorrect
	seen := map[string]bool{}
	hits, misses := 0, 0
	for _, c := range choices {
		if seen[c] {
			continue
		}
		seen[c] = true
		if correct[c] {
			hits++
		} else {
			misses++ // a wrong option or an unknown ID
		}
	}
	if nCorrect == 0 {
		return 0
	}
	switch b.Rule {
	case Proportional:
		if misses > 0 {
			return 0
		}
		return float64(hits) / float64(nCorrect)
	case Penalty:
		f := float64(hits) / float64(nCorrect)
		if nWrong > 0 {
			f -= float64(misses) / float64(nWrong)
		}
		return f
	default:
		if misses == 0 && hits == nCorrect {
			return 1
		}
		return 0
	}
}

func gradeShort(b *Body, text string) float64 {
	if len([]rune(text)) > MaxShortText {
		return 0
	}
	got := Normalize(text, b.CaseSensitive, b.KeyboardFold)
	if got == "" {
		return 0
	}
	x, isNum := ParseNumber(text)
	best := 0.0
	for _, a := range b.Accepted {
		ok := Normalize(a.Text, b.CaseSensitive, b.KeyboardFold) == got
		if !ok && isNum {
			if v, vNum := ParseNumber(a.Text); vNum {
				ok = Within(x, v, a.Tolerance, false)
			}
		}
		if ok {
			best = math.Max(best, a.Credit)
		}
	}
	return best
}

func gradeNumeric(b *Body, text string) float64 {
	if len([]rune(text)) > MaxShortText {
		return 0
	}
	x, ok := ParseNumber(text)
	if !ok {
		return 0
	}
	best := 0.0
	for _, n := range b.Numbers {
		if Within(x, n.Value, n.Tolerance, n.Relative) {
			best = math.Max(best, n.Credit)
		}
	}
	return best
}

func gradeMatching(b *Body, matches map[string]string) float64 {
	if len(matches) == 0 {
		return 0
	}
	rights := map[string]bool{}
	for _, p := range b.Pairs {
		rights[p.RightID] = true
	}
	premises, hits := 0, 0
	for _, p := range b.Pairs {
		if p.Left.Empty() {
			continue
		}
		premises++
		got, ok := matches[p.ID]
		if ok && !rights[got] {
			return 0 // a choice that was never offered: a forged answer
		}
		if got == p.RightID {
			hits++
		}
	}
	if premises == 0 {
		return 0
	}
	if b.Rule == Proportional || b.Rule == Penalty {
		return float64(hits) / float64(premises)
	}
	if hits == premises {
		return 1
	}
	return 0
}

func gradeOrdering(b *Body, order []string) float64 {
	n := len(b.Options)
	if n == 0 || len(order) != n {
		return 0
	}
	pos := make(map[string]int, n)
	for i, o := range b.Options {
		pos[o.ID] = i
	}
	seen := make(map[string]bool, n)
	hits := 0
	for i, id := range order {
		p, ok := pos[id]
		if !ok || seen[id] {
			return 0 // not a permutation of the items
		}
		seen[id] = true
		if p == i {
			hits++
		}
	}
	if b.Rule == Proportional || b.Rule == Penalty {
		return float64(hits) / float64(n)
	}
	if hits == n {
		return 1
	}
	return 0
}

// clamp keeps a fraction in [0, 1] and turns NaN into 0.
func clamp(f float64) float64 {
	switch {
	case math.IsNaN(f) || f < 0:
		return 0
	case f > 1:
		return 1
	}
	return f
}

// Points returns the points a result earns out of max, rounded to hundredths so sums of
// thirds do not show 0.9999999.
func Points(r Result, max float64) float64 {
	return math.Round(r.Fraction*max*100) / 100
}
