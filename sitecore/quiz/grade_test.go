package quiz

import (
	"math"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

func tx(s string) Text { return Text{sitecore.Russian: s} }

// opts builds options with IDs "a", "b", ... and the listed ones correct.
func opts(n int, correct ...string) []Option {
	os := make([]Option, n)
	for i := range os {
		id := string(rune('a' + i))
		os[i] = Option{ID: id, Text: tx("option " + id)}
		for _, c := range correct {
			if c == id {
				os[i].Correct = true
			}
		}
	}
	return os
}

func question(t *testing.T, k Kind, b Body) *Question {
	t.Helper()
	q := &Question{Kind: k, Text: tx("?"), Body: b}
	if err := q.Prepare(); err != nil {
		t.Fatalf("Prepare(%s): %v", k, err)
	}
	return q
}

type gradeCase struct {
	name string
	r    Response
	want float64
}

func runGrade(t *testing.T, q *Question, cases []gradeCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Grade(q, c.r)
			if got.Manual {
				t.Fatalf("Grade = %+v: manual for %s", got, q.Kind)
			}
			if math.Abs(got.Fraction-c.want) > 1e-9 {
				t.Errorf("Grade(%+v) = %v, want %v", c.r, got.Fraction, c.want)
			}
		})
	}
}

func TestGradeSingle(t *testing.T) {
	os := opts(4, "c")
	os[1].Credit = 0.5
	q := question(t, SingleChoice, Body{Options: os})
	runGrade(t, q, []gradeCase{
		{"correct", Response{Choice: "c"}, 1},
		{"wrong", Response{Choice: "a"}, 0},
		{"partial credit option", Response{Choice: "b"}, 0.5},
		{"empty", Response{}, 0},
		{"unknown option", Response{Choice: "zz"}, 0},
		{"choices field ignored", Response{Choices: []string{"c"}}, 0},
	})
}

func TestGradeMultiple(t *testing.T) {
	// a, b, c correct; d, e wrong.
	rules := []struct {
		rule  CreditRule
		cases []gradeCase
	}{
		{AllOrNothing, []gradeCase{
			{"exact", Response{Choices: []string{"a", "b", "c"}}, 1},
			{"exact in another order", Response{Choices: []string{"c", "a", "b"}}, 1},
			{"duplicate picks count once", Response{Choices: []string{"a", "a", "b", "c", "c"}}, 1},
			{"missing one", Response{Choices: []string{"a", "b"}}, 0},
			{"one extra", Response{Choices: []string{"a", "b", "c", "d"}}, 0},
			{"unknown id", Response{Choices: []string{"a", "b", "c", "x"}}, 0},
			{"empty", Response{}, 0},
		}},
		{Proportional, []gradeCase{
			{"exact", Response{Choices: []string{"a", "b", "c"}}, 1},
			{"two of three", Response{Choices: []string{"a", "b"}}, 2.0 / 3},
			{"duplicates do not add", Response{Choices: []string{"a", "a", "a"}}, 1.0 / 3},
			{"a wrong pick loses all", Response{Choices: []string{"a", "b", "d"}}, 0},
			{"everything", Response{Choices: []string{"a", "b", "c", "d", "e"}}, 0},
			{"unknown id is a wrong pick", Response{Choices: []string{"a", "x"}}, 0},
			{"empty", Response{Choices: []string{}}, 0},
		}},
		{Penalty, []gradeCase{
			{"exact", Response{Choices: []string{"a", "b", "c"}}, 1},
			{"two of three", Response{Choices: []string{"a", "b"}}, 2.0 / 3},
			{"all right and one wrong", Response{Choices: []string{"a", "b", "c", "d"}}, 0.5},
			{"everything scores 0", Response{Choices: []string{"a", "b", "c", "d", "e"}}, 0},
			{"one right one wrong is 1/3 − 1/2, floored", Response{Choices: []string{"a", "d"}}, 0},
			{"only wrong", Response{Choices: []string{"d", "e"}}, 0},
			{"duplicate wrong counts once", Response{Choices: []string{"a", "b", "c", "d", "d"}}, 0.5},
		}},
	}
	for _, r := range rules {
		t.Run(string(r.rule), func(t *testing.T) {
			q := question(t, MultipleChoice, Body{Options: opts(5, "a", "b", "c"), Rule: r.rule})
			runGrade(t, q, r.cases)
		})
	}
	t.Run("penalty with no wrong options", func(t *testing.T) {
		q := question(t, MultipleChoice, Body{Options: opts(2, "a", "b"), Rule: Penalty})
		runGrade(t, q, []gradeCase{{"one", Response{Choices: []string{"a"}}, 0.5}, {"both", Response{Choices: []string{"b", "a"}}, 1}})
	})
}

func TestGradeTrueFalse(t *testing.T) {
	yes := question(t, TrueFalse, Body{Truth: true})
	runGrade(t, yes, []gradeCase{
		{"true", Response{Choice: "true"}, 1},
		{"false", Response{Choice: "false"}, 0},
		{"empty", Response{}, 0},
		{"other spelling", Response{Choice: "TRUE"}, 0},
	})
	no := question(t, TrueFalse, Body{Truth: false})
	runGrade(t, no, []gradeCase{
		{"false", Response{Choice: "false"}, 1},
		{"true", Response{Choice: "true"}, 0},
		{"empty is not false", Response{}, 0},
	})
}

func TestGradeShort(t *testing.T) {
	q := question(t, ShortAnswer, Body{Accepted: []Accepted{
		{Text: "Астана"}, {Text: "Нур-Султан", Credit: 0.5},
	}})
	runGrade(t, q, []gradeCase{
		{"exact", Response{Text: "Астана"}, 1},
		{"case and spaces", Response{Text: "  аСТАНА \t"}, 1},
		{"latin A and a look-alikes", Response{Text: "Acтaнa"}, 1},
		{"partial answer", Response{Text: "нур-султан"}, 0.5},
		{"inner spaces collapse", Response{Text: "Нур-Султан"}, 0.5},
		{"wrong", Response{Text: "Алматы"}, 0},
		{"empty", Response{Text: ""}, 0},
		{"only spaces", Response{Text: "   "}, 0},
		{"too long", Response{Text: string(make([]rune, MaxShortText+1))}, 0},
	})
	multiWord := question(t, ShortAnswer, Body{Accepted: []Accepted{{Text: "Абай  Құнанбайұлы"}}})
	runGrade(t, multiWord, []gradeCase{
		{"spaces collapsed", Response{Text: "абай құнанбайұлы"}, 1},
		{"no keyboard fold by default", Response{Text: "абай кунанбайулы"}, 0},
		{"kazakh i as latin i", Response{Text: "абаи құнанбаиұлы"}, 0},
	})
	kb := question(t, ShortAnswer, Body{KeyboardFold: true, Accepted: []Accepted{{Text: "қазақ тілі"}}})
	runGrade(t, kb, []gradeCase{
		{"russian keyboard", Response{Text: "казак тили"}, 1},
		{"proper letters", Response{Text: "ҚАЗАҚ ТІЛІ"}, 1},
		{"latin i for kazakh і", Response{Text: "қазақ тiлi"}, 1},
	})
	ci := question(t, ShortAnswer, Body{CaseSensitive: true, Accepted: []Accepted{{Text: "NaCl"}}})
	runGrade(t, ci, []gradeCase{
		{"exact", Response{Text: "NaCl"}, 1},
		{"case differs", Response{Text: "nacl"}, 0},
		{"cyrillic С for C", Response{Text: "NaСl"}, 1},
	})
	num := question(t, ShortAnswer, Body{Accepted: []Accepted{{Text: "3.14", Tolerance: 0.01}}})
	runGrade(t, num, []gradeCase{
		{"same text", Response{Text: "3.14"}, 1},
		{"comma decimal", Response{Text: "3,14"}, 1},
		{"within tolerance", Response{Text: "3.15"}, 1},
		{"outside tolerance", Response{Text: "3.16"}, 0},
		{"trailing zero", Response{Text: "3.140"}, 1},
		{"NaN", Response{Text: "NaN"}, 0},
		{"Inf", Response{Text: "Inf"}, 0},
	})
}

func TestGradeNumeric(t *testing.T) {
	abs := question(t, Numeric, Body{Numbers: []NumberKey{{Value: 9.81, Tolerance: 0.05}, {Value: 10, Credit: 0.5}}})
	runGrade(t, abs, []gradeCase{
		{"exact", Response{Text: "9.81"}, 1},
		{"comma", Response{Text: "9,81"}, 1},
		{"edge of tolerance", Response{Text: "9.86"}, 1},
		{"edge of tolerance below", Response{Text: "9.76"}, 1},
		{"just outside", Response{Text: "9.87"}, 0},
		{"partial key", Response{Text: "10"}, 0.5},
		{"partial key with spaces and sign", Response{Text: " +10,0 "}, 0.5},
		{"empty", Response{}, 0},
		{"words", Response{Text: "ten"}, 0},
		{"NaN", Response{Text: "NaN"}, 0},
		{"Inf", Response{Text: "+Inf"}, 0},
		{"overflow", Response{Text: "1e400"}, 0},
		{"hex", Response{Text: "0x9p0"}, 0},
		{"two separators", Response{Text: "9.8,1"}, 0},
		{"unicode minus far off", Response{Text: "−9.81"}, 0},
	})
	rel := question(t, Numeric, Body{Numbers: []NumberKey{{Value: -2000, Tolerance: 0.01, Relative: true}}})
	runGrade(t, rel, []gradeCase{
		{"within 1%", Response{Text: "−1 980"}, 1},
		{"within 1% other side", Response{Text: "-2020"}, 1},
		{"outside 1%", Response{Text: "-2021"}, 0},
		{"exponent", Response{Text: "-2e3"}, 1},
		{"sign matters", Response{Text: "2000"}, 0},
	})
	zero := question(t, Numeric, Body{Numbers: []NumberKey{{Value: 0}}})
	runGrade(t, zero, []gradeCase{
		{"zero", Response{Text: "0"}, 1},
		{"minus zero", Response{Text: "-0,0"}, 1},
		{"tiny", Response{Text: "0.0000001"}, 0},
	})
}

func TestGradeMatching(t *testing.T) {
	b := Body{Pairs: []Pair{
		{ID: "p1", Left: tx("Абай"), Right: tx("поэт")},
		{ID: "p2", Left: tx("Мұхтар Әуезов"), Right: tx("жазушы")},
		{ID: "p3", Left: tx("Жамбыл"), Right: tx("поэт")}, // shares a right
		{ID: "p4", Left: Text{}, Right: tx("композитор")}, // distractor
	}}
	for _, rule := range []CreditRule{AllOrNothing, Proportional} {
		bb := b
		bb.Pairs = append([]Pair(nil), b.Pairs...)
		bb.Rule = rule
		q := question(t, Matching, bb)
		poet, writer, composer := q.Body.Pairs[0].RightID, q.Body.Pairs[1].RightID, q.Body.Pairs[3].RightID
		if q.Body.Pairs[2].RightID != poet {
			t.Fatalf("equal rights got different IDs: %+v", q.Body.Pairs)
		}
		partial := 2.0 / 3
		if rule == AllOrNothing {
			partial = 0
		}
		t.Run(string(rule), func(t *testing.T) {
			runGrade(t, q, []gradeCase{
				{"all right", Response{Matches: map[string]string{"p1": poet, "p2": writer, "p3": poet}}, 1},
				{"one wrong", Response{Matches: map[string]string{"p1": poet, "p2": composer, "p3": poet}}, partial},
				{"one missing", Response{Matches: map[string]string{"p1": poet, "p2": writer}}, partial},
				{"distractor premise ignored", Response{Matches: map[string]string{"p1": poet, "p2": writer, "p3": poet, "p4": composer}}, 1},
				{"unknown premise ignored", Response{Matches: map[string]string{"p1": poet, "p2": writer, "p3": poet, "zz": poet}}, 1},
				{"forged choice", Response{Matches: map[string]string{"p1": poet, "p2": writer, "p3": "forged"}}, 0},
				{"empty", Response{}, 0},
			})
		})
	}
}

func TestGradeOrdering(t *testing.T) {
	for _, rule := range []CreditRule{AllOrNothing, Proportional, Penalty} {
		q := question(t, Ordering, Body{Options: opts(4), Rule: rule})
		partial := func(f float64) float64 {
			if rule == AllOrNothing {
				return 0
			}
			return f
		}
		t.Run(string(rule), func(t *testing.T) {
			runGrade(t, q, []gradeCase{
				{"right order", Response{Order: []string{"a", "b", "c", "d"}}, 1},
				{"two swapped", Response{Order: []string{"b", "a", "c", "d"}}, partial(0.5)},
				{"reversed", Response{Order: []string{"d", "c", "b", "a"}}, 0},
				{"too short", Response{Order: []string{"a", "b", "c"}}, 0},
				{"too long", Response{Order: []string{"a", "b", "c", "d", "a"}}, 0},
				{"duplicate", Response{Order: []string{"a", "a", "c", "d"}}, 0},
				{"unknown", Response{Order: []string{"a", "b", "c", "x"}}, 0},
				{"empty", Response{}, 0},
			})
		})
	}
}

func TestGradeEssay(t *testing.T) {
	q := question(t, Essay, Body{})
	if r := Grade(q, Response{Text: "Менің ойымша..."}); !r.Manual || r.Fraction != 0 {
		t.Errorf("essay = %+v, want manual with 0", r)
	}
}

func TestGradeAttempt(t *testing.T) {
	single := question(t, SingleChoice, Body{Options: opts(3, "b")})
	single.ID = 1
	essay := question(t, Essay, Body{})
	essay.ID = 2
	num := question(t, Numeric, Body{Numbers: []NumberKey{{Value: 2}}})
	num.ID = 3
	qs := map[int64]*Question{1: single, 2: essay, 3: num}
	slots := []Slot{{1, 2}, {2, 5}, {3, 1.5}, {4, 3}} // 4 was deleted from the bank
	saved := []Answer{
		{QuestionID: 1, Response: Response{Choice: "b"}},
		{QuestionID: 2, Response: Response{Text: "essay"}},
		{QuestionID: 99, Response: Response{Choice: "x"}}, // not in the attempt: ignored
	}
	grades, score, pending := GradeAttempt(slots, qs, saved)
	if len(grades) != 4 || score != 2 || pending != 1 {
		t.Fatalf("GradeAttempt = %d grades, score %v, pending %d; want 4, 2, 1", len(grades), score, pending)
	}
	if grades[1].Graded || grades[2].Points != 0 || !grades[3].Graded {
		t.Errorf("grades = %+v", grades)
	}
	// A teacher grades the essay 0.7: the score becomes final.
	saved[1].GradedBy, saved[1].Fraction = 42, 0.7
	_, score, pending = GradeAttempt(slots, qs, saved)
	if score != 5.5 || pending != 0 {
		t.Errorf("after hand grading: score %v pending %d, want 5.5 and 0", score, pending)
	}
	// A jury overrides the single choice's grade on appeal (0.5 of 2 points): regrading
	// keeps the hand grade instead of the key's.
	saved[0].GradedBy, saved[0].Fraction = 43, 0.5
	_, score, _ = GradeAttempt(slots, qs, saved)
	if score != 4.5 {
		t.Errorf("after the override: score %v, want 4.5", score)
	}
	// An unanswered essay is not pending.
	_, _, pending = GradeAttempt(slots[1:2], qs, nil)
	if pending != 0 {
		t.Errorf("unanswered essay pending = %d", pending)
	}
}
