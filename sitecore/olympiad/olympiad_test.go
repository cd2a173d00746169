package olympiad

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

var t0 = time.Date(2026, 10, 1, 4, 0, 0, 0, time.UTC)

// validOlympiad is a district olympiad with a test round and a paper round.
func validOlympiad() *Olympiad {
	day := 24 * time.Hour
	round := func(start time.Time, tasks ...Task) Round {
		return Round{Tasks: tasks, RegistrationOpens: start.Add(-10 * day), RegistrationCloses: start.Add(-day),
			NotifyBefore: day, StartsAt: start, EndsAt: start.Add(3 * time.Hour), ResultsAt: start.Add(2 * day),
			AppealsClose: start.Add(4 * day), Qualify: Rule{TopN: 10}, Awards: Awards{First: 1, Second: 3, Third: 6}}
	}
	return &Olympiad{SiteID: 1, Level: LevelDistrict, OrgUnitID: 7, Title: quiz.Text{sitecore.Kazakh: "Математика олимпиадасы"},
		Subjects: []string{"math"}, Grades: []int{9, 10},
		Rounds: []Round{
			round(t0, Task{Subject: "math", Grade: 9, TestID: 5}, Task{Subject: "math", Grade: 10, TestID: 6}),
			round(t0.Add(20*day), Task{Subject: "math", ItemPoints: []float64{7, 7, 7}}),
		}}
}

func TestOlympiadValidate(t *testing.T) {
	o := validOlympiad()
	if err := o.Prepare(); err != nil {
		t.Fatalf("valid olympiad: %v", err)
	}
	if o.Rounds[0].Stage != StageSchool || o.Rounds[1].Stage != StageDistrict || o.Rounds[1].Number != 2 ||
		!o.Rounds[0].FreezeBy.Equal(o.Rounds[0].AppealsClose.Add(DefaultFreeze)) || o.Rounds[0].Status != RoundPlanned {
		t.Errorf("defaults: %+v", o.Rounds[0])
	}
	tests := []struct {
		name, field, key string
		edit             func(o *Olympiad)
	}{
		{"unknown level", "level", "olympiad.level", func(o *Olympiad) { o.Level = "city" }},
		{"district without unit", "org_unit_id", "olympiad.org_unit", func(o *Olympiad) { o.OrgUnitID = 0 }},
		{"school with a unit", "org_unit_id", "olympiad.org_unit", func(o *Olympiad) { o.Level = LevelSchool }},
		{"no title", "title", "field.required", func(o *Olympiad) { o.Title = nil }},
		{"no subjects", "subjects", "olympiad.subjects", func(o *Olympiad) { o.Subjects = nil }},
		{"repeated subject", "subjects[1]", "olympiad.subjects", func(o *Olympiad) { o.Subjects = []string{"math", "math"} }},
		{"bad grade", "grades[0]", "quiz.grade", func(o *Olympiad) { o.Grades[0] = 13 }},
		{"no rounds", "rounds", "olympiad.rounds", func(o *Olympiad) { o.Rounds = nil }},
		{"registration closes before it opens", "rounds[0].registration_closes", "olympiad.schedule", func(o *Olympiad) {
			o.Rounds[0].RegistrationCloses = o.Rounds[0].RegistrationOpens
		}},
		{"results before the end", "rounds[0].results_at", "olympiad.schedule", func(o *Olympiad) {
			o.Rounds[0].ResultsAt = o.Rounds[0].EndsAt.Add(-time.Minute)
		}},
		{"missing appeals close", "rounds[0].appeals_close", "field.required", func(o *Olympiad) { o.Rounds[0].AppealsClose = time.Time{} }},
		{"next round before the freeze", "rounds[1].starts_at", "olympiad.schedule", func(o *Olympiad) {
			o.Rounds[1].StartsAt = o.Rounds[0].AppealsClose.Add(DefaultFreeze)
			o.Rounds[1].RegistrationOpens, o.Rounds[1].RegistrationCloses = t0, t0.Add(time.Hour)
		}},
		{"task of another subject", "rounds[0].tasks[0].subject", "olympiad.subject_unknown", func(o *Olympiad) { o.Rounds[0].Tasks[0].Subject = "art" }},
		{"task of a grade not held", "rounds[0].tasks[0].grade", "quiz.grade", func(o *Olympiad) { o.Rounds[0].Tasks[0].Grade = 8 }},
		{"task with test and items", "rounds[0].tasks[0]", "olympiad.task", func(o *Olympiad) { o.Rounds[0].Tasks[0].ItemPoints = []float64{1} }},
		{"task with neither", "rounds[1].tasks[0]", "olympiad.task", func(o *Olympiad) { o.Rounds[1].Tasks[0].ItemPoints = nil }},
		{"item without points", "rounds[1].tasks[0].item_points[1]", "quiz.points", func(o *Olympiad) { o.Rounds[1].Tasks[0].ItemPoints[1] = 0 }},
		{"repeated task", "rounds[0].tasks[1]", "olympiad.task_repeated", func(o *Olympiad) { o.Rounds[0].Tasks[1].Grade = 9 }},
		{"first round without a rule", "rounds[0].qualify", "olympiad.rule_missing", func(o *Olympiad) { o.Rounds[0].Qualify = Rule{} }},
		{"bad rule", "rounds[0].qualify.top_percent", "olympiad.rule", func(o *Olympiad) { o.Rounds[0].Qualify.TopPercent = 150 }},
		{"awards out of order", "rounds[0].awards", "olympiad.awards", func(o *Olympiad) { o.Rounds[0].Awards = Awards{First: 3, Second: 2} }},
		{"notify a month before", "rounds[0].notify_before", "olympiad.notify_before", func(o *Olympiad) { o.Rounds[0].NotifyBefore = 30 * 24 * time.Hour }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validOlympiad()
			tt.edit(o)
			err := sitecore.AsError(o.Prepare())
			if err == nil || err.Field != tt.field || err.Key != tt.key {
				t.Errorf("error %v, want field %q key %q", err, tt.field, tt.key)
			}
		})
	}
	o = validOlympiad()
	o.Rounds[1].Qualify = Rule{} // the last round needs no rule
	if err := o.Prepare(); err != nil {
		t.Errorf("last round without a rule: %v", err)
	}
}

func TestRoundWindowsAndTasks(t *testing.T) {
	o := validOlympiad()
	if err := o.Prepare(); err != nil {
		t.Fatal(err)
	}
	r := &o.Rounds[0]
	if r.RegistrationOpen(r.RegistrationOpens.Add(-time.Second)) || !r.RegistrationOpen(r.RegistrationOpens) ||
		r.RegistrationOpen(r.RegistrationCloses) {
		t.Error("registration window is [opens, closes)")
	}
	if o.Rounds[1].RegistrationOpen(o.Rounds[1].RegistrationOpens) {
		t.Error("a later round takes registrations")
	}
	if r.AppealsOpen(r.ResultsAt.Add(-time.Second)) || !r.AppealsOpen(r.ResultsAt) || r.AppealsOpen(r.AppealsClose) {
		t.Error("appeals window is [results, close)")
	}
	if task, ok := r.Task("math", 10); !ok || task.TestID != 6 {
		t.Errorf("Task(math, 10) = %+v %v", task, ok)
	}
	if _, ok := r.Task("math", 8); ok {
		t.Error("a task for grade 8")
	}
	if task, ok := o.Rounds[1].Task("math", 8); !ok || !task.Paper() || task.MaxScore() != 21 {
		t.Errorf("any-grade paper task = %+v %v", task, ok)
	}
	if !RoundResults.Reached(RoundRunning) || RoundRunning.Reached(RoundResults) || !RoundRunning.Reached(RoundRunning) {
		t.Error("Reached")
	}
	if RoundRunning.ResultsVisible() || !RoundFrozen.ResultsVisible() {
		t.Error("ResultsVisible")
	}
}

func TestCheckTest(t *testing.T) {
	o := validOlympiad()
	if err := o.Prepare(); err != nil {
		t.Fatal(err)
	}
	r := &o.Rounds[0]
	good := func() *quiz.Test {
		return &quiz.Test{Review: quiz.ReviewNothing, AttemptsAllowed: 1, TimeLimit: 2 * time.Hour, Opens: r.StartsAt.Add(-time.Hour)}
	}
	if err := r.CheckTest(good()); err != nil {
		t.Errorf("good test: %v", err)
	}
	for name, edit := range map[string]func(*quiz.Test){
		"shows the score":     func(t *quiz.Test) { t.Review = quiz.ReviewScore },
		"two attempts":        func(t *quiz.Test) { t.AttemptsAllowed = 2 },
		"opens after start":   func(t *quiz.Test) { t.Opens = r.StartsAt.Add(time.Minute) },
		"longer than a round": func(t *quiz.Test) { t.TimeLimit = 4 * time.Hour },
		"closed at the start": func(t *quiz.Test) { t.Closes = r.StartsAt },
	} {
		tt := good()
		edit(tt)
		if err := r.CheckTest(tt); sitecore.ErrorCode(err) != sitecore.EInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestAwards(t *testing.T) {
	a := Awards{First: 1, Second: 3, Third: 6, MinScore: 10}
	tests := []struct {
		place int
		score float64
		want  Award
	}{
		{1, 50, AwardFirst}, {2, 40, AwardSecond}, {3, 40, AwardSecond}, {4, 30, AwardThird}, {6, 20, AwardThird},
		{7, 20, AwardParticipant}, {1, 9.99, AwardParticipant},
	}
	for _, tt := range tests {
		got, ok := a.For(Standing{Entry: Entry{Score: tt.score}, Place: tt.place})
		if !ok || got != tt.want {
			t.Errorf("place %d score %v: %q %v, want %q", tt.place, tt.score, got, ok, tt.want)
		}
	}
	if _, ok := a.For(Standing{Entry: Entry{Absent: true}}); ok {
		t.Error("an absent participant gets a document")
	}
	// Ties at a cut get the better diploma: two tied at 1st are both first-degree.
	ss := Rank([]Entry{e(1, 9, 1, 1, 1), e(2, 9, 1, 1, 1), e(3, 8, 1, 1, 1)})
	var got []Award
	for _, s := range ss {
		w, _ := Awards{First: 1, Second: 2}.For(s)
		got = append(got, w)
	}
	if !slices.Equal(got, []Award{AwardFirst, AwardFirst, AwardParticipant}) {
		t.Errorf("tied awards %v", got)
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := NewCode()
		if len(c) != 14 || c[4] != '-' || c[9] != '-' || NormalizeCode(c) != c {
			t.Fatalf("code %q", c)
		}
		if seen[c] {
			t.Fatalf("code %q repeated", c)
		}
		seen[c] = true
	}
	tests := map[string]string{
		"7k3m q9xd 2fht": "7K3M-Q9XD-2FHT", "7K3MQ9XD2FHT": "7K3M-Q9XD-2FHT", "oil0-0000-0000": "0110-0000-0000",
		"7K3M-Q9XD-2FH": "", "7K3M-Q9XD-2FHU": "", "7K3M-Q9XD-2FHТ": "", "": "",
	}
	for in, want := range tests {
		if got := NormalizeCode(in); got != want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIDSet(t *testing.T) {
	for _, ids := range [][]int64{nil, {5}, {3, 1, 2, 2}, {1 << 40, 7, 1<<40 + 1}} {
		s := NewIDSet(ids)
		got, err := s.IDs()
		want := slices.Compact(slices.Sorted(slices.Values(ids)))
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%v: decoded %v, %v", ids, got, err)
		}
		for _, id := range ids {
			if !Contains(got, id) {
				t.Errorf("%v lacks %d", ids, id)
			}
		}
		if Contains(got, 4) {
			t.Errorf("%v holds 4", ids)
		}
	}
	big := make([]int64, 20000)
	for i := range big {
		big[i] = 1_000_000 + int64(i)*3
	}
	if s := NewIDSet(big); len(s) > 25000 {
		t.Errorf("20,000 close IDs take %d bytes", len(s))
	}
	if _, err := (IDSet{0x05, 0x80}).IDs(); err == nil {
		t.Error("a truncated set decodes")
	}
}

func TestDiplomaHTMLAndEmail(t *testing.T) {
	d := &DiplomaView{Code: "7K3M-Q9XD-2FHT", Award: AwardSecond, Participant: "Әлия <Серікқызы>", School: "№5 мектеп",
		Olympiad: "Математика", Stage: StageDistrict, Subject: "math", Grade: 9, Place: 2, Score: 35.5, MaxScore: 40,
		Issued: t0, Organiser: "Алматы ауданы", Lang: sitecore.Kazakh}
	var b bytes.Buffer
	if err := WriteDiplomaHTML(&b, d, "https://mektep.kz/verify/"); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{"II дәрежелі диплом", "Әлия &lt;Серікқызы&gt;", "аудандық кезең", "35.5 / 40",
		"https://mektep.kz/verify/7K3M-Q9XD-2FHT", "01.10.2026"} {
		if !strings.Contains(page, want) {
			t.Errorf("diploma lacks %q", want)
		}
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "<Серікқызы>") {
		t.Error("diploma has unescaped input")
	}
	m := Email("k1", sitecore.Russian, "a@b.kz", Mail{Kind: MailQualified, Name: "Әлия", Olympiad: "Математика",
		Stage: StageRegion, At: "01.11.2026 10:00", Link: "https://x"})
	if m == nil || !strings.Contains(m.Text, "областной этап") || !strings.Contains(m.Subject, "Математика") || m.Key != "k1" {
		t.Errorf("email %+v", m)
	}
	if Email("k", sitecore.Kazakh, "a@b.kz", Mail{Kind: "nope"}) != nil {
		t.Error("an unknown kind gives an email")
	}
}
