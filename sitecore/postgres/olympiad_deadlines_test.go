package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
	"github.com/mektep/mektep/sitecore/quiz"
)

// TestOlympiadStoreHeldDeadlines: a round's attempt is made and linked in one statement
// (a second time is refused, nothing written); the next deadline is the earliest open
// cutoff; closing what is due at a time leaves the later ones, waits for nothing else and
// records when; grading many at once gives the scores GradeStored would; a GraceNever test
// closes unscored as of the deadline.
func TestOlympiadStoreHeldDeadlines(t *testing.T) {
	ctx := context.Background()
	f := newOlyFixture(t)
	site, r1 := f.organiser.ID, f.o.Rounds[0]
	users := []*sitecore.User{quizUser(t, f.db, "h1@s1.kz"), quizUser(t, f.db, "h2@s1.kz"), quizUser(t, f.db, "h3@s2.kz")}
	var regs []*olympiad.Registration
	for _, u := range users {
		regs = append(regs, f.register(t, u, f.school1))
	}
	bank, _ := f.db.QuestionsForTest(ctx, f.test)
	var as []*quiz.Attempt
	for i, g := range regs {
		a, err := quiz.NewAttempt(f.test, bank, g.ParticipantID, olyT0, uint64(i), 0)
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 { // a later deadline (as a second test's would be)
			a.Deadline, a.SaveCutoff = a.Deadline.Add(time.Hour), a.SaveCutoff.Add(time.Hour)
		}
		if err := f.db.StartRoundAttempt(ctx, a, g.ID); err != nil {
			t.Fatal(err)
		}
		as = append(as, a)
	}
	again, _ := quiz.NewAttempt(f.test, bank, regs[0].ParticipantID, olyT0, 9, 0)
	if err := f.db.StartRoundAttempt(ctx, again, regs[0].ID); sitecore.AsError(err).Key != "olympiad.attempt_linked" {
		t.Errorf("a second attempt for a registration: %v", err)
	}
	var intake, total int
	_ = f.db.Pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM quiz_attempt_intake), (SELECT count(*) FROM quiz_attempts WHERE test_id = $1)`,
		f.test.ID).Scan(&intake, &total)
	if intake != 0 || total != 3 {
		t.Errorf("%d intake rows (want 0), %d attempts (want 3)", intake, total)
	}
	if g, _ := f.db.FindRegistration(ctx, site, regs[1].ID); g == nil || g.AttemptID != as[1].ID {
		t.Errorf("registration not linked: %+v", g)
	}
	if next, err := f.db.NextRoundDeadline(ctx, site, r1.ID); err != nil || !next.Equal(as[0].SaveCutoff) {
		t.Errorf("NextRoundDeadline = %v, %v; want %v", next, err, as[0].SaveCutoff)
	}
	right := quiz.Response{Choice: f.qs[0].Body.Options[0].ID}
	if _, err := f.db.SaveAnswer(ctx, site, quiz.Save{AttemptID: as[0].ID, QuestionID: f.qs[0].ID, Seq: 1, Response: right}, olyT0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n, err := f.db.CloseDueRoundAttempts(ctx, site, r1.ID, as[0].SaveCutoff.Add(-time.Second), 10); err != nil || n != 0 {
		t.Errorf("closed %d before the cutoff, %v", n, err)
	}
	if n, err := f.db.CloseDueRoundAttempts(ctx, site, r1.ID, as[0].SaveCutoff, 1); err != nil || n != 1 {
		t.Errorf("closed %d with a batch of 1, %v", n, err)
	}
	if n, err := f.db.CloseDueRoundAttempts(ctx, site, r1.ID, as[0].SaveCutoff, 10); err != nil || n != 1 {
		t.Errorf("closed %d in the second batch, %v", n, err)
	}
	if next, _ := f.db.NextRoundDeadline(ctx, site, r1.ID); !next.Equal(as[2].SaveCutoff) {
		t.Errorf("next deadline after the first = %v", next)
	}
	ids, err := f.db.UngradedRoundAttempts(ctx, site, r1.ID, 0, 10)
	if err != nil || len(ids) != 2 {
		t.Fatalf("UngradedRoundAttempts = %v, %v", ids, err)
	}
	got, answers, err := f.db.AttemptsWithAnswers(ctx, site, ids)
	if err != nil || len(got) != 2 || len(answers[as[0].ID]) != 1 {
		t.Fatalf("AttemptsWithAnswers = %d, %v, %v", len(got), answers, err)
	}
	byID := map[int64]*quiz.Question{f.qs[0].ID: &f.qs[0], f.qs[1].ID: &f.qs[1]}
	var gs []quiz.AttemptGrades
	for _, a := range got {
		grades, score, pending := quiz.GradeAttempt(a.Slots, byID, answers[a.ID])
		gs = append(gs, quiz.AttemptGrades{AttemptID: a.ID, Grades: grades, Score: score, Pending: pending})
	}
	if n, err := f.db.RecordManyGrades(ctx, site, gs, as[0].SaveCutoff); err != nil || n != 2 {
		t.Fatalf("RecordManyGrades = %d, %v", n, err)
	}
	for i, want := range []float64{3, 0} {
		a, _ := f.db.FindAttempt(ctx, site, as[i].ID)
		var closedAt *time.Time
		_ = f.db.Pool.QueryRow(ctx, `SELECT closed_at FROM quiz_attempts WHERE id = $1`, a.ID).Scan(&closedAt)
		if a.Status != quiz.Graded || a.Score != want || !a.SubmittedAt.Equal(a.SaveCutoff) || closedAt == nil {
			t.Errorf("attempt %d = %+v, closed at %v", i, a, closedAt)
		}
	}
	if ids, _ := f.db.UngradedRoundAttempts(ctx, site, r1.ID, 0, 10); len(ids) != 0 {
		t.Errorf("ungraded after grading: %v", ids)
	}
	// Under GraceNever the attempt is closed, unscored, as of its deadline.
	if _, err := f.db.Pool.Exec(ctx, `UPDATE quiz_tests SET grace_mode = 'never' WHERE id = $1`, f.test.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := f.db.CloseDueRoundAttempts(ctx, site, r1.ID, as[2].SaveCutoff, 10); err != nil || n != 1 {
		t.Errorf("closed %d at the later deadline, %v", n, err)
	}
	if a, _ := f.db.FindAttempt(ctx, site, as[2].ID); a.Status != quiz.Closed || !a.SubmittedAt.Equal(a.Deadline) {
		t.Errorf("attempt under GraceNever = %+v", a)
	}
	if next, err := f.db.NextRoundDeadline(ctx, site, r1.ID); err != nil || !next.IsZero() {
		t.Errorf("next deadline with none open = %v, %v", next, err)
	}
	// Another site sees none of it.
	if n, _ := f.db.CloseDueRoundAttempts(ctx, f.other.ID, r1.ID, olyT0.Add(48*time.Hour), 10); n != 0 {
		t.Errorf("another site closed %d", n)
	}
}
