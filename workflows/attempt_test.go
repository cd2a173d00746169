package workflows_test

import (
	"context"
	"testing"
	"time"

	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/quiz"
	"github.com/mektep/mektep/workers"
	"github.com/mektep/mektep/workflows"
)

// TestMain stops the servers testenv started for the package (attempt and survey tests).
func TestMain(m *testing.M) { testenv.Main(m) }

// quizWorld is a school in a real PostgreSQL database with a test of three questions
// (single choice 2 points, numeric 1 point, and optionally an essay of 5 points).
type quizWorld struct {
	db      *postgres.DB
	site    *sitecore.Site
	student *sitecore.User
	teacher *sitecore.User
	test    *quiz.Test
	qs      []quiz.Question
}

var attemptStart = time.Date(2026, 3, 2, 4, 0, 0, 0, time.UTC)

func newQuizWorld(t *testing.T, edit func(*quiz.Test), essay bool) *quizWorld {
	t.Helper()
	ctx := context.Background()
	db := testenv.Postgres(t)
	w := &quizWorld{db: db}
	s, err := sitecore.NewSite{Slug: "attempts", Names: map[string]string{"kk": "Мектеп"}, Domains: []string{"attempts.kz"},
		Languages: []string{"kk"}, OwnerEmail: "owner@attempts.kz"}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSite(ctx, s); err != nil {
		t.Fatal(err)
	}
	w.site = s
	for _, u := range []**sitecore.User{&w.student, &w.teacher} {
		*u = &sitecore.User{Email: time.Now().Format("150405.000000000") + "@attempts.kz", FullName: "Оқушы", PasswordHash: "$argon2id$x"}
		if err := db.CreateUser(ctx, *u); err != nil {
			t.Fatal(err)
		}
	}
	bank := &quiz.Bank{SiteID: s.ID, Name: quiz.Text{sitecore.Kazakh: "Физика"}}
	if err := db.CreateBank(ctx, bank); err != nil {
		t.Fatal(err)
	}
	kk := func(s string) quiz.Text { return quiz.Text{sitecore.Kazakh: s} }
	qs := []quiz.Question{
		{Kind: quiz.SingleChoice, Text: kk("2+2?"), Points: 2, Body: quiz.Body{Options: []quiz.Option{{Text: kk("4"), Correct: true}, {Text: kk("5")}}}},
		{Kind: quiz.Numeric, Text: kk("g?"), Body: quiz.Body{Numbers: []quiz.NumberKey{{Value: 9.81, Tolerance: 0.05}}}},
	}
	if essay {
		qs = append(qs, quiz.Question{Kind: quiz.Essay, Text: kk("Эссе"), Points: 5})
	}
	for i := range qs {
		if err := qs[i].Prepare(); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateQuestions(ctx, s.ID, bank.ID, qs); err != nil {
		t.Fatal(err)
	}
	w.qs = qs
	w.test = &quiz.Test{SiteID: s.ID, Title: kk("Бақылау"), TimeLimit: 40 * time.Minute, Audience: quiz.Audience{Kind: quiz.AudienceSchool}}
	for _, q := range qs {
		w.test.Items = append(w.test.Items, quiz.Item{QuestionID: q.ID})
	}
	if edit != nil {
		edit(w.test)
	}
	if err := w.test.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateTest(ctx, w.test); err != nil {
		t.Fatal(err)
	}
	// Each test has a fresh database, but the dev server is shared by the process: attempt
	// IDs (and so workflow IDs) must not repeat across tests.
	if _, err := db.Pool.Exec(ctx, `SELECT setval('quiz_attempts_id_seq', $1)`, time.Now().UnixNano()/1000); err != nil {
		t.Fatal(err)
	}
	return w
}

// startAttempt stores an attempt started at the time and returns it.
func (w *quizWorld) startAttempt(t *testing.T, at time.Time) *quiz.Attempt {
	t.Helper()
	ctx := context.Background()
	bank, err := w.db.QuestionsForTest(ctx, w.test)
	if err != nil {
		t.Fatal(err)
	}
	a, err := quiz.NewAttempt(w.test, bank, w.student.ID, at, 42, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.StartAttempt(ctx, a, w.test.AttemptsAllowed); err != nil {
		t.Fatal(err)
	}
	return a
}

// save autosaves an answer at the environment's time and returns the outcome or error.
func (w *quizWorld) save(a *quiz.Attempt, q int, seq int64, r quiz.Response, now time.Time) (quiz.SaveOutcome, error) {
	return w.db.SaveAnswer(context.Background(), w.site.ID, quiz.Save{AttemptID: a.ID, QuestionID: w.qs[q].ID, Seq: seq, Response: r}, now)
}

// attemptEnv is a time-skipping environment running the attempt workflow with the real
// activities on the world's database.
func (w *quizWorld) env(t *testing.T) *testsuite.TestWorkflowEnvironment {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(attemptStart)
	env.RegisterWorkflow(workflows.Attempt)
	env.RegisterActivity(&activities.Quiz{Store: w.db})
	env.SetTestTimeout(time.Minute)
	return env
}

func (w *quizWorld) input(a *quiz.Attempt) workflows.AttemptInput {
	return workflows.AttemptInput{SiteID: w.site.ID, AttemptID: a.ID, StudentID: a.StudentID, Deadline: a.Deadline, Grace: w.test.Grace}
}

func (w *quizWorld) stored(t *testing.T, a *quiz.Attempt) *quiz.Attempt {
	t.Helper()
	got, err := w.db.FindAttempt(context.Background(), w.site.ID, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func result(t *testing.T, env *testsuite.TestWorkflowEnvironment) workflows.AttemptResult {
	t.Helper()
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	var r workflows.AttemptResult
	if err := env.GetWorkflowResult(&r); err != nil {
		t.Fatalf("workflow: %v", err)
	}
	return r
}

// TestAttemptDeadlineSubmitsWhatWasSaved: the browser saves two answers and is gone; at the
// deadline the attempt is submitted with them and graded; a save after it is refused.
func TestAttemptDeadlineSubmitsWhatWasSaved(t *testing.T) {
	w := newQuizWorld(t, nil, false)
	a := w.startAttempt(t, attemptStart)
	env := w.env(t)
	right := quiz.Response{Choice: w.qs[0].Body.Options[0].ID}
	env.RegisterDelayedCallback(func() {
		if out, err := w.save(a, 0, 1, right, env.Now()); err != nil || out != quiz.SaveStored {
			t.Errorf("save: %v %v", out, err)
		}
		if _, err := w.save(a, 1, 1, quiz.Response{Text: "9,8"}, env.Now()); err != nil {
			t.Errorf("save: %v", err)
		}
	}, 5*time.Minute)
	env.RegisterDelayedCallback(func() {
		if _, err := w.save(a, 1, 2, quiz.Response{Text: "0"}, env.Now()); sitecore.AsError(err).Key != "quiz.attempt_closed" {
			t.Errorf("save after the deadline: %v", err)
		}
	}, 41*time.Minute)
	env.ExecuteWorkflow(workflows.Attempt, w.input(a))
	r := result(t, env)
	if r.Status != quiz.Graded || r.Score != 3 || r.MaxScore != 3 || r.Pending != 0 {
		t.Errorf("result = %+v", r)
	}
	got := w.stored(t, a)
	if got.Status != quiz.Graded || !got.SubmittedAt.Equal(attemptStart.Add(40*time.Minute)) || got.Score != 3 {
		t.Errorf("stored attempt = %+v", got)
	}
}

// TestAttemptWindowEndCutsLateStart: a 40-minute test started 10 minutes before the window
// closes is submitted when the window closes.
func TestAttemptWindowEndCutsLateStart(t *testing.T) {
	w := newQuizWorld(t, func(tt *quiz.Test) { tt.Closes = attemptStart.Add(10 * time.Minute) }, false)
	a := w.startAttempt(t, attemptStart)
	if !a.Deadline.Equal(attemptStart.Add(10 * time.Minute)) {
		t.Fatalf("deadline = %v", a.Deadline)
	}
	env := w.env(t)
	env.ExecuteWorkflow(workflows.Attempt, w.input(a))
	if r := result(t, env); r.Status != quiz.Graded || r.Score != 0 {
		t.Errorf("result = %+v", r)
	}
	if got := w.stored(t, a); !got.SubmittedAt.Equal(attemptStart.Add(10 * time.Minute)) {
		t.Errorf("submitted at %v, want the window's end", got.SubmittedAt)
	}
}

// TestAttemptGraceLastSave: a save 20 s after the deadline counts, the attempt is
// submitted 30 s after it.
func TestAttemptGraceLastSave(t *testing.T) {
	w := newQuizWorld(t, func(tt *quiz.Test) { tt.Grace = quiz.Grace{Mode: quiz.GraceLastSave, Seconds: 30} }, false)
	a := w.startAttempt(t, attemptStart)
	env := w.env(t)
	env.RegisterDelayedCallback(func() {
		if out, err := w.save(a, 1, 1, quiz.Response{Text: "9.81"}, env.Now()); err != nil || out != quiz.SaveStored {
			t.Errorf("save in the grace period: %v %v", out, err)
		}
	}, 40*time.Minute+20*time.Second)
	env.ExecuteWorkflow(workflows.Attempt, w.input(a))
	if r := result(t, env); r.Status != quiz.Graded || r.Score != 1 {
		t.Errorf("result = %+v", r)
	}
	if got := w.stored(t, a); !got.SubmittedAt.Equal(attemptStart.Add(40*time.Minute + 30*time.Second)) {
		t.Errorf("submitted at %v, want deadline + 30 s", got.SubmittedAt)
	}
}

// TestAttemptGraceNever: an attempt not submitted in time is closed without a score.
func TestAttemptGraceNever(t *testing.T) {
	w := newQuizWorld(t, func(tt *quiz.Test) { tt.Grace = quiz.Grace{Mode: quiz.GraceNever} }, false)
	a := w.startAttempt(t, attemptStart)
	env := w.env(t)
	env.RegisterDelayedCallback(func() {
		_, _ = w.save(a, 0, 1, quiz.Response{Choice: w.qs[0].Body.Options[0].ID}, env.Now())
	}, time.Minute)
	env.ExecuteWorkflow(workflows.Attempt, w.input(a))
	if r := result(t, env); r.Status != quiz.Closed || r.Score != 0 {
		t.Errorf("result = %+v", r)
	}
	got := w.stored(t, a)
	if got.Status != quiz.Closed || !got.SubmittedAt.Equal(a.Deadline) || got.Score != 0 {
		t.Errorf("stored attempt = %+v", got)
	}
}

// TestAttemptStudentSubmitsEssayGradedLater: the student submits early (another student
// and a second submission are refused); the essay waits for a teacher, whose grade and a
// regrade make the score final.
func TestAttemptStudentSubmitsEssayGradedLater(t *testing.T) {
	w := newQuizWorld(t, nil, true)
	a := w.startAttempt(t, attemptStart)
	env := w.env(t)
	ctx := context.Background()
	update := func(d time.Duration, name string, wantErr bool, check func(workflows.AttemptResult), args ...any) {
		env.RegisterDelayedCallback(func() {
			env.UpdateWorkflow(name, name+d.String(), &testsuite.TestUpdateCallback{
				OnAccept: func() {},
				OnReject: func(err error) {
					if !wantErr {
						t.Errorf("%s at %s rejected: %v", name, d, err)
					}
				},
				OnComplete: func(v any, err error) {
					if (err != nil) != wantErr {
						t.Errorf("%s at %s: %v", name, d, err)
					}
					if r, ok := v.(workflows.AttemptResult); ok && check != nil {
						check(r)
					}
				},
			}, args...)
		}, d)
	}
	env.RegisterDelayedCallback(func() {
		_, _ = w.save(a, 0, 1, quiz.Response{Choice: w.qs[0].Body.Options[0].ID}, env.Now())
		_, _ = w.save(a, 2, 1, quiz.Response{Text: "Менің ойымша..."}, env.Now())
	}, 5*time.Minute)
	update(9*time.Minute, workflows.UpdateAttemptSubmit, true, nil, workflows.SubmitRequest{StudentID: w.teacher.ID}) // not theirs
	update(9*time.Minute+time.Second, workflows.UpdateAttemptRegrade, true, nil)                                      // not submitted yet
	update(10*time.Minute, workflows.UpdateAttemptSubmit, false, func(r workflows.AttemptResult) {
		if r.Status != quiz.Submitted {
			t.Errorf("submit returned %+v", r)
		}
	}, workflows.SubmitRequest{StudentID: w.student.ID})
	update(11*time.Minute, workflows.UpdateAttemptSubmit, true, nil, workflows.SubmitRequest{StudentID: w.student.ID})
	env.RegisterDelayedCallback(func() {
		if got := w.stored(t, a); got.Status != quiz.Submitted || got.Pending != 1 || got.Score != 2 {
			t.Errorf("before the teacher: %+v", got)
		}
		if err := w.db.GradeAnswer(ctx, w.site.ID, a.ID, w.qs[2].ID, 0.6, w.teacher.ID); err != nil {
			t.Error(err)
		}
	}, 3*24*time.Hour)
	update(3*24*time.Hour+time.Minute, workflows.UpdateAttemptRegrade, false, func(r workflows.AttemptResult) {
		if r.Status != quiz.Graded || r.Score != 5 {
			t.Errorf("regrade returned %+v", r)
		}
	})
	env.ExecuteWorkflow(workflows.Attempt, w.input(a))
	if r := result(t, env); r.Status != quiz.Graded || r.Score != 5 || r.MaxScore != 8 || r.Pending != 0 {
		t.Errorf("result = %+v", r)
	}
	if got := w.stored(t, a); !got.SubmittedAt.Equal(attemptStart.Add(10*time.Minute)) || got.Status != quiz.Graded {
		t.Errorf("stored attempt = %+v", got)
	}
}

// TestAttemptOnDevServer runs an attempt on the real Temporal dev server with the worker's
// registrations: the student submits through AttemptClient, then the history is replayed
// with the current code (and, with MEKTEP_RECORD_HISTORY=1, stored for TestAttemptReplay).
func TestAttemptOnDevServer(t *testing.T) {
	ctx := context.Background()
	w := newQuizWorld(t, nil, false)
	now := time.Now().UTC().Truncate(time.Second)
	a := w.startAttempt(t, now)
	c := testenv.TemporalClient(t)
	queue := "attempt-test-" + now.Format("150405.000")
	wk := worker.New(c, queue, worker.Options{})
	workers.Register(wk, workers.Deps{Quiz: &activities.Quiz{Store: w.db}})
	if err := wk.Start(); err != nil {
		t.Fatal(err)
	}
	defer wk.Stop()
	ac := &workflows.AttemptClient{Temporal: c, TaskQueue: queue}
	// The relay starts the workflow from the intake row StartAttempt wrote.
	relay := &workflows.AttemptRelay{Store: w.db, Attempts: ac, Log: testenv.Logger(t)}
	if n, err := relay.RelayBatch(ctx); n != 1 || err != nil {
		t.Fatalf("RelayBatch = %d, %v", n, err)
	}
	if n, err := relay.RelayBatch(ctx); n != 0 || err != nil {
		t.Fatalf("second RelayBatch = %d, %v; want nothing left", n, err)
	}
	if err := ac.Start(ctx, a.Start(w.test.Grace)); err != nil {
		t.Fatalf("second start: %v", err)
	}
	if _, err := w.save(a, 0, 1, quiz.Response{Choice: w.qs[0].Body.Options[0].ID}, time.Now()); err != nil {
		t.Fatal(err)
	}
	// The validators' refusals reach the client as the domain errors the services give.
	_, err := ac.Submit(ctx, a.ID, w.teacher.ID)
	wantRefusal(t, "another user's submit", err, sitecore.ENotFound, "not_found.attempt", "")
	_, err = ac.Regrade(ctx, a.ID)
	wantRefusal(t, "regrade before the submission", err, sitecore.EConflict, "quiz.attempt_closed", "attempt")
	r, err := ac.Submit(ctx, a.ID, w.student.ID)
	if err != nil || r.Status != quiz.Submitted {
		t.Fatalf("Submit = %+v, %v", r, err)
	}
	var final workflows.AttemptResult
	if err := c.GetWorkflow(ctx, workflows.AttemptWorkflowID(a.ID), "").Get(ctx, &final); err != nil || final.Score != 2 {
		t.Fatalf("workflow result %+v, %v", final, err)
	}
	_, err = ac.Submit(ctx, a.ID, w.student.ID)
	wantRefusal(t, "submit after the end", err, sitecore.EConflict, "quiz.attempt_closed", "attempt")
	_, err = ac.Submit(ctx, a.ID+1000, w.student.ID)
	wantRefusal(t, "submit of an attempt without a workflow", err, sitecore.EConflict, "quiz.attempt_closed", "attempt")
	checkHistory(t, c, a.ID, "attempt.json")
}

// checkHistory replays the attempt's closed workflow with the current code and, with
// MEKTEP_RECORD_HISTORY=1, stores its history for TestAttemptReplay. It returns the history.
func checkHistory(t *testing.T, c client.Client, attemptID int64, file string) *historypb.History {
	t.Helper()
	h := testenv.History(t, c, workflows.AttemptWorkflowID(attemptID))
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflow(workflows.Attempt)
	if err := r.ReplayWorkflowHistory(nil, h); err != nil {
		t.Fatalf("replay of a fresh history: %v", err)
	}
	testenv.RecordHistory(t, h, file)
	return h
}

// TestAttemptDeadlineAfterWorkerRestart: the only worker stops during an attempt with an
// acknowledged save; the deadline passes with no worker; a new worker fires it once,
// submits the attempt as of its deadline with the saved answer and grades it.
func TestAttemptDeadlineAfterWorkerRestart(t *testing.T) {
	ctx := context.Background()
	w := newQuizWorld(t, func(tt *quiz.Test) { tt.TimeLimit = 2 * time.Second }, false)
	a := w.startAttempt(t, time.Now().UTC())
	c := testenv.TemporalClient(t)
	queue := "attempt-restart-" + time.Now().Format("150405.000")
	newWorker := func() worker.Worker {
		wk := worker.New(c, queue, worker.Options{})
		workers.Register(wk, workers.Deps{Quiz: &activities.Quiz{Store: w.db}})
		if err := wk.Start(); err != nil {
			t.Fatal(err)
		}
		return wk
	}
	first := newWorker()
	ac := &workflows.AttemptClient{Temporal: c, TaskQueue: queue}
	relay := &workflows.AttemptRelay{Store: w.db, Attempts: ac, Log: testenv.Logger(t)}
	if n, err := relay.RelayBatch(ctx); n != 1 || err != nil {
		t.Fatalf("RelayBatch = %d, %v", n, err)
	}
	if out, err := w.save(a, 0, 1, quiz.Response{Choice: w.qs[0].Body.Options[0].ID}, time.Now()); err != nil || out != quiz.SaveStored {
		t.Fatalf("save = %v, %v", out, err)
	}
	first.Stop()
	testenv.Eventually(t, 10*time.Second, "the deadline passed", func() bool { return time.Now().After(a.SaveCutoff.Add(time.Second)) })
	second := newWorker()
	defer second.Stop()
	var r workflows.AttemptResult
	if err := c.GetWorkflow(ctx, workflows.AttemptWorkflowID(a.ID), "").Get(ctx, &r); err != nil {
		t.Fatal(err)
	}
	if r.Status != quiz.Graded || r.Score != 2 {
		t.Errorf("result = %+v, want graded with the saved answer's 2 points", r)
	}
	if got := w.stored(t, a); !got.SubmittedAt.Equal(got.SaveCutoff) || got.Status != quiz.Graded {
		t.Errorf("stored = %+v, want submitted as of the cutoff", got)
	}
	h := checkHistory(t, c, a.ID, "attempt-deadline.json")
	submits := 0
	for _, ev := range h.Events {
		if s := ev.GetActivityTaskScheduledEventAttributes(); s != nil && s.GetActivityType().GetName() == "SubmitAttempt" {
			submits++
		}
	}
	if submits != 1 {
		t.Errorf("SubmitAttempt scheduled %d times, want once", submits)
	}
}

// TestAttemptReplay replays attempts recorded from real runs (TestAttemptOnDevServer and
// TestAttemptDeadlineAfterWorkerRestart with MEKTEP_RECORD_HISTORY=1) against the current
// workflow code.
func TestAttemptReplay(t *testing.T) {
	for _, name := range []string{"attempt.json", "attempt-deadline.json"} {
		t.Run(name, func(t *testing.T) {
			r := worker.NewWorkflowReplayer()
			r.RegisterWorkflow(workflows.Attempt)
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/"+name); err != nil {
				t.Fatalf("replay: %v", err)
			}
		})
	}
}
