package workflows_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/keyring"
	"github.com/mektep/mektep/sitecore/olympiad"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/quiz"
	"github.com/mektep/mektep/workflows"
)

// olyWorld is a district olympiad organised on the district department's site, with two
// schools of the district, a test of two questions (single choice 3 points, numeric 2) and
// students and a jury member.
type olyWorld struct {
	db                *postgres.DB
	organiser         *sitecore.Site
	schools           []*sitecore.Site
	district          int64
	test              *quiz.Test
	qs                []quiz.Question
	students          []*sitecore.User
	jury, outsider    *sitecore.User
	o                 *olympiad.Olympiad
	acts              *activities.Olympiad
	mailQueue         string
	ctx               context.Context
	rounds            []olympiad.Round
	registrationsByID map[int64]*olympiad.Registration
}

func olyUser(t *testing.T, db *postgres.DB, name string) *sitecore.User {
	t.Helper()
	u := &sitecore.User{Email: name + "." + strconv.FormatInt(time.Now().UnixNano(), 36) + "@oly.kz", FullName: name,
		PasswordHash: "$argon2id$x", Lang: sitecore.Russian}
	if err := db.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u
}

func olySite(t *testing.T, db *postgres.DB, slug string) *sitecore.Site {
	t.Helper()
	s, err := sitecore.NewSite{Slug: slug, Names: map[string]string{"kk": slug, "ru": slug}, Domains: []string{slug + ".kz"},
		Languages: []string{"kk", "ru"}, OwnerEmail: "owner@" + slug + ".kz"}.Validate()
	if err == nil {
		err = db.CreateSite(context.Background(), s)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// newOlyWorld stores the world; rounds(t0 of the test) gives the olympiad's rounds, whose
// test tasks may use testID.
func newOlyWorld(t *testing.T, timeLimit time.Duration, rounds func(testID int64) []olympiad.Round) *olyWorld {
	t.Helper()
	ctx := context.Background()
	db := testenv.Postgres(t)
	w := &olyWorld{db: db, ctx: ctx, organiser: olySite(t, db, "roo-almaly")}
	for _, seq := range []string{"olympiads_id_seq", "quiz_attempts_id_seq", "olympiad_rounds_id_seq", "olympiad_registrations_id_seq"} {
		// The dev server is shared by the process: workflow IDs must not repeat across tests.
		if _, err := db.Pool.Exec(ctx, `SELECT setval($1, $2)`, seq, time.Now().UnixNano()/1000); err != nil {
			t.Fatal(err)
		}
	}
	region := &sitecore.OrgUnit{Kind: "region", Names: map[sitecore.Lang]string{sitecore.Kazakh: "Алматы облысы"}}
	if err := db.CreateOrgUnit(ctx, region); err != nil {
		t.Fatal(err)
	}
	district := &sitecore.OrgUnit{Kind: "district", ParentID: &region.ID, Names: map[sitecore.Lang]string{sitecore.Kazakh: "Алмалы"}}
	if err := db.CreateOrgUnit(ctx, district); err != nil {
		t.Fatal(err)
	}
	w.district = district.ID
	for i := range 2 {
		s := olySite(t, db, "school-"+strconv.Itoa(i+1))
		if err := db.SetSiteOrgUnit(ctx, s.ID, district.ID, &sitecore.AuditEntry{SiteID: s.ID, Action: "site.org_unit"}); err != nil {
			t.Fatal(err)
		}
		w.schools = append(w.schools, s)
	}
	for i := range 4 {
		w.students = append(w.students, olyUser(t, db, "student"+strconv.Itoa(i+1)))
	}
	w.jury, w.outsider = olyUser(t, db, "jury"), olyUser(t, db, "outsider")
	bank := &quiz.Bank{SiteID: w.organiser.ID, Name: quiz.Text{sitecore.Kazakh: "Олимпиада"}}
	if err := db.CreateBank(ctx, bank); err != nil {
		t.Fatal(err)
	}
	kk := func(s string) quiz.Text { return quiz.Text{sitecore.Kazakh: s} }
	w.qs = []quiz.Question{
		{Kind: quiz.SingleChoice, Text: kk("2+2?"), Points: 3, Body: quiz.Body{Options: []quiz.Option{{Text: kk("4"), Correct: true}, {Text: kk("5")}}}},
		{Kind: quiz.Numeric, Text: kk("g?"), Points: 2, Body: quiz.Body{Numbers: []quiz.NumberKey{{Value: 9.81, Tolerance: 0.05}}}},
	}
	for i := range w.qs {
		if err := w.qs[i].Prepare(); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateQuestions(ctx, w.organiser.ID, bank.ID, w.qs); err != nil {
		t.Fatal(err)
	}
	w.test = &quiz.Test{SiteID: w.organiser.ID, Title: kk("1-кезең"), TimeLimit: timeLimit, AttemptsAllowed: 1,
		Review: quiz.ReviewNothing, Audience: quiz.Audience{Kind: quiz.AudienceRegistered},
		Items: []quiz.Item{{QuestionID: w.qs[0].ID}, {QuestionID: w.qs[1].ID}}}
	if err := w.test.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateTest(ctx, w.test); err != nil {
		t.Fatal(err)
	}
	w.o = &olympiad.Olympiad{SiteID: w.organiser.ID, Level: olympiad.LevelDistrict, OrgUnitID: district.ID,
		Title:    quiz.Text{sitecore.Kazakh: "Аудандық олимпиада", sitecore.Russian: "Районная олимпиада"},
		Subjects: []string{"math"}, Grades: []int{9}, Jury: []int64{w.jury.ID}, Rounds: rounds(w.test.ID)}
	if err := w.o.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateOlympiad(ctx, w.o); err != nil {
		t.Fatal(err)
	}
	w.rounds = w.o.Rounds
	ring, err := keyring.Parse(keyring.Generate("olympiad-test"))
	if err != nil {
		t.Fatal(err)
	}
	// Emails go through the real durable queue: sealed into PostgreSQL's spool, and a
	// SendEmail workflow started on the dev server (on a queue no worker serves here).
	w.mailQueue = "olympiad-mail-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	w.acts = &activities.Olympiad{Store: db, Quiz: db, PublicURL: "https://mektep.kz",
		Mail: &workflows.EmailQueue{Temporal: testenv.TemporalClient(t), TaskQueue: w.mailQueue, Spool: db, Ring: ring}}
	w.registrationsByID = map[int64]*olympiad.Registration{}
	return w
}

// spooled counts the spooled emails of a round and kind.
func (w *olyWorld) spooled(t *testing.T, roundID int64, kind string) int {
	t.Helper()
	var n int
	if err := w.db.Pool.QueryRow(w.ctx, `SELECT count(*) FROM mail_spool WHERE key LIKE $1`,
		"olympiad/"+strconv.FormatInt(roundID, 10)+"/"+kind+"/%").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *olyWorld) status(t *testing.T, roundID int64) olympiad.RoundStatus {
	t.Helper()
	r, err := w.db.FindRound(w.ctx, w.organiser.ID, roundID)
	if err != nil {
		t.Fatal(err)
	}
	return r.Status
}

func (w *olyWorld) register(u *sitecore.User, school *sitecore.Site, now time.Time) (*olympiad.Registration, error) {
	g := &olympiad.Registration{SiteID: w.organiser.ID, RoundID: w.rounds[0].ID, ParticipantID: u.ID, SchoolID: school.ID,
		Subject: "math", Grade: 9}
	err := w.db.Register(w.ctx, g, now)
	if err == nil {
		w.registrationsByID[g.ID] = g
	}
	return g, err
}

var olyStart = time.Date(2026, 10, 20, 5, 0, 0, 0, time.UTC) // 10:00 in Almaty

// twoRounds is a test round then a paper round.
func twoRounds(testID int64) []olympiad.Round {
	day := 24 * time.Hour
	s2 := olyStart.Add(20 * day)
	return []olympiad.Round{
		{Tasks: []olympiad.Task{{Subject: "math", Grade: 9, TestID: testID}},
			RegistrationOpens: olyStart.Add(-10 * day), RegistrationCloses: olyStart.Add(-2 * day), NotifyBefore: day,
			StartsAt: olyStart, EndsAt: olyStart.Add(3 * time.Hour), ResultsAt: olyStart.Add(2 * day),
			AppealsClose: olyStart.Add(4 * day), FreezeBy: olyStart.Add(6 * day),
			Qualify: olympiad.Rule{TopN: 2, PerSchool: 1}, Awards: olympiad.Awards{First: 1, Second: 2}},
		{Tasks: []olympiad.Task{{Subject: "math", Grade: 9, ItemPoints: []float64{7, 7, 7}}},
			RegistrationOpens: s2.Add(-5 * day), RegistrationCloses: s2.Add(-day), StartsAt: s2, EndsAt: s2.Add(4 * time.Hour),
			ResultsAt: s2.Add(3 * day), AppealsClose: s2.Add(5 * day), FreezeBy: s2.Add(7 * day),
			Awards: olympiad.Awards{First: 1}},
	}
}

// olyEnv is a time-skipping environment running the olympiad workflow with the real
// activities on the world's database, starting at the time.
func (w *olyWorld) env(t *testing.T, at time.Time) *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(at)
	env.RegisterWorkflow(workflows.Olympiad)
	env.RegisterActivity(w.acts)
	env.SetTestTimeout(2 * time.Minute)
	return env
}

// at runs check at the environment's time start+d.
func at(env *testsuite.TestWorkflowEnvironment, start time.Time, when time.Time, check func()) {
	env.RegisterDelayedCallback(check, when.Sub(start))
}

// update sends an update at the time and checks whether it is refused (by the validator or
// the handler) with the key.
func update(t *testing.T, env *testsuite.TestWorkflowEnvironment, start, when time.Time, name, wantKey string, check func(any), arg any) {
	t.Helper()
	at(env, start, when, func() {
		env.UpdateWorkflow(name, name+when.String()+strconv.Itoa(int(time.Now().UnixNano()%1000)), &testsuite.TestUpdateCallback{
			OnAccept: func() {},
			OnReject: func(err error) {
				if wantKey == "" || !refusedAs(err, wantKey) {
					t.Errorf("%s at %v refused: %v (want %q)", name, when, err, wantKey)
				}
			},
			OnComplete: func(v any, err error) {
				switch {
				case wantKey == "" && err != nil:
					t.Errorf("%s at %v: %v", name, when, err)
				case wantKey != "" && !refusedAs(err, wantKey):
					t.Errorf("%s at %v: %v, want %q", name, when, err, wantKey)
				case err == nil && check != nil:
					check(v)
				}
			},
		}, arg)
	})
}

// TestOlympiadFirstRoundTimers drives the first round through every timer in time-skipping
// mode with the real activities and PostgreSQL: registration opens and closes, the reminder,
// the start (attempts made in bulk with their intake rows), results hidden until released,
// appeals filed and decided within the window and refused outside it, the freeze with the
// qualifiers invited to the next round, diplomas published; the run then continues as new
// with round 2.
func TestOlympiadFirstRoundTimers(t *testing.T) {
	w := newOlyWorld(t, 2*time.Hour, twoRounds)
	r1, r2 := w.rounds[0], w.rounds[1]
	site := w.organiser.ID
	begin := r1.RegistrationOpens.Add(-time.Hour)
	env := w.env(t, begin)
	var regs []*olympiad.Registration
	var attempts []*quiz.Attempt

	at(env, begin, r1.RegistrationOpens.Add(-time.Minute), func() {
		if _, err := w.register(w.students[0], w.schools[0], env.Now()); sitecore.AsError(err).Key != "olympiad.registration_closed" {
			t.Errorf("registration before it opens: %v", err)
		}
		if s := w.status(t, r1.ID); s != olympiad.RoundPlanned {
			t.Errorf("status before registration: %s", s)
		}
	})
	at(env, begin, r1.RegistrationOpens.Add(time.Minute), func() {
		if s := w.status(t, r1.ID); s != olympiad.RoundRegistration {
			t.Errorf("status once registration opened: %s", s)
		}
		for i, u := range w.students {
			g, err := w.register(u, w.schools[i%2], env.Now())
			if err != nil {
				t.Fatal(err)
			}
			regs = append(regs, g)
		}
	})
	at(env, begin, r1.RegistrationCloses.Add(time.Minute), func() {
		if s := w.status(t, r1.ID); s != olympiad.RoundRegClosed {
			t.Errorf("status after registration closed: %s", s)
		}
		if _, err := w.register(w.outsider, w.schools[0], env.Now()); sitecore.AsError(err).Key != "olympiad.registration_closed" {
			t.Errorf("registration after it closed: %v", err)
		}
		if n := w.spooled(t, r1.ID, olympiad.MailReminder); n != 0 {
			t.Errorf("%d reminders before their time", n)
		}
	})
	at(env, begin, r1.StartsAt.Add(-r1.NotifyBefore).Add(time.Minute), func() {
		if n := w.spooled(t, r1.ID, olympiad.MailReminder); n != 4 {
			t.Errorf("%d reminders spooled, want 4", n)
		}
	})
	at(env, begin, r1.StartsAt.Add(-time.Minute), func() {
		if left, _ := w.db.RegistrationsWithoutAttempt(w.ctx, site, r1.ID, 10); len(left) != 4 {
			t.Errorf("%d registrations without an attempt before the start, want 4", len(left))
		}
	})
	// At the start the attempts exist, without intake rows (the round holds their
	// deadlines); the students answer (scores 5, 3, 3, 0) and three submit (graded as the
	// submission would); the fourth is left to the round's deadline.
	at(env, begin, r1.StartsAt.Add(time.Minute), func() {
		if s := w.status(t, r1.ID); s != olympiad.RoundRunning {
			t.Errorf("status after the start: %s", s)
		}
		var intake int
		_ = w.db.Pool.QueryRow(w.ctx, `SELECT count(*) FROM quiz_attempt_intake`).Scan(&intake)
		if intake != 0 {
			t.Errorf("%d attempt intake rows, want none: the round holds the deadlines", intake)
		}
		right, wrong := quiz.Response{Choice: w.qs[0].Body.Options[0].ID}, quiz.Response{Choice: w.qs[0].Body.Options[1].ID}
		for i, g := range regs {
			got, err := w.db.FindRegistration(w.ctx, site, g.ID)
			if err != nil || got.AttemptID == 0 {
				t.Fatalf("registration %d has no attempt: %v", g.ID, err)
			}
			a, err := w.db.FindAttempt(w.ctx, site, got.AttemptID)
			if err != nil || !a.StartedAt.Equal(r1.StartsAt) || !a.Deadline.Equal(r1.StartsAt.Add(2*time.Hour)) {
				t.Fatalf("attempt %+v, %v", a, err)
			}
			attempts = append(attempts, a)
			answer := map[int]quiz.Response{0: right, 1: right, 2: right, 3: wrong}[i]
			_, _ = w.db.SaveAnswer(w.ctx, site, quiz.Save{AttemptID: a.ID, QuestionID: w.qs[0].ID, Seq: 1, Response: answer}, env.Now())
			if i == 0 {
				_, _ = w.db.SaveAnswer(w.ctx, site, quiz.Save{AttemptID: a.ID, QuestionID: w.qs[1].ID, Seq: 1, Response: quiz.Response{Text: "9.81"}}, env.Now())
			}
			if i == 3 {
				continue
			}
			if _, err := w.db.Submit(w.ctx, site, a.ID, env.Now(), false); err != nil {
				t.Fatal(err)
			}
			if _, err := quiz.GradeStored(w.ctx, w.db, site, a.ID, env.Now()); err != nil {
				t.Fatal(err)
			}
		}
	})
	at(env, begin, r1.StartsAt.Add(2*time.Hour-time.Minute), func() {
		if a, _ := w.db.FindAttempt(w.ctx, site, attempts[3].ID); a == nil || a.Status != quiz.Started {
			t.Errorf("attempt left open before its deadline = %+v", a)
		}
	})
	// The round's timer submits the open attempt at its deadline and grades it.
	at(env, begin, r1.StartsAt.Add(2*time.Hour+time.Minute), func() {
		a, _ := w.db.FindAttempt(w.ctx, site, attempts[3].ID)
		if a == nil || a.Status != quiz.Graded || !a.SubmittedAt.Equal(a.Deadline) || a.Score != 0 || a.MaxScore != 5 {
			t.Errorf("attempt after the round's deadline = %+v", a)
		}
		_, err := w.db.SaveAnswer(w.ctx, site, quiz.Save{AttemptID: attempts[3].ID, QuestionID: w.qs[0].ID, Seq: 9,
			Response: quiz.Response{Choice: w.qs[0].Body.Options[0].ID}}, env.Now())
		if sitecore.AsError(err).Key != "quiz.attempt_closed" {
			t.Errorf("save after the deadline: %v", err)
		}
	})
	at(env, begin, r1.ResultsAt.Add(-time.Minute), func() {
		if _, err := w.db.ParticipantResult(w.ctx, site, r1.ID, w.students[0].ID); sitecore.AsError(err).Key != "olympiad.results_hidden" {
			t.Errorf("result before the release: %v", err)
		}
	})
	update(t, env, begin, r1.ResultsAt.Add(-time.Minute), workflows.UpdateOlympiadAppeal, "olympiad.appeals_closed", nil,
		activities.AppealRequest{RegistrationID: 1, ParticipantID: w.students[3].ID, QuestionID: w.qs[0].ID, Text: "рано"})
	at(env, begin, r1.ResultsAt.Add(time.Minute), func() {
		res, err := w.db.ParticipantResult(w.ctx, site, r1.ID, w.students[1].ID)
		if err != nil || res.Score != 3 || res.Place != 2 || res.MaxScore != 5 {
			t.Errorf("result after the release = %+v, %v", res, err)
		}
		if n := w.spooled(t, r1.ID, olympiad.MailResults); n != 4 {
			t.Errorf("%d results emails, want 4", n)
		}
	})
	// Student 4 (0 points, school 2) appeals question 1; the jury accepts it with 3 points.
	var appealID int64
	update(t, env, begin, r1.ResultsAt.Add(time.Hour), workflows.UpdateOlympiadAppeal, "olympiad.not_participant", nil,
		activities.AppealRequest{RegistrationID: 1, ParticipantID: w.outsider.ID, QuestionID: w.qs[0].ID, Text: "мен де"})
	at(env, begin, r1.ResultsAt.Add(time.Hour+time.Second), func() {
		update(t, env, r1.ResultsAt.Add(time.Hour+time.Second), r1.ResultsAt.Add(time.Hour+2*time.Second),
			workflows.UpdateOlympiadAppeal, "", func(v any) { appealID = v.(int64) },
			activities.AppealRequest{RegistrationID: regs[3].ID, ParticipantID: w.students[3].ID, QuestionID: w.qs[0].ID,
				Text: "«4» деген жауап та дұрыс"})
	})
	at(env, begin, r1.ResultsAt.Add(2*time.Hour), func() {
		if appealID == 0 {
			t.Fatal("no appeal ID")
		}
		d := olympiad.Decision{AppealID: appealID, JuryMemberID: w.outsider.ID, Accept: true, Points: 3}
		update(t, env, r1.ResultsAt.Add(2*time.Hour), r1.ResultsAt.Add(2*time.Hour+time.Second), workflows.UpdateOlympiadDecide,
			"olympiad.not_jury", nil, d)
		d.JuryMemberID = w.jury.ID
		update(t, env, r1.ResultsAt.Add(2*time.Hour), r1.ResultsAt.Add(2*time.Hour+2*time.Second), workflows.UpdateOlympiadDecide,
			"", func(v any) {
				if v.(olympiad.AppealStatus) != olympiad.AppealAccepted {
					t.Errorf("decision = %v", v)
				}
			}, d)
	})
	at(env, begin, r1.ResultsAt.Add(3*time.Hour), func() {
		a, _ := w.db.FindAttempt(w.ctx, site, attempts[3].ID)
		res, _ := w.db.ParticipantResult(w.ctx, site, r1.ID, w.students[3].ID)
		if a.Score != 3 || res == nil || res.Score != 3 {
			t.Errorf("after the accepted appeal: attempt score %v, result %+v", a.Score, res)
		}
	})
	update(t, env, begin, r1.AppealsClose.Add(time.Minute), workflows.UpdateOlympiadAppeal, "olympiad.appeals_closed", nil,
		activities.AppealRequest{RegistrationID: 1, ParticipantID: w.students[2].ID, QuestionID: w.qs[0].ID, Text: "кеш"})
	// Every appeal was decided: the ranking freezes when the window closes, not at FreezeBy.
	at(env, begin, r1.AppealsClose.Add(time.Hour), func() {
		if s := w.status(t, r1.ID); s != olympiad.RoundPublished {
			t.Errorf("status an hour after the appeals closed: %s", s)
		}
	})
	env.ExecuteWorkflow(workflows.Olympiad, workflows.OlympiadInput{SiteID: site, OlympiadID: w.o.ID, Round: 1})
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	var cont *workflow.ContinueAsNewError
	if err := env.GetWorkflowError(); !errors.As(err, &cont) {
		t.Fatalf("workflow ended with %v, want to continue as new with round 2", err)
	}
	var next workflows.OlympiadInput
	if err := converter.GetDefaultDataConverter().FromPayloads(cont.Input, &next); err != nil || next.Round != 2 || next.OlympiadID != w.o.ID {
		t.Errorf("continues with %+v, %v", next, err)
	}
	// Final places: 5 (s1, school 1), 3 (s2, school 2), 3 (s3, school 1), 3 (s4, school 2,
	// after the appeal). Top 2 with at most one per school: s1 (place 1, first in school 1);
	// places 2 are s2, s3, s4 tied — s2 and s4 tie first in school 2 and both qualify, s3 is
	// second in school 1.
	for i, want := range []bool{true, true, false, true} {
		_, err := w.db.ParticipantRegistration(w.ctx, site, r2.ID, w.students[i].ID)
		if got := err == nil; got != want {
			t.Errorf("student %d invited to round 2: %v, want %v (%v)", i+1, got, want, err)
		}
	}
	if n := w.spooled(t, r1.ID, olympiad.MailQualified); n != 3 {
		t.Errorf("%d qualification emails, want 3", n)
	}
	if n := w.spooled(t, r1.ID, olympiad.MailDiploma); n != 4 {
		t.Errorf("%d diploma emails, want 4", n)
	}
	v, err := w.db.DiplomaView(w.ctx, site, regs[0].ID, sitecore.Kazakh)
	if err != nil || v.Award != olympiad.AwardFirst {
		t.Fatalf("diploma of the winner = %+v, %v", v, err)
	}
	if pub, err := w.db.VerifyDiploma(w.ctx, v.Code, sitecore.Russian); err != nil || pub.Participant != "student1" || pub.Place != 1 {
		t.Errorf("VerifyDiploma = %+v, %v", pub, err)
	}
	if v, _ := w.db.DiplomaView(w.ctx, site, regs[3].ID, sitecore.Kazakh); v == nil || v.Award != olympiad.AwardSecond || v.Place != 2 {
		t.Errorf("diploma after the appeal = %+v", v)
	}
}

// TestOlympiadLastRoundFreezeBy: the paper round (after continue-as-new) — the jury enters
// scores while it runs, the results are released at their time, an appeal the jury never
// decides is closed unanswered at FreezeBy, and the workflow ends after the diplomas.
func TestOlympiadLastRoundFreezeBy(t *testing.T) {
	w := newOlyWorld(t, 2*time.Hour, twoRounds)
	r1, r2 := w.rounds[0], w.rounds[1]
	site := w.organiser.ID
	// Round 1 is over: two students qualified.
	var invited []*olympiad.Registration
	for i := range 2 {
		g, err := w.register(w.students[i], w.schools[i], r1.RegistrationOpens)
		if err != nil {
			t.Fatal(err)
		}
		invited = append(invited, g)
	}
	if _, err := w.db.CollectResults(w.ctx, site, r1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Qualify(w.ctx, site, r1.ID, r2.ID, []int64{invited[0].ID, invited[1].ID}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []olympiad.RoundStatus{olympiad.RoundPublished} {
		if _, err := w.db.AdvanceRound(w.ctx, site, r1.ID, s); err != nil {
			t.Fatal(err)
		}
	}
	begin := r2.RegistrationOpens.Add(-time.Hour)
	env := w.env(t, begin)
	var p2 []*olympiad.Registration
	at(env, begin, r2.StartsAt.Add(time.Hour), func() {
		if s := w.status(t, r2.ID); s != olympiad.RoundRunning {
			t.Errorf("status during the paper round: %s", s)
		}
		for i, items := range [][]float64{{7, 6, 5}, {7, 7, 0}} {
			g, err := w.db.ParticipantRegistration(w.ctx, site, r2.ID, w.students[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			p2 = append(p2, g)
			if err := w.db.EnterScores(w.ctx, site, g.ID, items, w.jury.ID); err != nil {
				t.Fatal(err)
			}
		}
	})
	at(env, begin, r2.ResultsAt.Add(time.Minute), func() {
		if err := w.db.EnterScores(w.ctx, site, p2[0].ID, []float64{7, 7, 7}, w.jury.ID); sitecore.AsError(err).Key != "olympiad.results_released" {
			t.Errorf("scores entered after the release: %v", err)
		}
		res, err := w.db.ParticipantResult(w.ctx, site, r2.ID, w.students[0].ID)
		if err != nil || res.Score != 18 || res.Place != 1 {
			t.Errorf("result = %+v, %v", res, err)
		}
		update(t, env, r2.ResultsAt.Add(time.Minute), r2.ResultsAt.Add(time.Minute+time.Second), workflows.UpdateOlympiadAppeal, "", nil,
			activities.AppealRequest{RegistrationID: p2[1].ID, ParticipantID: w.students[1].ID, QuestionID: 3, Text: "3-есеп"})
	})
	// The jury never decides: after the window the workflow waits until FreezeBy.
	at(env, begin, r2.AppealsClose.Add(time.Hour), func() {
		if s := w.status(t, r2.ID); s != olympiad.RoundAppealsOver {
			t.Errorf("status while an appeal waits for the jury: %s", s)
		}
	})
	at(env, begin, r2.FreezeBy.Add(time.Minute), func() {
		a, err := w.db.AppealOf(w.ctx, site, p2[1].ID, 3)
		if err != nil || a.Status != olympiad.AppealUnanswered {
			t.Errorf("appeal after FreezeBy = %+v, %v", a, err)
		}
	})
	env.ExecuteWorkflow(workflows.Olympiad, workflows.OlympiadInput{SiteID: site, OlympiadID: w.o.ID, Round: 2})
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("last round: %v", err)
	}
	if s := w.status(t, r2.ID); s != olympiad.RoundPublished {
		t.Errorf("final status %s", s)
	}
	if v, err := w.db.DiplomaView(w.ctx, site, p2[0].ID, sitecore.Russian); err != nil || v.Award != olympiad.AwardFirst || v.Score != 18 || v.MaxScore != 21 {
		t.Errorf("winner's diploma = %+v, %v", v, err)
	}
	if n := w.spooled(t, r2.ID, olympiad.MailQualified); n != 0 {
		t.Errorf("%d qualification emails after the last round", n)
	}
}
