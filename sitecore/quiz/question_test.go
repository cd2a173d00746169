package quiz

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

func TestQuestionValidate(t *testing.T) {
	tests := []struct {
		name  string
		q     Question
		field string
		key   string
	}{
		{"unknown kind", Question{Kind: "poll", Text: tx("?")}, "kind", "quiz.kind"},
		{"no text", Question{Kind: Essay, Text: Text{sitecore.Kazakh: "  "}}, "text", "field.required"},
		{"unknown language", Question{Kind: Essay, Text: Text{"de": "?"}}, "text", "lang.unsupported"},
		{"text too long", Question{Kind: Essay, Text: tx(strings.Repeat("я", MaxQuestionText+1))}, "text.ru", "field.too_long"},
		{"NaN points", Question{Kind: Essay, Text: tx("?"), Points: math.NaN()}, "points", "quiz.points"},
		{"negative points", Question{Kind: Essay, Text: tx("?"), Points: -1}, "points", "quiz.points"},
		{"one option", Question{Kind: SingleChoice, Text: tx("?"), Body: Body{Options: opts(1, "a")}}, "options", "quiz.options_few"},
		{"two correct single", Question{Kind: SingleChoice, Text: tx("?"), Body: Body{Options: opts(3, "a", "b")}}, "options", "quiz.correct_one"},
		{"no correct single", Question{Kind: SingleChoice, Text: tx("?"), Body: Body{Options: opts(3)}}, "options", "quiz.correct_one"},
		{"no correct multiple", Question{Kind: MultipleChoice, Text: tx("?"), Body: Body{Options: opts(3)}}, "options", "quiz.correct_none"},
		{"credit on multiple", Question{Kind: MultipleChoice, Text: tx("?"), Body: Body{Options: []Option{
			{ID: "a", Text: tx("a"), Correct: true}, {ID: "b", Text: tx("b"), Credit: 0.5}}}}, "options[1].credit", "quiz.credit"},
		{"duplicate option id", Question{Kind: Ordering, Text: tx("?"), Body: Body{Options: []Option{
			{ID: "a", Text: tx("a")}, {ID: "a", Text: tx("b")}}}}, "options[1].id", "quiz.id"},
		{"empty option", Question{Kind: Ordering, Text: tx("?"), Body: Body{Options: []Option{
			{Text: tx("a")}, {Text: tx("")}}}}, "options[1].text", "field.required"},
		{"bad rule", Question{Kind: MultipleChoice, Text: tx("?"), Body: Body{Rule: "some", Options: opts(3, "a")}}, "rule", "quiz.rule"},
		{"no accepted", Question{Kind: ShortAnswer, Text: tx("?")}, "accepted", "quiz.accepted_none"},
		{"only partial accepted", Question{Kind: ShortAnswer, Text: tx("?"), Body: Body{Accepted: []Accepted{{Text: "x", Credit: 0.5}}}}, "accepted", "quiz.correct_none"},
		{"blank accepted", Question{Kind: ShortAnswer, Text: tx("?"), Body: Body{Accepted: []Accepted{{Text: " "}}}}, "accepted[0].text", "field.required"},
		{"no numbers", Question{Kind: Numeric, Text: tx("?")}, "numbers", "quiz.accepted_none"},
		{"NaN value", Question{Kind: Numeric, Text: tx("?"), Body: Body{Numbers: []NumberKey{{Value: math.NaN()}}}}, "numbers[0].value", "quiz.number"},
		{"Inf value", Question{Kind: Numeric, Text: tx("?"), Body: Body{Numbers: []NumberKey{{Value: math.Inf(-1)}}}}, "numbers[0].value", "quiz.number"},
		{"negative tolerance", Question{Kind: Numeric, Text: tx("?"), Body: Body{Numbers: []NumberKey{{Value: 1, Tolerance: -1}}}}, "numbers[0].tolerance", "quiz.tolerance"},
		{"relative over 1", Question{Kind: Numeric, Text: tx("?"), Body: Body{Numbers: []NumberKey{{Value: 1, Tolerance: 2, Relative: true}}}}, "numbers[0].tolerance", "quiz.tolerance"},
		{"one premise", Question{Kind: Matching, Text: tx("?"), Body: Body{Pairs: []Pair{{Left: tx("a"), Right: tx("b")}, {Right: tx("c")}}}}, "pairs", "quiz.options_few"},
		{"pair without right", Question{Kind: Matching, Text: tx("?"), Body: Body{Pairs: []Pair{{Left: tx("a"), Right: tx("b")}, {Left: tx("c")}}}}, "pairs[1].right", "field.required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			err := q.Prepare()
			e := sitecore.AsError(err)
			if err == nil || e.Code != sitecore.EInvalid || e.Field != tt.field || e.Key != tt.key {
				t.Errorf("Prepare = %v, want invalid %s (%s)", err, tt.field, tt.key)
			}
		})
	}
}

func TestQuestionPrepare(t *testing.T) {
	q := Question{Kind: Matching, Text: tx("?"), Category: "  Алгебра ", Body: Body{Pairs: []Pair{
		{Left: tx("a"), Right: tx("x")}, {Left: tx("b"), Right: tx("x")}, {Right: tx("y")}}}}
	if err := q.Prepare(); err != nil {
		t.Fatal(err)
	}
	p := q.Body.Pairs
	if q.Points != 1 || q.Category != "Алгебра" || q.Body.Rule != AllOrNothing {
		t.Errorf("defaults: %+v", q)
	}
	if p[0].ID == "" || p[0].ID == p[1].ID || p[0].RightID != p[1].RightID || p[2].RightID == p[0].RightID || len(p[0].ID) != 8 {
		t.Errorf("ids: %+v", p)
	}
	// Preparing again keeps the IDs.
	before := p[0].ID + p[0].RightID
	if err := q.Prepare(); err != nil || p[0].ID+p[0].RightID != before {
		t.Errorf("second Prepare changed IDs or failed: %v", err)
	}
	s := Question{Kind: ShortAnswer, Text: tx("?"), Body: Body{Accepted: []Accepted{{Text: " x "}}}}
	if err := s.Prepare(); err != nil || s.Body.Accepted[0].Credit != 1 || s.Body.Accepted[0].Text != "x" {
		t.Errorf("short defaults: %+v, %v", s.Body, err)
	}
}

func TestTestValidate(t *testing.T) {
	valid := func() Test {
		return Test{Title: tx("Бақылау"), Items: []Item{{QuestionID: 1}}, TimeLimit: 40 * time.Minute,
			Audience: Audience{Kind: AudienceSchool}}
	}
	ok := valid()
	if err := ok.Prepare(); err != nil || ok.Review != ReviewScore || ok.Grace.Mode != GraceSubmit {
		t.Fatalf("Prepare = %v, %+v", err, ok)
	}
	tests := []struct {
		name  string
		edit  func(*Test)
		field string
		key   string
	}{
		{"no title", func(t *Test) { t.Title = nil }, "title", "field.required"},
		{"no items", func(t *Test) { t.Items = nil }, "items", "quiz.items_none"},
		{"random item without bank", func(t *Test) { t.Items = []Item{{Category: "x", Count: 2}} }, "items[0]", "quiz.item"},
		{"fixed item with count", func(t *Test) { t.Items = []Item{{QuestionID: 1, Count: 2}} }, "items[0]", "quiz.item"},
		{"NaN item points", func(t *Test) { t.Items[0].Points = math.NaN() }, "items[0].points", "quiz.points"},
		{"too many questions", func(t *Test) { t.Items = []Item{{BankID: 1, Count: MaxTestQuestions + 1}} }, "items", "quiz.options_many"},
		{"negative limit", func(t *Test) { t.TimeLimit = -time.Minute }, "time_limit", "quiz.time_limit"},
		{"fractional limit", func(t *Test) { t.TimeLimit = 1500 * time.Millisecond }, "time_limit", "quiz.time_limit"},
		{"no deadline", func(t *Test) { t.TimeLimit = 0 }, "closes", "quiz.no_deadline"},
		{"window backwards", func(t *Test) { t.Opens = t0; t.Closes = t0 }, "closes", "quiz.window"},
		{"attempts", func(t *Test) { t.AttemptsAllowed = -1 }, "attempts_allowed", "quiz.attempts"},
		{"review", func(t *Test) { t.Review = "all" }, "review", "quiz.review"},
		{"grace mode", func(t *Test) { t.Grace.Mode = "later" }, "grace.mode", "quiz.grace_mode"},
		{"grace seconds without last_save", func(t *Test) { t.Grace = Grace{Mode: GraceSubmit, Seconds: 5} }, "grace.seconds", "quiz.grace"},
		{"last_save without seconds", func(t *Test) { t.Grace = Grace{Mode: GraceLastSave} }, "grace.seconds", "quiz.grace"},
		{"last_save too long", func(t *Test) { t.Grace = Grace{Mode: GraceLastSave, Seconds: MaxGraceSeconds + 1} }, "grace.seconds", "quiz.grace"},
		{"audience", func(t *Test) { t.Audience.Kind = "everyone" }, "audience.kind", "quiz.audience"},
		{"class without ref", func(t *Test) { t.Audience = Audience{Kind: AudienceClass} }, "audience.ref", "field.required"},
		{"grade", func(t *Test) { t.Grade = 13 }, "grade", "quiz.grade"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := valid()
			tt.edit(&x)
			err := x.Prepare()
			e := sitecore.AsError(err)
			if err == nil || e.Code != sitecore.EInvalid || e.Field != tt.field || e.Key != tt.key {
				t.Errorf("Prepare = %v, want invalid %s (%s)", err, tt.field, tt.key)
			}
		})
	}
}
