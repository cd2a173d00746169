package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/quiz"
)

var olyT0 = time.Date(2026, 10, 1, 5, 0, 0, 0, time.UTC)

// olyFixture is a district olympiad (organised on the district department's site) with a
// test round and a paper round, two schools in the district and one outside.
type olyFixture struct {
	db                        *postgres.DB
	organiser, other          *sitecore.Site
	school1, school2, outside *sitecore.Site
	district, region          int64
	o                         *olympiad.Olympiad
	test                      *quiz.Test
	qs                        []quiz.Question
	jury                      *sitecore.User
}

func orgUnit(t *testing.T, db *postgres.DB, kind string, parent *int64) int64 {
	t.Helper()
	u := &sitecore.OrgUnit{Kind: kind, ParentID: parent, Names: map[sitecore.Lang]string{sitecore.Kazakh: kind + " kk", sitecore.Russian: kind + " ru"}}
	if err := db.CreateOrgUnit(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func newOlyFixture(t *testing.T) *olyFixture {
	t.Helper()
	ctx := context.Background()
	db := testenv.Postgres(t)
	f := &olyFixture{db: db, organiser: quizSite(t, db, "roo"), other: quizSite(t, db, "other-roo"),
		school1: quizSite(t, db, "school-1"), school2: quizSite(t, db, "school-2"), outside: quizSite(t, db, "far-school")}
	f.region = orgUnit(t, db, "region", nil)
	f.district = orgUnit(t, db, "district", &f.region)
	elsewhere := orgUnit(t, db, "district", &f.region)
	for s, u := range map[int64]int64{f.school1.ID: f.district, f.school2.ID: f.district, f.outside.ID: elsewhere} {
		if err := db.SetSiteOrgUnit(ctx, s, u, &sitecore.AuditEntry{SiteID: s, Action: "site.org_unit"}); err != nil {
			t.Fatal(err)
		}
	}
	f.jury = quizUser(t, db, "jury@roo.kz")
	bank := &quiz.Bank{SiteID: f.organiser.ID, Name: rtext("Математика")}
	if err := db.CreateBank(ctx, bank); err != nil {
		t.Fatal(err)
	}
	f.qs = []quiz.Question{
		{Kind: quiz.SingleChoice, Text: rtext("2+2"), Points: 3, Body: quiz.Body{Options: []quiz.Option{{Text: rtext("4"), Correct: true}, {Text: rtext("5")}}}},
		{Kind: quiz.Numeric, Text: rtext("π"), Points: 2, Body: quiz.Body{Numbers: []quiz.NumberKey{{Value: 3.14, Tolerance: 0.01}}}},
	}
	for i := range f.qs {
		if err := f.qs[i].Prepare(); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateQuestions(ctx, f.organiser.ID, bank.ID, f.qs); err != nil {
		t.Fatal(err)
	}
	f.test = &quiz.Test{SiteID: f.organiser.ID, Title: rtext("Тур 1"), TimeLimit: 2 * time.Hour, AttemptsAllowed: 1,
		Review: quiz.ReviewNothing, Audience: quiz.Audience{Kind: quiz.AudienceRegistered},
		Items: []quiz.Item{{QuestionID: f.qs[0].ID}, {QuestionID: f.qs[1].ID}}}
	if err := f.test.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateTest(ctx, f.test); err != nil {
		t.Fatal(err)
	}
	f.o = olyOlympiad(f.organiser.ID, f.district, f.test.ID, f.jury.ID)
	if err := f.o.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateOlympiad(ctx, f.o); err != nil {
		t.Fatal(err)
	}
	return f
}

func olyOlympiad(siteID, district, testID, juryID int64) *olympiad.Olympiad {
	day := 24 * time.Hour
	r1 := olympiad.Round{Tasks: []olympiad.Task{{Subject: "math", Grade: 9, TestID: testID}},
		RegistrationOpens: olyT0.Add(-10 * day), RegistrationCloses: olyT0.Add(-day), NotifyBefore: day,
		StartsAt: olyT0, EndsAt: olyT0.Add(3 * time.Hour), ResultsAt: olyT0.Add(2 * day), AppealsClose: olyT0.Add(4 * day),
		Qualify: olympiad.Rule{TopN: 1}, Awards: olympiad.Awards{First: 1}}
	s2 := olyT0.Add(20 * day)
	r2 := olympiad.Round{Tasks: []olympiad.Task{{Subject: "math", Grade: 9, ItemPoints: []float64{7, 7}}},
		RegistrationOpens: s2.Add(-5 * day), RegistrationCloses: s2.Add(-day), StartsAt: s2, EndsAt: s2.Add(4 * time.Hour),
		ResultsAt: s2.Add(3 * day), AppealsClose: s2.Add(5 * day), Awards: olympiad.Awards{First: 1, Second: 2}}
	return &olympiad.Olympiad{SiteID: siteID, Level: olympiad.LevelDistrict, OrgUnitID: district,
		Title:    quiz.Text{sitecore.Kazakh: "Аудандық олимпиада", sitecore.Russian: "Районная олимпиада"},
		Subjects: []string{"math"}, Grades: []int{9}, Jury: []int64{juryID}, Rounds: []olympiad.Round{r1, r2}}
}

func (f *olyFixture) register(t *testing.T, u *sitecore.User, school *sitecore.Site) *olympiad.Registration {
	t.Helper()
	g := &olympiad.Registration{SiteID: f.organiser.ID, RoundID: f.o.Rounds[0].ID, ParticipantID: u.ID, SchoolID: school.ID,
		Subject: "math", Grade: 9}
	if err := f.db.Register(context.Background(), g, olyT0.Add(-2*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestOlympiadStoreCreateAndRegister(t *testing.T) {
	ctx := context.Background()
	f := newOlyFixture(t)
	got, err := f.db.FindOlympiad(ctx, f.organiser.ID, f.o.ID)
	if err != nil || len(got.Rounds) != 2 || got.Rounds[1].Tasks[0].MaxScore() != 14 || got.OrgUnitID != f.district ||
		!slices.Equal(got.Jury, []int64{f.jury.ID}) || !got.Rounds[0].StartsAt.Equal(olyT0) || got.Rounds[0].NotifyBefore != 24*time.Hour {
		t.Fatalf("FindOlympiad = %+v, %v", got, err)
	}
	if _, err := f.db.FindOlympiad(ctx, f.other.ID, f.o.ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("another site's olympiad: %v", err)
	}
	// A test that shows scores cannot serve an olympiad.
	bad := olyOlympiad(f.organiser.ID, f.district, f.test.ID, f.jury.ID)
	f.test.Review = quiz.ReviewScore
	if err := f.db.UpdateTest(ctx, f.test); err != nil {
		t.Fatal(err)
	}
	if err := bad.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := f.db.CreateOlympiad(ctx, bad); sitecore.AsError(err).Key != "olympiad.test_review" || bad.ID != 0 {
		t.Errorf("olympiad with a score-showing test: %v", err)
	}
	other := olyOlympiad(f.other.ID, f.district, f.test.ID, f.jury.ID)
	_ = other.Prepare()
	if err := f.db.CreateOlympiad(ctx, other); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("olympiad with another site's test: %v", err)
	}

	a, b := quizUser(t, f.db, "a@s1.kz"), quizUser(t, f.db, "b@far.kz")
	r1 := f.o.Rounds[0]
	reg := func(u *sitecore.User, school *sitecore.Site, round int64, subject string, at time.Time) error {
		return f.db.Register(ctx, &olympiad.Registration{SiteID: f.organiser.ID, RoundID: round, ParticipantID: u.ID,
			SchoolID: school.ID, Subject: subject, Grade: 9}, at)
	}
	open := olyT0.Add(-5 * 24 * time.Hour)
	for name, c := range map[string]struct {
		err  error
		code string
		key  string
	}{
		"before the window":   {reg(a, f.school1, r1.ID, "math", r1.RegistrationOpens.Add(-time.Second)), sitecore.EConflict, "olympiad.registration_closed"},
		"at the window's end": {reg(a, f.school1, r1.ID, "math", r1.RegistrationCloses), sitecore.EConflict, "olympiad.registration_closed"},
		"school outside":      {reg(b, f.outside, r1.ID, "math", open), sitecore.EInvalid, "olympiad.school_outside"},
		"no task":             {reg(a, f.school1, r1.ID, "art", open), sitecore.EInvalid, "olympiad.no_task"},
		"second round":        {reg(a, f.school1, f.o.Rounds[1].ID, "math", open), sitecore.EConflict, "olympiad.invited_only"},
	} {
		if e := sitecore.AsError(c.err); e == nil || e.Code != c.code || e.Key != c.key {
			t.Errorf("%s: %v, want %s %s", name, c.err, c.code, c.key)
		}
	}
	g := f.register(t, a, f.school1)
	if g.DistrictID != f.district || g.RegionID != f.region || g.TestID != f.test.ID {
		t.Errorf("registration = %+v", g)
	}
	if err := reg(a, f.school1, r1.ID, "math", open); sitecore.AsError(err).Key != "olympiad.registered" {
		t.Errorf("second registration: %v", err)
	}
	if _, err := f.db.FindRegistration(ctx, f.other.ID, g.ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("another site's registration: %v", err)
	}
	if s, err := f.db.AdvanceRound(ctx, f.organiser.ID, r1.ID, olympiad.RoundRunning); err != nil || s != olympiad.RoundRunning {
		t.Errorf("AdvanceRound = %v, %v", s, err)
	}
	if s, err := f.db.AdvanceRound(ctx, f.organiser.ID, r1.ID, olympiad.RoundRegistration); err != nil || s != olympiad.RoundRunning {
		t.Errorf("AdvanceRound backwards = %v, %v", s, err)
	}
	if _, err := f.db.AdvanceRound(ctx, f.other.ID, r1.ID, olympiad.RoundResults); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("AdvanceRound of another site: %v", err)
	}
}

// TestOlympiadStoreRound runs a round through the store: attempts linked, results hidden
// then collected, ranked, an appeal decided, qualifiers invited, diplomas verified.
func TestOlympiadStoreRound(t *testing.T) {
	ctx := context.Background()
	f := newOlyFixture(t)
	site, r1 := f.organiser.ID, f.o.Rounds[0]
	users := []*sitecore.User{quizUser(t, f.db, "p1@s1.kz"), quizUser(t, f.db, "p2@s1.kz"), quizUser(t, f.db, "p3@s2.kz")}
	var regs []*olympiad.Registration
	for i, u := range users {
		school := f.school1
		if i == 2 {
			school = f.school2
		}
		regs = append(regs, f.register(t, u, school))
	}
	todo, err := f.db.RegistrationsWithoutAttempt(ctx, site, r1.ID, 10)
	if err != nil || len(todo) != 3 {
		t.Fatalf("RegistrationsWithoutAttempt = %d, %v", len(todo), err)
	}
	bank, _ := f.db.QuestionsForTest(ctx, f.test)
	f.test.Review = quiz.ReviewNothing
	answers := []quiz.Response{{Choice: f.qs[0].Body.Options[0].ID}, {Choice: f.qs[0].Body.Options[0].ID}, {Choice: "x"}}
	for i, g := range todo[:3] {
		a, err := quiz.NewAttempt(f.test, bank, g.ParticipantID, olyT0, uint64(i), 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.db.StartAttempt(ctx, a, 1); err != nil {
			t.Fatal(err)
		}
		if err := f.db.LinkAttempt(ctx, site, g.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.db.SaveAnswer(ctx, site, quiz.Save{AttemptID: a.ID, QuestionID: f.qs[0].ID, Seq: 1, Response: answers[i]}, olyT0); err != nil {
			t.Fatal(err)
		}
		if i < 2 { // the third never submits: absent
			if _, err := f.db.Submit(ctx, site, a.ID, olyT0.Add(time.Hour), false); err != nil {
				t.Fatal(err)
			}
			if _, err := quiz.GradeStored(ctx, f.db, site, a.ID, olyT0.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if left, _ := f.db.RegistrationsWithoutAttempt(ctx, site, r1.ID, 10); len(left) != 0 {
		t.Errorf("%d registrations still without an attempt", len(left))
	}
	if _, err := f.db.ParticipantResult(ctx, site, r1.ID, users[0].ID); sitecore.AsError(err).Key != "olympiad.results_hidden" {
		t.Errorf("result before the release: %v", err)
	}
	if n, err := f.db.CollectResults(ctx, site, r1.ID); n != 3 || err != nil {
		t.Fatalf("CollectResults = %d, %v", n, err)
	}
	entries, err := f.db.Entries(ctx, site, r1.ID)
	if err != nil {
		t.Fatal(err)
	}
	standings := olympiad.Rank(entries)
	if err := f.db.SetPlaces(ctx, site, r1.ID, standings); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.AdvanceRound(ctx, site, r1.ID, olympiad.RoundResults); err != nil {
		t.Fatal(err)
	}
	res, err := f.db.ParticipantResult(ctx, site, r1.ID, users[1].ID)
	if err != nil || res.Score != 3 || res.Place != 1 || res.MaxScore != 5 || res.Absent {
		t.Errorf("result of the second = %+v, %v (tied first)", res, err)
	}
	if res, _ := f.db.ParticipantResult(ctx, site, r1.ID, users[2].ID); res == nil || !res.Absent || res.Place != 0 {
		t.Errorf("result of the absent = %+v", res)
	}
	if ids, _ := f.db.Participants(ctx, site, r1.ID); !slices.Equal(ids, []int64{users[0].ID, users[1].ID}) {
		t.Errorf("Participants = %v", ids)
	}

	// Appeals: about a question of one's own attempt, once.
	ap := &olympiad.Appeal{SiteID: site, RegistrationID: regs[0].ID, ParticipantID: users[0].ID, QuestionID: f.qs[1].ID, Text: " π = 3,14 "}
	if err := f.db.FileAppeal(ctx, ap); err != nil || ap.PointsBefore != 0 || ap.Text != "π = 3,14" || ap.RoundID != r1.ID {
		t.Fatalf("FileAppeal = %+v, %v", ap, err)
	}
	again := *ap
	if err := f.db.FileAppeal(ctx, &again); sitecore.AsError(err).Key != "olympiad.appeal_repeated" {
		t.Errorf("second appeal: %v", err)
	}
	if err := f.db.FileAppeal(ctx, &olympiad.Appeal{SiteID: site, RegistrationID: regs[0].ID, ParticipantID: users[1].ID,
		QuestionID: f.qs[0].ID, Text: "x"}); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("appeal on another's registration: %v", err)
	}
	if err := f.db.FileAppeal(ctx, &olympiad.Appeal{SiteID: site, RegistrationID: regs[0].ID, ParticipantID: users[0].ID,
		QuestionID: 999999, Text: "x"}); sitecore.AsError(err).Key != "olympiad.appeal_question" {
		t.Errorf("appeal on a question not in the attempt: %v", err)
	}
	if open, _ := f.db.OpenAppeals(ctx, site, r1.ID); !slices.Equal(open, []int64{ap.ID}) {
		t.Errorf("OpenAppeals = %v", open)
	}
	d := olympiad.Decision{AppealID: ap.ID, JuryMemberID: f.jury.ID, Accept: true, Points: 2, Comment: "Дұрыс"}
	dec, err := f.db.DecideAppeal(ctx, site, d, olyT0.Add(50*time.Hour))
	if err != nil || dec.Status != olympiad.AppealAccepted || dec.PointsAfter != 2 || dec.JuryMemberID != f.jury.ID {
		t.Fatalf("DecideAppeal = %+v, %v", dec, err)
	}
	if _, err := f.db.DecideAppeal(ctx, site, d, olyT0.Add(51*time.Hour)); err != nil {
		t.Errorf("the same decision again: %v", err)
	}
	d.Accept = false
	if _, err := f.db.DecideAppeal(ctx, site, d, olyT0); sitecore.AsError(err).Key != "olympiad.appeal_decided" {
		t.Errorf("another decision: %v", err)
	}
	if err := f.db.SetResultScore(ctx, site, regs[0].ID, 5); err != nil {
		t.Fatal(err)
	}

	// Freeze: rank again, qualify the winner, issue and publish diplomas.
	entries, _ = f.db.Entries(ctx, site, r1.ID)
	standings = olympiad.Rank(entries)
	if err := f.db.SetPlaces(ctx, site, r1.ID, standings); err != nil {
		t.Fatal(err)
	}
	q := olympiad.Qualify(standings, r1.Qualify)
	if len(q) != 1 || q[0].RegistrationID != regs[0].ID {
		t.Fatalf("qualifiers %+v", q)
	}
	for range 2 {
		if n, err := f.db.Qualify(ctx, site, r1.ID, f.o.Rounds[1].ID, []int64{q[0].RegistrationID}); n != 1 || err != nil {
			t.Fatalf("Qualify = %d, %v", n, err)
		}
	}
	next, err := f.db.ParticipantRegistration(ctx, site, f.o.Rounds[1].ID, users[0].ID)
	if err != nil || !next.Invited || next.TestID != 0 || next.SchoolID != f.school1.ID {
		t.Errorf("invited registration = %+v, %v", next, err)
	}
	if rec, _ := f.db.Recipients(ctx, site, r1.ID, 0, 10, true); len(rec) != 1 || rec[0].Email != "p1@s1.kz" {
		t.Errorf("qualified recipients = %+v", rec)
	}
	var ds []olympiad.Diploma
	for _, s := range standings {
		if award, ok := r1.Awards.For(s); ok {
			ds = append(ds, olympiad.Diploma{RoundID: r1.ID, RegistrationID: s.RegistrationID, Award: award, Place: s.Place,
				Score: s.Score, Code: olympiad.NewCode()})
		}
	}
	if err := f.db.IssueDiplomas(ctx, site, ds); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.VerifyDiploma(ctx, ds[0].Code, sitecore.Russian); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("an unpublished diploma verifies: %v", err)
	}
	if n, err := f.db.PublishDiplomas(ctx, site, r1.ID, olyT0.Add(7*24*time.Hour)); n != 2 || err != nil {
		t.Fatalf("PublishDiplomas = %d, %v", n, err)
	}
	v, err := f.db.VerifyDiploma(ctx, ds[0].Code, sitecore.Russian)
	if err != nil || v.Participant != "User p1@s1.kz" || v.Award != olympiad.AwardFirst || v.Olympiad != "Районная олимпиада" ||
		v.Organiser != "district ru" || v.Score != 5 || v.MaxScore != 5 || v.Place != 1 {
		t.Errorf("VerifyDiploma = %+v, %v", v, err)
	}
	if _, err := f.db.VerifyDiploma(ctx, "0000-0000-0000", sitecore.Russian); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("unknown code: %v", err)
	}
	var rows []olympiad.ResultRow
	if err := f.db.EachResultRow(ctx, site, r1.ID, sitecore.Kazakh, func(r *olympiad.ResultRow) error {
		rows = append(rows, *r)
		return nil
	}); err != nil || len(rows) != 3 || rows[0].Place != 1 || !rows[0].Qualified || rows[0].District != "district kk" ||
		rows[2].Absent != true || rows[0].Award != olympiad.AwardFirst {
		t.Errorf("EachResultRow = %+v, %v", rows, err)
	}
	appeals := 0
	if err := f.db.EachAppealRow(ctx, site, r1.ID, sitecore.Kazakh, func(r *olympiad.AppealRow) error {
		appeals++
		if r.JuryMember != "User jury@roo.kz" || r.Participant != "User p1@s1.kz" {
			t.Errorf("appeal row %+v", r)
		}
		return nil
	}); err != nil || appeals != 1 {
		t.Errorf("EachAppealRow: %d, %v", appeals, err)
	}
}

// TestOlympiadStorePaperScores: the jury's points are checked against the items, refused
// after the release, and an accepted appeal changes an item and the score.
func TestOlympiadStorePaperScores(t *testing.T) {
	ctx := context.Background()
	f := newOlyFixture(t)
	site, r1, r2 := f.organiser.ID, f.o.Rounds[0], f.o.Rounds[1]
	u := quizUser(t, f.db, "paper@s1.kz")
	g := f.register(t, u, f.school1)
	if _, err := f.db.CollectResults(ctx, site, r1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Qualify(ctx, site, r1.ID, r2.ID, []int64{g.ID}); err != nil {
		t.Fatal(err)
	}
	p, err := f.db.ParticipantRegistration(ctx, site, r2.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, items := range [][]float64{{7}, {8, 1}, {-1, 1}} {
		if err := f.db.EnterScores(ctx, site, p.ID, items, f.jury.ID); sitecore.AsError(err).Key != "olympiad.items" {
			t.Errorf("EnterScores(%v): %v", items, err)
		}
	}
	if err := f.db.EnterScores(ctx, site, p.ID, []float64{6.5, 3}, f.jury.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := f.db.CollectResults(ctx, site, r2.ID); n != 1 || err != nil {
		t.Fatalf("CollectResults = %d, %v", n, err)
	}
	if _, err := f.db.AdvanceRound(ctx, site, r2.ID, olympiad.RoundResults); err != nil {
		t.Fatal(err)
	}
	if err := f.db.EnterScores(ctx, site, p.ID, []float64{7, 7}, f.jury.ID); sitecore.AsError(err).Key != "olympiad.results_released" {
		t.Errorf("EnterScores after the release: %v", err)
	}
	ap := &olympiad.Appeal{SiteID: site, RegistrationID: p.ID, ParticipantID: u.ID, QuestionID: 2, Text: "Есеп 2"}
	if err := f.db.FileAppeal(ctx, ap); err != nil || ap.PointsBefore != 3 {
		t.Fatalf("FileAppeal = %+v, %v", ap, err)
	}
	if _, err := f.db.DecideAppeal(ctx, site, olympiad.Decision{AppealID: ap.ID, JuryMemberID: f.jury.ID, Accept: true, Points: 8}, olyT0); sitecore.AsError(err).Key != "olympiad.points" {
		t.Errorf("points above the item's maximum: %v", err)
	}
	if _, err := f.db.DecideAppeal(ctx, site, olympiad.Decision{AppealID: ap.ID, JuryMemberID: f.jury.ID, Accept: true, Points: 5}, olyT0); err != nil {
		t.Fatal(err)
	}
	res, err := f.db.ParticipantResult(ctx, site, r2.ID, u.ID)
	if err != nil || res.Score != 11.5 || !slices.Equal(res.Items, []float64{6.5, 5}) || res.MaxScore != 14 {
		t.Errorf("result after the appeal = %+v, %v", res, err)
	}
	if n, err := f.db.CloseOpenAppeals(ctx, site, r2.ID, olyT0); n != 0 || err != nil {
		t.Errorf("CloseOpenAppeals = %d, %v", n, err)
	}
}
