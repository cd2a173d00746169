package quiz

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

// allowedViewKeys are the only JSON keys a student view may have, at any depth.
var allowedViewKeys = map[string]bool{
	"question_id": true, "kind": true, "text": true, "media_id": true, "points": true,
	"options": true, "premises": true, "choices": true, "id": true, "kk": true, "ru": true, "en": true,
}

func walkKeys(t *testing.T, v any, visit func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			visit(k)
			walkKeys(t, x, visit)
		}
	case []any:
		for _, x := range v {
			walkKeys(t, x, visit)
		}
	}
}

// secretQuestions has one question of every kind whose key contains "SECRET", a number or
// feedback that must never reach a student.
func secretQuestions(t *testing.T) []*Question {
	fb := Text{sitecore.Kazakh: "SECRET feedback"}
	single := opts(4, "c")
	single[0].Credit = 0.25
	return []*Question{
		question(t, SingleChoice, Body{Options: single, Feedback: fb}),
		question(t, MultipleChoice, Body{Options: opts(5, "a", "d"), Rule: Penalty, Feedback: fb}),
		question(t, TrueFalse, Body{Truth: true, Feedback: fb}),
		question(t, ShortAnswer, Body{Accepted: []Accepted{{Text: "SECRET answer"}, {Text: "31415926", Tolerance: 0.5}}, Feedback: fb}),
		question(t, Numeric, Body{Numbers: []NumberKey{{Value: 27182818, Tolerance: 0.001, Relative: true}}, Feedback: fb}),
		question(t, Matching, Body{Pairs: []Pair{
			{Left: tx("L1"), Right: tx("R1")}, {Left: tx("L2"), Right: tx("R2")}, {Left: tx("L3"), Right: tx("R1")}, {Right: tx("R4")},
		}, Feedback: fb}),
		question(t, Ordering, Body{Options: opts(5), Feedback: fb}),
		question(t, Essay, Body{Feedback: fb}),
	}
}

func TestStudentViewLeaksNoKey(t *testing.T) {
	for i, q := range secretQuestions(t) {
		q.ID = int64(i + 1)
		for seed := uint64(0); seed < 50; seed++ {
			v := StudentView(q, Slot{QuestionID: q.ID, Points: 2}, seed, seed%2 == 0)
			data, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			s := string(data)
			for _, secret := range []string{"SECRET", "31415926", "27182818", "2.7182818e+07", ":true", "0.25", "0.5"} {
				if strings.Contains(s, secret) {
					t.Fatalf("%s view leaks %q: %s", q.Kind, secret, s)
				}
			}
			var m any
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			walkKeys(t, m, func(k string) {
				if !allowedViewKeys[k] {
					t.Fatalf("%s view has key %q: %s", q.Kind, k, s)
				}
			})
		}
	}
}

func TestStudentViewOrder(t *testing.T) {
	qs := secretQuestions(t)
	single, ordering, matching := qs[0], qs[6], qs[5]
	stored := []string{}
	for _, o := range ordering.Body.Options {
		stored = append(stored, o.ID)
	}
	differs := false
	for seed := uint64(0); seed < 200; seed++ {
		v := StudentView(ordering, Slot{}, seed, false)
		got := idsOf(v.Options)
		if slices.Equal(got, stored) {
			t.Fatalf("seed %d: ordering shown in its answer order", seed)
		}
		if !sameStrings(got, stored) {
			t.Fatalf("seed %d: ordering items %v, stored %v", seed, got, stored)
		}
		again := StudentView(ordering, Slot{}, seed, false)
		if !slices.Equal(idsOf(again.Options), got) {
			t.Fatalf("seed %d: the view is not deterministic", seed)
		}

		m := StudentView(matching, Slot{}, seed, seed%3 == 0)
		if len(m.Premises) != 3 || len(m.Choices) != 3 {
			t.Fatalf("matching view: %d premises, %d choices, want 3 and 3 (equal rights shown once)", len(m.Premises), len(m.Choices))
		}

		s := StudentView(single, Slot{}, seed, true)
		differs = differs || idsOf(s.Options)[0] != single.Body.Options[0].ID
	}
	if !differs {
		t.Error("shuffled single-choice options always start with the stored first option")
	}
	if got := StudentView(single, Slot{}, 1, false); !slices.Equal(idsOf(got.Options), []string{"a", "b", "c", "d"}) {
		t.Errorf("unshuffled options = %v", idsOf(got.Options))
	}
	// The view does not share maps with the bank.
	v := StudentView(single, Slot{}, 1, false)
	v.Text[sitecore.Russian] = "changed"
	if single.Text[sitecore.Russian] == "changed" {
		t.Error("view shares its text with the question")
	}
}

func sameStrings(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
