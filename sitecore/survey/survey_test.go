package survey_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

var (
	langs = []sitecore.Lang{sitecore.Kazakh, sitecore.Russian}
	now   = time.Date(2026, 3, 2, 9, 0, 0, 0, sitecore.Almaty)
)

func tr(s string) map[sitecore.Lang]string {
	return map[sitecore.Lang]string{sitecore.Kazakh: s + " (kk)", sitecore.Russian: s + " (ru)"}
}

func opts(ids ...string) []survey.Option {
	out := make([]survey.Option, len(ids))
	for i, id := range ids {
		out[i] = survey.Option{ID: id, Text: tr(id)}
	}
	return out
}

// definition is a valid definition with one question of each kind.
func definition() survey.Definition {
	return survey.Definition{
		Kind:  survey.KindVote,
		Title: map[string]string{"kk": "Мектеп формасы", "ru": "Школьная форма"},
		Questions: []survey.Question{
			{ID: "color", Kind: survey.Single, Text: tr("color"), Required: true, Options: opts("blue", "grey", "black")},
			{ID: "items", Kind: survey.Multiple, Text: tr("items"), Options: opts("tie", "vest", "cap"), Min: 1, Max: 2},
			{ID: "price", Kind: survey.Scale, Text: tr("price"), Scale: 5},
			{ID: "note", Kind: survey.Text, Text: tr("note"), MaxLength: 20},
			{ID: "grid", Kind: survey.Matrix, Text: tr("grid"), Rows: opts("autumn", "spring"), Options: opts("yes", "no")},
		},
		Audience: survey.Audience{Kind: survey.AudienceParents},
		OpensAt:  now.Add(time.Hour), ClosesAt: now.Add(7 * 24 * time.Hour),
		Mode: survey.Named, Quorum: survey.Quorum{MinBallots: 2},
		Reminders: []survey.Reminder{{HoursBeforeClose: 24}, {HoursBeforeClose: 72}},
	}
}

func validSurvey(t *testing.T) *survey.Survey {
	t.Helper()
	s, err := definition().Validate(langs, now)
	if err != nil {
		t.Fatal(err)
	}
	s.ID, s.SiteID = 7, 3
	return s
}

func wantErr(t *testing.T, err error, code, field, key string) {
	t.Helper()
	if got := sitecore.ErrorCode(err); got != code {
		t.Fatalf("err = %v (code %q), want %q", err, got, code)
	}
	e := sitecore.AsError(err)
	if field != "" && e.Field != field {
		t.Errorf("field = %q, want %q (%v)", e.Field, field, err)
	}
	if key != "" && e.Key != key {
		t.Errorf("key = %q, want %q (%v)", e.Key, key, err)
	}
}

func TestDefinitionValidate(t *testing.T) {
	s := validSurvey(t)
	if s.Status != survey.StatusDraft || s.Version != 1 || len(s.Questions) != 5 {
		t.Fatalf("survey %+v", s)
	}
	if q := s.Questions[3]; q.MaxLength != 20 || q.Options != nil {
		t.Errorf("text question kept other kinds' fields: %+v", q)
	}
	if r := s.Reminders; r[0].HoursBeforeClose != 72 || r[1].HoursBeforeClose != 24 {
		t.Errorf("reminders %v, want the earliest first", r)
	}
	if s.OpensAt.Location() != time.UTC {
		t.Errorf("times are stored in UTC, got %v", s.OpensAt.Location())
	}
	d := definition()
	d.Questions = []survey.Question{{Kind: survey.Single, Text: tr("x"), Options: []survey.Option{{Text: tr("a")}, {Text: tr("b")}}}}
	s2, err := d.Validate(langs, now)
	if err != nil {
		t.Fatal(err)
	}
	if q := s2.Questions[0]; q.ID != "q1" || q.Options[1].ID != "o2" {
		t.Errorf("default IDs: %+v", q)
	}

	tests := []struct {
		name       string
		change     func(d *survey.Definition)
		field, key string
	}{
		{"unknown kind", func(d *survey.Definition) { d.Kind = "referendum" }, "kind", "survey.kind"},
		{"title missing in a site language", func(d *survey.Definition) { delete(d.Title, "ru") }, "title.ru", "survey.text_missing"},
		{"title in a language the site lacks", func(d *survey.Definition) { d.Title["en"] = "Uniform" }, "title.en", "survey.lang"},
		{"title too long", func(d *survey.Definition) { d.Title["kk"] = strings.Repeat("ә", 301) }, "title.kk", "field.too_long"},
		{"no questions", func(d *survey.Definition) { d.Questions = nil }, "questions", "survey.questions"},
		{"bad question id", func(d *survey.Definition) { d.Questions[0].ID = "Color!" }, "questions.0.id", "survey.id"},
		{"duplicate question id", func(d *survey.Definition) { d.Questions[1].ID = "color" }, "questions.1.id", "survey.id_duplicate"},
		{"unknown question kind", func(d *survey.Definition) { d.Questions[0].Kind = "rank" }, "questions.0.kind", "survey.question_kind"},
		{"question text missing", func(d *survey.Definition) { delete(d.Questions[2].Text, "kk") }, "questions.2.text.kk", "survey.text_missing"},
		{"one option", func(d *survey.Definition) { d.Questions[0].Options = opts("a") }, "questions.0.options", "survey.options"},
		{"duplicate option", func(d *survey.Definition) { d.Questions[0].Options = opts("a", "a") }, "questions.0.options.1.id", "survey.id_duplicate"},
		{"option text missing", func(d *survey.Definition) { delete(d.Questions[0].Options[1].Text, "ru") }, "questions.0.options.1.text.ru", "survey.text_missing"},
		{"min above max", func(d *survey.Definition) { d.Questions[1].Min = 3 }, "questions.1.max", "survey.min_max"},
		{"max above options", func(d *survey.Definition) { d.Questions[1].Max = 4 }, "questions.1.max", "survey.min_max"},
		{"scale of 7", func(d *survey.Definition) { d.Questions[2].Scale = 7 }, "questions.2.scale", "survey.scale"},
		{"text limit too large", func(d *survey.Definition) { d.Questions[3].MaxLength = 5001 }, "questions.3.max_length", "survey.text_length"},
		{"matrix without rows", func(d *survey.Definition) { d.Questions[4].Rows = nil }, "questions.4.rows", "survey.options"},
		{"unknown audience", func(d *survey.Definition) { d.Audience.Kind = "pupils" }, "audience.kind", "survey.audience"},
		{"org unit without unit", func(d *survey.Definition) { d.Audience.Kind = survey.AudienceOrgUnit }, "audience.org_unit_id", "field.required"},
		{"IIN list without signature", func(d *survey.Definition) { d.Audience.Kind = survey.AudienceIINList }, "audience.kind", "survey.list_needs_signature"},
		{"organisations without signature", func(d *survey.Definition) { d.AllowOrganisations = true }, "allow_organisations", "survey.list_needs_signature"},
		{"unknown mode", func(d *survey.Definition) { d.Mode = "secret" }, "mode", "survey.mode"},
		{"revote in anonymous mode", func(d *survey.Definition) { d.Mode, d.Revote = survey.Anonymous, true }, "revote", "survey.revote_named"},
		{"negative quorum", func(d *survey.Definition) { d.Quorum.MinBallots = -1 }, "quorum", "survey.quorum"},
		{"turnout quorum over anyone", func(d *survey.Definition) {
			d.Audience.Kind, d.Quorum.MinTurnoutPct = survey.AudienceAny, 50
		}, "quorum.min_turnout_pct", "survey.quorum_audience"},
		{"reminder at zero hours", func(d *survey.Definition) { d.Reminders[1].HoursBeforeClose = 0 }, "reminders.1.hours_before_close", "survey.reminders"},
		{"repeated reminder", func(d *survey.Definition) { d.Reminders[1].HoursBeforeClose = 24 }, "reminders.1.hours_before_close", "survey.reminders"},
		{"no opening", func(d *survey.Definition) { d.OpensAt = time.Time{} }, "opens_at", "field.required"},
		{"closes before it opens", func(d *survey.Definition) { d.ClosesAt = d.OpensAt }, "closes_at", "survey.times"},
		{"longer than a year", func(d *survey.Definition) { d.ClosesAt = d.OpensAt.Add(367 * 24 * time.Hour) }, "closes_at", "survey.times"},
		{"closes in the past", func(d *survey.Definition) {
			d.OpensAt, d.ClosesAt = now.Add(-48*time.Hour), now.Add(-time.Hour)
		}, "closes_at", "survey.closes_past"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := definition()
			tt.change(&d)
			_, err := d.Validate(langs, now)
			wantErr(t, err, sitecore.EInvalid, tt.field, tt.key)
			if !sitecore.HasMessage(sitecore.Kazakh, sitecore.AsError(err).Key) {
				t.Errorf("key %q has no Kazakh message", sitecore.AsError(err).Key)
			}
		})
	}
}

func TestValidateBallot(t *testing.T) {
	s := validSurvey(t)
	good := survey.Ballot{Answers: map[string]survey.Answer{
		"color": {Choice: "grey"},
		"items": {Choices: []string{"vest", "tie"}},
		"price": {Value: 4},
		"note":  {Text: "  Ақ жаға\r\nболсын  "},
		"grid":  {Rows: map[string]string{"spring": "no"}},
	}}
	b, err := survey.ValidateBallot(s, good)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Answers["items"].Choices; strings.Join(got, ",") != "tie,vest" {
		t.Errorf("choices %v, want option order", got)
	}
	if got := b.Answers["note"].Text; got != "Ақ жаға\nболсын" {
		t.Errorf("text %q, want trimmed with \\n", got)
	}
	only, err := survey.ValidateBallot(s, survey.Ballot{Answers: map[string]survey.Answer{"color": {Choice: "blue"}, "note": {Text: "   "}}})
	if err != nil || len(only.Answers) != 1 {
		t.Errorf("optional questions left out: %v %v", only, err)
	}

	tests := []struct {
		name       string
		answers    map[string]survey.Answer
		field, key string
	}{
		{"required missing", map[string]survey.Answer{}, "answers.color", "survey.answer_required"},
		{"unknown question", map[string]survey.Answer{"color": {Choice: "blue"}, "size": {Value: 1}}, "answers.size", "survey.answer_unknown"},
		{"unknown option", map[string]survey.Answer{"color": {Choice: "red"}}, "answers.color", "survey.answer_option"},
		{"wrong field for kind", map[string]survey.Answer{"color": {Value: 1}}, "answers.color", "survey.answer_kind"},
		{"two fields", map[string]survey.Answer{"color": {Choice: "blue", Text: "x"}}, "answers.color", "survey.answer_kind"},
		{"too many choices", map[string]survey.Answer{"color": {Choice: "blue"}, "items": {Choices: []string{"tie", "vest", "cap"}}}, "answers.items", "survey.answer_count"},
		{"repeated choice", map[string]survey.Answer{"color": {Choice: "blue"}, "items": {Choices: []string{"tie", "tie"}}}, "answers.items", "survey.answer_option"},
		{"scale above", map[string]survey.Answer{"color": {Choice: "blue"}, "price": {Value: 6}}, "answers.price", "survey.answer_scale"},
		{"scale below", map[string]survey.Answer{"color": {Choice: "blue"}, "price": {Value: -1}}, "answers.price", "survey.answer_scale"},
		{"text too long", map[string]survey.Answer{"color": {Choice: "blue"}, "note": {Text: strings.Repeat("ы", 21)}}, "answers.note", "field.too_long"},
		{"matrix unknown row", map[string]survey.Answer{"color": {Choice: "blue"}, "grid": {Rows: map[string]string{"winter": "yes"}}}, "answers.grid.winter", "survey.answer_unknown"},
		{"matrix unknown column", map[string]survey.Answer{"color": {Choice: "blue"}, "grid": {Rows: map[string]string{"autumn": "maybe"}}}, "answers.grid.autumn", "survey.answer_option"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := survey.ValidateBallot(s, survey.Ballot{Answers: tt.answers})
			wantErr(t, err, sitecore.EInvalid, tt.field, tt.key)
		})
	}
	// A required matrix needs every row.
	s.Questions[4].Required = true
	_, err = survey.ValidateBallot(s, survey.Ballot{Answers: map[string]survey.Answer{"color": {Choice: "blue"},
		"grid": {Rows: map[string]string{"spring": "no"}}}})
	wantErr(t, err, sitecore.EInvalid, "answers.grid.autumn", "survey.answer_required")
}

func TestCanonicalBytes(t *testing.T) {
	s := validSurvey(t)
	b, err := survey.ValidateBallot(s, survey.Ballot{Answers: map[string]survey.Answer{
		"color": {Choice: "grey"}, "items": {Choices: []string{"vest", "tie"}}, "price": {Value: 4},
		"note": {Text: "\"Қ\"\\\t\u0001</>\u2028x"}, "grid": {Rows: map[string]string{"spring": "no", "autumn": "yes"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := string(survey.CanonicalBallot(s, "n0nce", b))
	want := `{"answers":{"color":{"choice":"grey"},"grid":{"rows":{"autumn":"yes","spring":"no"}},` +
		`"items":{"choices":["tie","vest"]},"note":{"text":"\"Қ\"\\\t\u0001</>` + "\u2028" + `x"},"price":{"value":4}},` +
		`"nonce":"n0nce","site":3,"survey":7,"type":"mektep.survey.ballot","version":1}`
	if got != want {
		t.Errorf("CanonicalBallot =\n%s\nwant\n%s", got, want)
	}
	// The same answers given in another order give the same bytes; another version does not.
	again, _ := survey.ValidateBallot(s, survey.Ballot{Answers: map[string]survey.Answer{
		"items": {Choices: []string{"tie", "vest"}}, "grid": {Rows: map[string]string{"autumn": "yes", "spring": "no"}},
		"price": {Value: 4}, "color": {Choice: "grey"}, "note": {Text: "\"Қ\"\\\t\u0001</>\u2028x"},
	}})
	if !bytes.Equal(survey.CanonicalBallot(s, "n0nce", again), []byte(got)) {
		t.Error("canonical bytes depend on input order")
	}
	s.Version = 2
	if bytes.Equal(survey.CanonicalBallot(s, "n0nce", b), []byte(got)) {
		t.Error("canonical bytes do not carry the version")
	}
	// The bytes are JSON that decodes to the same values.
	var m map[string]any
	if err := json.Unmarshal([]byte(got), &m); err != nil || m["nonce"] != "n0nce" {
		t.Errorf("not JSON: %v", err)
	}
	if a := string(survey.CanonicalAnswers(b)); !strings.HasPrefix(a, `{"color":{"choice":"grey"},"grid"`) || strings.Contains(a, "nonce") {
		t.Errorf("CanonicalAnswers = %s", a)
	}
	st := string(survey.EligibilityStatement(s, "abc", []byte{0xFB, 0xFF}))
	if want := `{"blinded_token":"+/8=","nonce":"abc","site":3,"survey":7,"type":"mektep.survey.eligibility","version":2}`; st != want {
		t.Errorf("EligibilityStatement = %s, want %s", st, want)
	}
}

func TestTallyAndQuorum(t *testing.T) {
	s := validSurvey(t)
	ballots := []map[string]survey.Answer{
		{"color": {Choice: "grey"}, "items": {Choices: []string{"tie", "vest"}}, "price": {Value: 5}, "grid": {Rows: map[string]string{"autumn": "yes", "spring": "no"}}},
		{"color": {Choice: "grey"}, "items": {Choices: []string{"cap"}}, "price": {Value: 2}, "note": {Text: "x"}},
		{"color": {Choice: "blue"}, "grid": {Rows: map[string]string{"autumn": "no"}}},
		{"color": {Choice: "gone"}, "retired": {Value: 1}}, // stored under an older definition
	}
	tally := survey.NewTally(s)
	for _, a := range ballots {
		tally.Add(survey.Ballot{Answers: a})
	}
	r := tally.Results(5, 10, now)
	if r.Ballots != 4 || r.Voters != 5 || r.Audience != 10 || r.TurnoutPct != 50 || !r.QuorumMet {
		t.Errorf("results %+v", r)
	}
	q := r.Questions
	if got := q[0].Options; got[0].Count != 1 || got[1].Count != 2 || got[2].Count != 0 || q[0].Answered != 3 {
		t.Errorf("single %+v", q[0])
	}
	if got := q[1].Options; got[0].Count != 1 || got[1].Count != 1 || got[2].Count != 1 || q[1].Answered != 2 {
		t.Errorf("multiple %+v", q[1])
	}
	if q[2].Average != 3.5 || q[2].Distribution[4] != 1 || q[2].Distribution[1] != 1 || q[2].Answered != 2 {
		t.Errorf("scale %+v", q[2])
	}
	if q[3].Answered != 1 {
		t.Errorf("text %+v", q[3])
	}
	if g := q[4].Rows; g[0].Options[0].Count != 1 || g[0].Options[1].Count != 1 || g[1].Options[1].Count != 1 || q[4].Answered != 2 {
		t.Errorf("matrix %+v", q[4])
	}

	quorums := []struct {
		q                         survey.Quorum
		ballots, voters, audience int
		met                       bool
	}{
		{survey.Quorum{}, 0, 0, 0, true},
		{survey.Quorum{MinBallots: 3}, 2, 3, 0, false},
		{survey.Quorum{MinBallots: 3}, 3, 3, 0, true},
		{survey.Quorum{MinTurnoutPct: 50}, 5, 5, 10, true},
		{survey.Quorum{MinTurnoutPct: 50}, 4, 4, 10, false},
		{survey.Quorum{MinTurnoutPct: 50}, 5, 5, 0, false}, // unknown audience: not shown to be met
		{survey.Quorum{MinBallots: 1, MinTurnoutPct: 34}, 1, 1, 3, false},
	}
	for _, tt := range quorums {
		if got := tt.q.Met(tt.ballots, tt.voters, tt.audience); got != tt.met {
			t.Errorf("%+v.Met(%d, %d, %d) = %v", tt.q, tt.ballots, tt.voters, tt.audience, got)
		}
	}
}

func TestReceipts(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		c := survey.NewReceipt()
		if len(c) != 14 || c[4] != '-' || c[9] != '-' || seen[c] {
			t.Fatalf("receipt %q", c)
		}
		seen[c] = true
		h1, ok1 := survey.ReceiptHash(c)
		h2, ok2 := survey.ReceiptHash(strings.ToLower(strings.ReplaceAll(c, "-", " ")))
		if !ok1 || !ok2 || !bytes.Equal(h1, h2) {
			t.Fatalf("receipt %q does not survey retyping", c)
		}
	}
	a, _ := survey.ReceiptHash("0000-1111-2222")
	b, _ := survey.ReceiptHash("oooo-iiii-2222")
	if !bytes.Equal(a, b) {
		t.Error("O and I are not read as 0 and 1")
	}
	for _, bad := range []string{"", "0000-1111-222", "0000-1111-2222-3", "UUUU-1111-2222", "ЖЖЖЖ-1111-2222"} {
		if _, ok := survey.ReceiptHash(bad); ok {
			t.Errorf("ReceiptHash(%q) accepted", bad)
		}
	}
}

func TestHasherAndSealer(t *testing.T) {
	h := survey.HMACHasher{Key: bytes.Repeat([]byte{1}, 32)}
	if bytes.Equal(h.Hash("iin", "990106300596"), h.Hash("account", "990106300596")) {
		t.Error("kinds share hashes")
	}
	if bytes.Equal(h.Hash("iin", "990106300596"), survey.HMACHasher{Key: bytes.Repeat([]byte{2}, 32)}.Hash("iin", "990106300596")) {
		t.Error("the key does not matter")
	}
	s := survey.AESSealer{Key: bytes.Repeat([]byte{3}, 32)}
	sealed, err := s.Seal([]byte("private key"), []byte("survey:1"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("private key")) {
		t.Error("sealed value shows the plain text")
	}
	if plain, err := s.Open(sealed, []byte("survey:1")); err != nil || string(plain) != "private key" {
		t.Errorf("Open = %q, %v", plain, err)
	}
	if _, err := s.Open(sealed, []byte("survey:2")); err == nil {
		t.Error("a key sealed for one survey opens for another")
	}
}

func TestResultsVisible(t *testing.T) {
	s := validSurvey(t)
	s.Status = survey.StatusOpen
	if s.ResultsVisible(now.Add(2 * time.Hour)) {
		t.Error("visible while open without results_before_close")
	}
	s.ResultsBeforeClose = true
	if !s.ResultsVisible(now.Add(2 * time.Hour)) {
		t.Error("hidden while open with results_before_close")
	}
	s.ResultsBeforeClose, s.Status = false, survey.StatusClosed
	if s.ResultsVisible(now) {
		t.Error("visible after closing without publishing")
	}
	s.PublishResults = true
	if !s.ResultsVisible(now) {
		t.Error("hidden after closing with publishing")
	}
	s.Status = survey.StatusCancelled
	if s.ResultsVisible(now) {
		t.Error("visible when cancelled")
	}
}
