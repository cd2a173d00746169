package postgres_test

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/quiz"
)

// quizFixture is a school with a bank of questions and a test over them.
type quizFixture struct {
	db      *postgres.DB
	site    *sitecore.Site
	other   *sitecore.Site
	bank    *quiz.Bank
	qs      []quiz.Question // single, numeric, essay, then 4 "algebra" short answers
	test    *quiz.Test
	student *sitecore.User
	peer    *sitecore.User
}

var quizT0 = time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC)

func rtext(s string) quiz.Text { return quiz.Text{sitecore.Russian: s} }

// quizSite stores a site with the slug (create and mkUser take a *testing.T; benchmarks
// need these too).
func quizSite(tb testing.TB, db *postgres.DB, slug string) *sitecore.Site {
	tb.Helper()
	s, err := sitecore.NewSite{Slug: slug, Names: map[string]string{"kk": slug}, Domains: []string{slug + ".kz"},
		Languages: []string{"kk"}, OwnerEmail: "owner@" + slug + ".kz"}.Validate()
	if err == nil {
		err = db.CreateSite(context.Background(), s)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func quizUser(tb testing.TB, db *postgres.DB, email string) *sitecore.User {
	tb.Helper()
	u := &sitecore.User{Email: email, FullName: "User " + email, PasswordHash: "$argon2id$v=19$hash"}
	if err := db.CreateUser(context.Background(), u); err != nil {
		tb.Fatal(err)
	}
	return u
}

func newQuizFixture(t testing.TB) *quizFixture {
	t.Helper()
	ctx := context.Background()
	db := testenv.Postgres(t)
	f := &quizFixture{db: db, site: quizSite(t, db, "quiz-school"), other: quizSite(t, db, "quiz-other"),
		student: quizUser(t, db, "student@quiz.kz"), peer: quizUser(t, db, "peer@quiz.kz")}
	f.bank = &quiz.Bank{SiteID: f.site.ID, Name: quiz.Text{sitecore.Kazakh: "Математика 7"}, Subject: "math", Grade: 7}
	if err := db.CreateBank(ctx, f.bank); err != nil {
		t.Fatal(err)
	}
	qs := []quiz.Question{
		{Kind: quiz.SingleChoice, Text: rtext("2+2?"), Points: 2, Body: quiz.Body{Options: []quiz.Option{
			{Text: rtext("4"), Correct: true}, {Text: rtext("5")}}}},
		{Kind: quiz.Numeric, Text: rtext("π?"), Body: quiz.Body{Numbers: []quiz.NumberKey{{Value: 3.14, Tolerance: 0.01}}}},
		{Kind: quiz.Essay, Text: rtext("Эссе"), Points: 5},
	}
	for i := range 4 {
		qs = append(qs, quiz.Question{Kind: quiz.ShortAnswer, Category: "algebra", Text: rtext("x?"),
			Body: quiz.Body{Accepted: []quiz.Accepted{{Text: string(rune('a' + i))}}}})
	}
	for i := range qs {
		if err := qs[i].Prepare(); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateQuestions(ctx, f.site.ID, f.bank.ID, qs); err != nil {
		t.Fatal(err)
	}
	f.qs = qs
	f.test = &quiz.Test{SiteID: f.site.ID, Title: rtext("Контрольная"), Items: []quiz.Item{
		{QuestionID: qs[0].ID}, {QuestionID: qs[1].ID}, {QuestionID: qs[2].ID},
		{BankID: f.bank.ID, Category: "algebra", Count: 2, Points: 0.5},
	}, TimeLimit: 40 * time.Minute, Closes: quizT0.Add(2 * time.Hour), AttemptsAllowed: 2,
		Grace: quiz.Grace{Mode: quiz.GraceLastSave, Seconds: 30}, Audience: quiz.Audience{Kind: quiz.AudienceSchool}}
	if err := f.test.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateTest(ctx, f.test); err != nil {
		t.Fatal(err)
	}
	return f
}

// start makes and stores an attempt of the student at now.
func (f *quizFixture) start(t testing.TB, student int64, now time.Time) (*quiz.Attempt, error) {
	t.Helper()
	ctx := context.Background()
	bank, err := f.db.QuestionsForTest(ctx, f.test)
	if err != nil {
		t.Fatal(err)
	}
	used, err := f.db.CountAttempts(ctx, f.site.ID, f.test.ID, student)
	if err != nil {
		t.Fatal(err)
	}
	a, err := quiz.NewAttempt(f.test, bank, student, now, uint64(now.UnixNano()), used)
	if err != nil {
		t.Fatal(err)
	}
	return a, f.db.StartAttempt(ctx, a, f.test.AttemptsAllowed)
}

func TestQuizBankAndQuestions(t *testing.T) {
	ctx := context.Background()
	f := newQuizFixture(t)
	db := f.db
	if f.qs[0].ID == 0 || f.qs[0].SiteID != f.site.ID || f.qs[0].Created.IsZero() {
		t.Fatalf("CreateQuestions did not fill the question: %+v", f.qs[0])
	}
	got, err := db.FindQuestion(ctx, f.site.ID, f.qs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != quiz.SingleChoice || got.Points != 2 || len(got.Body.Options) != 2 || !got.Body.Options[0].Correct ||
		got.Body.Options[0].ID != f.qs[0].Body.Options[0].ID || got.Text[sitecore.Russian] != "2+2?" {
		t.Errorf("FindQuestion = %+v", got)
	}
	if _, err := db.FindQuestion(ctx, f.other.ID, f.qs[0].ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("question from another site: %v", err)
	}
	if _, err := db.FindBank(ctx, f.other.ID, f.bank.ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("bank from another site: %v", err)
	}
	list, err := db.ListQuestions(ctx, f.site.ID, f.bank.ID)
	if err != nil || len(list) != 7 || list[0].Category != "" || list[6].Category != "algebra" {
		t.Fatalf("ListQuestions = %d, %v", len(list), err)
	}
	if bs, err := db.ListBanks(ctx, f.other.ID); err != nil || len(bs) != 0 {
		t.Errorf("ListBanks(other) = %v, %v", bs, err)
	}

	// Into another site's bank: not found, nothing stored.
	extra := []quiz.Question{f.qs[0]}
	if err := db.CreateQuestions(ctx, f.other.ID, f.bank.ID, extra); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("CreateQuestions into another site's bank: %v", err)
	}
	// All or none: the second question breaks a constraint, the first is not kept.
	bad := []quiz.Question{f.qs[1], f.qs[2]}
	bad[1].Points = -1
	if err := db.CreateQuestions(ctx, f.site.ID, f.bank.ID, bad); err == nil || bad[0].ID != 0 {
		t.Errorf("CreateQuestions with a bad question = %v, first ID %d", err, bad[0].ID)
	}
	if n := count(t, db, `SELECT count(*) FROM quiz_questions`); n != 7 {
		t.Errorf("%d questions stored, want 7", n)
	}

	q := f.qs[1]
	q.Body.Numbers[0].Value = 2.71
	if err := db.UpdateQuestion(ctx, &q); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindQuestion(ctx, f.site.ID, q.ID); got.Body.Numbers[0].Value != 2.71 {
		t.Errorf("update lost: %+v", got.Body)
	}
	q.SiteID = f.other.ID
	if err := db.UpdateQuestion(ctx, &q); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("UpdateQuestion of another site: %v", err)
	}
	if qs, err := db.QuestionsByID(ctx, f.other.ID, []int64{f.qs[0].ID}); err != nil || len(qs) != 0 {
		t.Errorf("QuestionsByID across sites = %v, %v", qs, err)
	}
	forTest, err := db.QuestionsForTest(ctx, f.test)
	if err != nil || len(forTest) != 7 {
		t.Errorf("QuestionsForTest = %d, %v; want 3 fixed + 4 of the category", len(forTest), err)
	}
}

func TestQuizTestStore(t *testing.T) {
	ctx := context.Background()
	f := newQuizFixture(t)
	got, err := f.db.FindTest(ctx, f.site.ID, f.test.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.TimeLimit != 40*time.Minute || !got.Closes.Equal(f.test.Closes) || !got.Opens.IsZero() || got.Grace != f.test.Grace ||
		got.Review != quiz.ReviewScore || len(got.Items) != 4 || got.Items[3].Count != 2 || got.Audience.Kind != quiz.AudienceSchool {
		t.Errorf("FindTest = %+v", got)
	}
	if _, err := f.db.FindTest(ctx, f.other.ID, f.test.ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("test of another site: %v", err)
	}
	got.Review, got.Opens = quiz.ReviewAfterClose, quizT0
	if err := f.db.UpdateTest(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, _ := f.db.FindTest(ctx, f.site.ID, f.test.ID)
	if again.Review != quiz.ReviewAfterClose || !again.Opens.Equal(quizT0) {
		t.Errorf("UpdateTest lost: %+v", again)
	}
	got.SiteID = f.other.ID
	if err := f.db.UpdateTest(ctx, got); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("UpdateTest of another site: %v", err)
	}
}

func TestQuizAttempts(t *testing.T) {
	ctx := context.Background()
	f := newQuizFixture(t)
	db := f.db
	a, err := f.start(t, f.student.ID, quizT0)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Number != 1 || len(a.Slots) != 5 || a.MaxScore != 2+1+5+0.5+0.5 ||
		!a.Deadline.Equal(quizT0.Add(40*time.Minute)) || !a.SaveCutoff.Equal(a.Deadline.Add(30*time.Second)) {
		t.Fatalf("attempt = %+v", a)
	}
	got, err := db.StudentAttempt(ctx, f.site.ID, f.student.ID, a.ID)
	if err != nil || got.Seed != a.Seed || len(got.Slots) != 5 || got.Slots[4] != a.Slots[4] || got.Status != quiz.Started {
		t.Fatalf("StudentAttempt = %+v, %v", got, err)
	}
	// Another student's attempt, or one of another site, is not found.
	if _, err := db.StudentAttempt(ctx, f.site.ID, f.peer.ID, a.ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("another student's attempt: %v", err)
	}
	if _, err := db.FindAttempt(ctx, f.other.ID, a.ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("attempt of another site: %v", err)
	}
	// Another device resumes the open attempt.
	if open, err := db.OpenAttempt(ctx, f.site.ID, f.test.ID, f.student.ID); err != nil || open.ID != a.ID {
		t.Errorf("OpenAttempt = %v, %v", open, err)
	}
	// Its workflow is asked for through the intake outbox, with the test's grace policy.
	pending, err := db.PendingAttemptIntake(ctx, 10)
	want := a.Start(f.test.Grace)
	if err != nil || len(pending) != 1 || !pending[0].Deadline.Equal(want.Deadline) || pending[0].Grace != want.Grace ||
		pending[0].AttemptID != a.ID || pending[0].StudentID != f.student.ID || pending[0].SiteID != f.site.ID {
		t.Fatalf("PendingAttemptIntake = %+v, %v", pending, err)
	}
	if err := db.MarkAttemptIntakeStarted(ctx, []int64{a.ID}); err != nil {
		t.Fatal(err)
	}
	if pending, _ := db.PendingAttemptIntake(ctx, 10); len(pending) != 0 {
		t.Errorf("intake after marking = %+v", pending)
	}
	// A second attempt while one is open is refused.
	if _, err := f.start(t, f.student.ID, quizT0.Add(time.Minute)); sitecore.AsError(err).Key != "quiz.attempt_open" {
		t.Errorf("second open attempt: %v", err)
	}

	// Ten starts at once by the peer: exactly one wins.
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.start(t, f.peer.ID, quizT0.Add(time.Duration(i)*time.Second))
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case sitecore.AsError(err).Key != "quiz.attempt_open":
			t.Errorf("concurrent start: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d concurrent starts succeeded, want 1", ok)
	}
	if n := count(t, db, `SELECT count(*) FROM quiz_attempt_intake`); n != 1 {
		t.Errorf("%d intake rows, want the one started attempt's", n)
	}

	// After submitting, the second attempt is allowed, the third is not.
	if done, err := db.Submit(ctx, f.site.ID, a.ID, quizT0.Add(10*time.Minute), false); !done || err != nil {
		t.Fatalf("Submit = %v, %v", done, err)
	}
	if done, err := db.Submit(ctx, f.site.ID, a.ID, quizT0.Add(11*time.Minute), false); done || err != nil {
		t.Errorf("second Submit = %v, %v; want false, nil", done, err)
	}
	if _, err := db.Submit(ctx, f.other.ID, a.ID, quizT0, false); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("Submit across sites: %v", err)
	}
	b, err := f.start(t, f.student.ID, quizT0.Add(20*time.Minute))
	if err != nil || b.Number != 2 {
		t.Fatalf("second attempt = %+v, %v", b, err)
	}
	if _, err := db.Submit(ctx, f.site.ID, b.ID, quizT0.Add(30*time.Minute), true); err != nil {
		t.Fatal(err)
	}
	// StartAttempt itself refuses a third one even when the caller's count was stale.
	c := *b
	if err := db.StartAttempt(ctx, &c, 2); sitecore.AsError(err).Key != "quiz.attempts_used" || c.ID != 0 {
		t.Errorf("third attempt: %v", err)
	}
	list, err := db.ListAttempts(ctx, f.site.ID, f.test.ID)
	if err != nil || len(list) != 3 || list[2].Status != quiz.Closed || list[1].StudentID != f.peer.ID {
		t.Errorf("ListAttempts = %+v, %v", list, err)
	}
}

func TestQuizAutosave(t *testing.T) {
	ctx := context.Background()
	f := newQuizFixture(t)
	db := f.db
	a, err := f.start(t, f.student.ID, quizT0)
	if err != nil {
		t.Fatal(err)
	}
	q := f.qs[0].ID
	save := func(seq int64, choice string, at time.Time) (quiz.SaveOutcome, error) {
		return db.SaveAnswer(ctx, f.site.ID, quiz.Save{AttemptID: a.ID, QuestionID: q, Seq: seq,
			Response: quiz.Response{Choice: choice}}, at)
	}
	steps := []struct {
		seq    int64
		choice string
		want   quiz.SaveOutcome
	}{
		{1, "x", quiz.SaveStored},
		{1, "x", quiz.SaveSame},   // the same save twice
		{1, "y", quiz.SaveSame},   // a retry of seq 1 with other content changes nothing
		{3, "z", quiz.SaveStored}, // seq 2 is still on its way
		{2, "w", quiz.SaveStale},  // ...and arrives late: ignored
		{3, "z", quiz.SaveSame},
	}
	for i, s := range steps {
		got, err := save(s.seq, s.choice, quizT0.Add(time.Duration(i)*time.Second))
		if err != nil || got != s.want {
			t.Fatalf("step %d (seq %d): %v, %v; want %s", i, s.seq, got, err, s.want)
		}
	}
	answers, err := db.Answers(ctx, f.site.ID, a.ID)
	if err != nil || len(answers) != 1 || answers[0].Seq != 3 || answers[0].Response.Choice != "z" {
		t.Fatalf("Answers = %+v, %v", answers, err)
	}
	if answers, _ := db.Answers(ctx, f.other.ID, a.ID); len(answers) != 0 {
		t.Errorf("answers visible from another site: %+v", answers)
	}
	if _, err := db.SaveAnswer(ctx, f.other.ID, quiz.Save{AttemptID: a.ID, QuestionID: q, Seq: 9}, quizT0); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("save through another site: %v", err)
	}
	if _, err := db.SaveAnswer(ctx, f.site.ID, quiz.Save{AttemptID: a.ID, QuestionID: 999999, Seq: 1}, quizT0); sitecore.AsError(err).Key != "quiz.not_in_attempt" {
		t.Errorf("question outside the attempt: %v", err)
	}
	if _, err := db.SaveAnswer(ctx, f.site.ID, quiz.Save{AttemptID: a.ID, QuestionID: q, Seq: 10,
		Response: quiz.Response{Text: string(make([]rune, quiz.MaxAnswerText+1))}}, quizT0); sitecore.ErrorCode(err) != sitecore.EInvalid {
		t.Errorf("oversized save: %v", err)
	}
	// Grace: a save 30 s after the deadline counts, 31 s does not.
	if got, err := save(4, "grace", a.Deadline.Add(30*time.Second)); err != nil || got != quiz.SaveStored {
		t.Errorf("save within grace: %v, %v", got, err)
	}
	if _, err := save(5, "late", a.Deadline.Add(31*time.Second)); sitecore.AsError(err).Key != "quiz.attempt_closed" {
		t.Errorf("save after the cutoff: %v", err)
	}
	// Submitted: saves are refused and nothing changes.
	if _, err := db.Submit(ctx, f.site.ID, a.ID, quizT0.Add(5*time.Minute), false); err != nil {
		t.Fatal(err)
	}
	if _, err := save(6, "after", quizT0.Add(6*time.Minute)); sitecore.AsError(err).Key != "quiz.attempt_closed" {
		t.Errorf("save after submit: %v", err)
	}
	if answers, _ := db.Answers(ctx, f.site.ID, a.ID); answers[0].Seq != 4 || answers[0].Response.Choice != "grace" {
		t.Errorf("answer changed after submit: %+v", answers[0])
	}
}

func TestQuizGrading(t *testing.T) {
	ctx := context.Background()
	f := newQuizFixture(t)
	db := f.db
	a, err := f.start(t, f.student.ID, quizT0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordGrades(ctx, f.site.ID, a.ID, nil, 0, 0, quizT0); sitecore.AsError(err).Key != "quiz.not_submitted" {
		t.Errorf("grading a started attempt: %v", err)
	}
	saves := []quiz.Save{
		{QuestionID: f.qs[0].ID, Response: quiz.Response{Choice: f.qs[0].Body.Options[0].ID}}, // right: 2 points
		{QuestionID: f.qs[1].ID, Response: quiz.Response{Text: "3,15"}},                       // within 0.01: 1 point
		{QuestionID: f.qs[2].ID, Response: quiz.Response{Text: "Менің эссем"}},                // essay: pending
	}
	for _, s := range saves {
		s.AttemptID, s.Seq = a.ID, 1
		if _, err := db.SaveAnswer(ctx, f.site.ID, s, quizT0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Submit(ctx, f.site.ID, a.ID, quizT0.Add(2*time.Minute), false); err != nil {
		t.Fatal(err)
	}
	grade := func() *quiz.Attempt {
		t.Helper()
		ids := make([]int64, 0, len(a.Slots))
		for _, s := range a.Slots {
			ids = append(ids, s.QuestionID)
		}
		qs, err := db.QuestionsByID(ctx, f.site.ID, ids)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[int64]*quiz.Question{}
		for i := range qs {
			byID[qs[i].ID] = &qs[i]
		}
		saved, err := db.Answers(ctx, f.site.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		grades, score, pending := quiz.GradeAttempt(a.Slots, byID, saved)
		got, err := db.RecordGrades(ctx, f.site.ID, a.ID, grades, score, pending, quizT0.Add(3*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	got := grade()
	if got.Status != quiz.Submitted || got.Score != 3 || got.Pending != 1 || !got.GradedAt.IsZero() {
		t.Fatalf("after auto grading: %+v", got)
	}
	if n := count(t, db, `SELECT count(*) FROM quiz_answers WHERE attempt_id = $1`, a.ID); n != 5 {
		t.Errorf("%d answer rows, want one per slot (5)", n)
	}
	// A teacher grades the essay: the score becomes final.
	teacher := mkUser(t, db, "teacher@quiz.kz")
	if err := db.GradeAnswer(ctx, f.site.ID, a.ID, f.qs[2].ID, math.NaN(), teacher.ID); sitecore.ErrorCode(err) != sitecore.EInvalid {
		t.Errorf("NaN grade: %v", err)
	}
	if err := db.GradeAnswer(ctx, f.other.ID, a.ID, f.qs[2].ID, 0.8, teacher.ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Errorf("grade through another site: %v", err)
	}
	if err := db.GradeAnswer(ctx, f.site.ID, a.ID, f.qs[2].ID, 0.8, teacher.ID); err != nil {
		t.Fatal(err)
	}
	got = grade()
	if got.Status != quiz.Graded || got.Score != 7 || got.Pending != 0 || got.GradedAt.IsZero() {
		t.Errorf("after hand grading: %+v", got)
	}
	answers, _ := db.Answers(ctx, f.site.ID, a.ID)
	for _, w := range answers {
		if w.QuestionID == f.qs[2].ID && (w.GradedBy != teacher.ID || w.Points != 4 || w.Response.Text != "Менің эссем") {
			t.Errorf("essay answer = %+v", w)
		}
	}
	// Regrade after a wrong key: the numeric answer no longer counts.
	q := f.qs[1]
	q.Body.Numbers[0].Value = 2.71
	if err := db.UpdateQuestion(ctx, &q); err != nil {
		t.Fatal(err)
	}
	if got = grade(); got.Score != 6 || got.Status != quiz.Graded {
		t.Errorf("after regrade: %+v", got)
	}
}

// TestQuizSubmitWaitsForSaves races autosaves against the submission: every save that was
// acknowledged must be in the answers read right after Submit returns (what grading reads).
func TestQuizSubmitWaitsForSaves(t *testing.T) {
	ctx := context.Background()
	f := newQuizFixture(t)
	db := f.db
	a, err := f.start(t, f.student.ID, quizT0)
	if err != nil {
		t.Fatal(err)
	}
	now := quizT0.Add(time.Minute)
	acked := make([]int64, len(a.Slots)) // highest acknowledged seq per slot
	var wg sync.WaitGroup
	for i, s := range a.Slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for seq := int64(1); ; seq++ {
				out, err := db.SaveAnswer(ctx, f.site.ID, quiz.Save{AttemptID: a.ID, QuestionID: s.QuestionID, Seq: seq,
					Response: quiz.Response{Text: "v"}}, now)
				if err != nil {
					if sitecore.AsError(err).Key != "quiz.attempt_closed" {
						t.Errorf("save: %v", err)
					}
					return
				}
				if out == quiz.SaveStored {
					acked[i] = seq
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond) // let the saves run; not an assertion
	if _, err := db.Submit(ctx, f.site.ID, a.ID, now, false); err != nil {
		t.Fatal(err)
	}
	answers, err := db.Answers(ctx, f.site.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	stored := map[int64]int64{}
	for _, w := range answers {
		stored[w.QuestionID] = w.Seq
	}
	for i, s := range a.Slots {
		if stored[s.QuestionID] != acked[i] {
			t.Errorf("question %d: seq %d acknowledged, %d read after submit", s.QuestionID, acked[i], stored[s.QuestionID])
		}
		if acked[i] == 0 {
			t.Logf("question %d: no save acknowledged before the submission", s.QuestionID)
		}
	}
}
