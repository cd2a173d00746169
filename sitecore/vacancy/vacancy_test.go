package vacancy

import (
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

func TestInputValidate(t *testing.T) {
	site := &sitecore.Site{ID: 3, Languages: []sitecore.Lang{sitecore.Kazakh, sitecore.Russian}}
	today := time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC)
	ok := func() Input {
		return Input{Text: map[string]Text{"kk": {Title: " Мұғалім ", Contacts: "+7 701"}}, Hours: 18, SalaryMin: 1, SalaryMax: 2, Deadline: "2026-12-04"}
	}
	v, err := ok().validate(site, today, nil)
	if err != nil || v.Text[sitecore.Kazakh].Title != "Мұғалім" || !v.Deadline.Equal(time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("valid input: %+v, %v", v, err)
	}
	cases := []struct {
		field string
		edit  func(*Input)
	}{
		{"text", func(in *Input) { in.Text = nil }},
		{"text.en", func(in *Input) { in.Text["en"] = Text{Title: "x", Contacts: "y"} }},
		{"text.kk.title", func(in *Input) { in.Text["kk"] = Text{Contacts: "y"} }},
		{"text.kk.contacts", func(in *Input) { in.Text["kk"] = Text{Title: "x"} }},
		{"hours", func(in *Input) { in.Hours = 61 }},
		{"salary_min", func(in *Input) { in.SalaryMin = -1 }},
		{"salary_max", func(in *Input) { in.SalaryMin, in.SalaryMax = 5, 4 }},
		{"deadline", func(in *Input) { in.Deadline = "" }},
		{"deadline", func(in *Input) { in.Deadline = "04.12.2026" }},
		{"deadline", func(in *Input) { in.Deadline = "2026-12-03" }},
	}
	for _, c := range cases {
		in := ok()
		c.edit(&in)
		_, err := in.validate(site, today, nil)
		if e, isErr := err.(*sitecore.Error); !isErr || e.Field != c.field {
			t.Errorf("%s: got %v", c.field, err)
		}
	}
	// Editing a vacancy whose deadline passed keeps that deadline.
	old := &Vacancy{Deadline: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	in := ok()
	in.Deadline = "2026-11-01"
	if _, err := in.validate(site, today, old); err != nil {
		t.Errorf("unchanged past deadline refused: %v", err)
	}
}

func TestSyndicationKey(t *testing.T) {
	if id, ok := IDOfKey(SyndicationKey(42)); !ok || id != 42 {
		t.Errorf("IDOfKey = %d %v", id, ok)
	}
	for _, k := range []string{"n1", "vacancy:", "vacancy:x", "vacancy:-1", "vacancy-1"} {
		if _, ok := IDOfKey(k); ok {
			t.Errorf("IDOfKey(%q) is a vacancy", k)
		}
	}
}
