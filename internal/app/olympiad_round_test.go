package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/olympiad"
	"github.com/mektep/mektep/sitecore/quiz"
	"github.com/mektep/mektep/workflows"
)

// roundWorld is an olympiad of one round with a test of roundQuestions single-choice
// questions and n registered students, each with a session, made in bulk.
type roundWorld struct {
	s                  *stack
	site               int64
	o                  *olympiad.Olympiad
	round              olympiad.Round
	qs                 []quiz.Question
	students, sessions []string // sessions: cookie headers, by student
	users              []int64
}

const roundQuestions = 5

// newRoundWorld stores the olympiad (round starting at startsAt, each attempt limit long,
// results at the deadline) with n students registered, in bulk statements.
func newRoundWorld(t testing.TB, s *stack, slug string, n int, startsAt time.Time, limit time.Duration) *roundWorld {
	t.Helper()
	ctx := context.Background()
	db := s.App.DB
	w := &roundWorld{s: s, site: provisionTenantNoWorker(t, s, slug)}
	bank := &quiz.Bank{SiteID: w.site, Name: quiz.Text{sitecore.Kazakh: "Олимпиада"}}
	if err := db.CreateBank(ctx, bank); err != nil {
		t.Fatal(err)
	}
	for i := range roundQuestions {
		q := quiz.Question{Kind: quiz.SingleChoice, Text: quiz.Text{sitecore.Kazakh: fmt.Sprintf("%d+%d?", i, i)}, Points: 1,
			Body: quiz.Body{Options: []quiz.Option{{Text: quiz.Text{sitecore.Kazakh: fmt.Sprint(2 * i)}, Correct: true},
				{Text: quiz.Text{sitecore.Kazakh: fmt.Sprint(2*i + 1)}}}}}
		if err := q.Prepare(); err != nil {
			t.Fatal(err)
		}
		w.qs = append(w.qs, q)
	}
	if err := db.CreateQuestions(ctx, w.site, bank.ID, w.qs); err != nil {
		t.Fatal(err)
	}
	test := &quiz.Test{SiteID: w.site, Title: quiz.Text{sitecore.Kazakh: "Кезең"}, TimeLimit: limit, AttemptsAllowed: 1,
		Review: quiz.ReviewNothing, Audience: quiz.Audience{Kind: quiz.AudienceRegistered}, Grace: quiz.Grace{Mode: quiz.GraceSubmit}}
	for _, q := range w.qs {
		test.Items = append(test.Items, quiz.Item{QuestionID: q.ID})
	}
	if err := test.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateTest(ctx, test); err != nil {
		t.Fatal(err)
	}
	deadline := startsAt.Add(limit)
	w.o = &olympiad.Olympiad{SiteID: w.site, Level: olympiad.LevelSchool, Title: quiz.Text{sitecore.Kazakh: "Олимпиада"},
		Subjects: []string{"math"}, Grades: []int{9}, Rounds: []olympiad.Round{{Stage: olympiad.StageSchool,
			Tasks:             []olympiad.Task{{Subject: "math", Grade: 9, TestID: test.ID}},
			RegistrationOpens: startsAt.Add(-2 * time.Hour), RegistrationCloses: startsAt.Add(-time.Hour), StartsAt: startsAt,
			EndsAt: deadline, ResultsAt: deadline, AppealsClose: deadline.Add(time.Hour), FreezeBy: deadline.Add(2 * time.Hour),
			Awards: olympiad.Awards{First: 1}}}}
	if err := w.o.Prepare(); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateOlympiad(ctx, w.o); err != nil {
		t.Fatal(err)
	}
	w.round = w.o.Rounds[0]
	rows, err := db.Pool.Query(ctx, `INSERT INTO users (email, full_name, password_hash, lang)
		SELECT 'p' || g || '.' || $1 || '@round.kz', 'Қатысушы', '$argon2id$x', 'kk' FROM generate_series(1, $2) g RETURNING id`,
		slug, n)
	if err == nil {
		for rows.Next() {
			var id int64
			if err = rows.Scan(&id); err != nil {
				break
			}
			w.users = append(w.users, id)
		}
		rows.Close()
		err = rows.Err()
	}
	if err != nil {
		t.Fatal(err)
	}
	hashes := make([][]byte, n)
	w.sessions = make([]string, n)
	for i := range n {
		tok, hash := accounts.NewToken("")
		w.sessions[i], hashes[i] = "mektep_session="+tok, hash
	}
	if _, err := db.Pool.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, expires_at)
		SELECT h, u, now() + interval '6 hours' FROM unnest($1::bytea[], $2::bigint[]) AS x (h, u)`, hashes, w.users); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `INSERT INTO olympiad_registrations (site_id, round_id, participant_id, school_id, subject, grade, test_id)
		SELECT $1, $2, u, $1, 'math', 9, $3 FROM unnest($4::bigint[]) AS u`, w.site, w.round.ID, test.ID, w.users); err != nil {
		t.Fatal(err)
	}
	return w
}

// start starts the olympiad's workflow on the stack's worker.
func (w *roundWorld) start(t testing.TB) {
	t.Helper()
	oc := &workflows.OlympiadClient{Temporal: w.s.App.Temporal, TaskQueue: w.s.Env["TEMPORAL_TASK_QUEUE"]}
	if err := oc.Start(context.Background(), w.site, w.o.ID); err != nil {
		t.Fatal(err)
	}
}

// count runs a count query with the site and round as $1 and $2.
func (w *roundWorld) count(t testing.TB, q string) int {
	t.Helper()
	var n int
	if err := w.s.App.DB.Pool.QueryRow(context.Background(), q, w.site, w.round.ID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const (
	sqlLinked = `SELECT count(*) FROM olympiad_registrations WHERE site_id = $1 AND round_id = $2 AND attempt_id IS NOT NULL`
	sqlOpen   = `SELECT count(*) FROM olympiad_registrations g JOIN quiz_attempts a ON a.id = g.attempt_id
		WHERE g.site_id = $1 AND g.round_id = $2 AND a.status = 'started'`
	sqlGraded = `SELECT count(*) FROM olympiad_registrations g JOIN quiz_attempts a ON a.id = g.attempt_id
		WHERE g.site_id = $1 AND g.round_id = $2 AND a.status = 'graded'`
	sqlReleased = `SELECT count(*) FROM olympiad_rounds WHERE site_id = $1 AND id = $2 AND status IN ('results', 'appeals_over', 'frozen', 'published')`
)

// attempts returns the students' attempt IDs (by student) once they exist.
func (w *roundWorld) attempts(t testing.TB) []int64 {
	t.Helper()
	ids := make([]int64, len(w.users))
	idx := make(map[int64]int, len(w.users))
	for i, u := range w.users {
		idx[u] = i
	}
	rows, err := w.s.App.DB.Pool.Query(context.Background(), `SELECT participant_id, attempt_id FROM olympiad_registrations
		WHERE site_id = $1 AND round_id = $2`, w.site, w.round.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var u int64
		var a *int64
		if err := rows.Scan(&u, &a); err != nil {
			t.Fatal(err)
		}
		if a != nil {
			ids[idx[u]] = *a
		}
	}
	return ids
}

// savePath is the autosave route of a question of an attempt.
func (w *roundWorld) savePath(attempt, question int64) string {
	return fmt.Sprintf("/api/v1/sites/%d/attempts/%d/answers/%d", w.site, attempt, question)
}

// TestOlympiadRoundHoldsDeadlines runs a round of three students on the real stack: the
// round's start makes the attempts without workflows of their own, students autosave
// through the JSON API with their sessions (idempotent by seq; another student's attempt is
// 404, no session 401, a negative seq 400 naming the field), the round's workflow closes every
// attempt at the deadline (a save after it is 409) and grades the acknowledged answers, and
// the results are released.
func TestOlympiadRoundHoldsDeadlines(t *testing.T) {
	s := startStack(t, stackOptions{})
	startsAt := time.Now().Add(4 * time.Second).Truncate(time.Second)
	w := newRoundWorld(t, s, "round-small", 3, startsAt, 6*time.Second)
	w.start(t)
	waitFor(t, 30*time.Second, "the round's attempts", func() bool { return w.count(t, sqlLinked) == 3 })
	ids := w.attempts(t)
	right := w.qs[0].Body.Options[0].ID
	save := func(student int, attempt int64, seq int64, choice string, headers ...string) response {
		return s.do("PUT", w.savePath(attempt, w.qs[0].ID), map[string]any{"seq": seq, "response": map[string]any{"choice": choice}},
			append([]string{"Cookie", w.sessions[student]}, headers...)...)
	}
	outcome := func(r response) string {
		var v struct{ Outcome string }
		_ = json.Unmarshal(r.Body, &v)
		return v.Outcome
	}
	if r := save(0, ids[0], 1, right); r.Status != 200 || outcome(r) != "stored" {
		t.Fatalf("save = %d %s", r.Status, r.Body)
	}
	if r := save(0, ids[0], 1, right); r.Status != 200 || outcome(r) != "same" {
		t.Errorf("the same save again = %d %s", r.Status, r.Body)
	}
	if r := save(1, ids[0], 2, right); r.Status != http.StatusNotFound {
		t.Errorf("another student's attempt = %d %s", r.Status, r.Body)
	}
	if r := s.do("PUT", w.savePath(ids[0], w.qs[0].ID), map[string]any{"seq": 3, "response": map[string]any{"choice": right}}); r.Status != http.StatusUnauthorized {
		t.Errorf("no session = %d %s", r.Status, r.Body)
	}
	if r := save(0, ids[0], -1, right); r.Status != http.StatusBadRequest {
		t.Errorf("seq -1 = %d %s", r.Status, r.Body)
	} else if _, field, _ := r.Error(t); field != "seq" {
		t.Errorf("seq -1 names %q", field)
	}
	if r := save(1, ids[1], 1, w.qs[0].Body.Options[1].ID); r.Status != 200 {
		t.Fatalf("second student's save = %d %s", r.Status, r.Body)
	}
	var attemptWorkflows int
	for _, id := range ids {
		if _, err := s.App.Temporal.DescribeWorkflowExecution(context.Background(), workflows.AttemptWorkflowID(id), ""); err == nil {
			attemptWorkflows++
		}
	}
	if attemptWorkflows != 0 {
		t.Errorf("%d attempts have workflows of their own", attemptWorkflows)
	}
	waitFor(t, 40*time.Second, "the results", func() bool { return w.count(t, sqlReleased) == 1 })
	if n := w.count(t, sqlOpen); n != 0 {
		t.Errorf("%d attempts open after the deadline", n)
	}
	if r := save(2, ids[2], 1, right); r.Status != http.StatusConflict {
		t.Errorf("save after the deadline = %d %s", r.Status, r.Body)
	}
	for i, want := range []float64{1, 0, 0} {
		a, err := s.App.DB.FindAttempt(context.Background(), w.site, ids[i])
		if err != nil || a.Status != quiz.Graded || a.Score != want || !a.SubmittedAt.Equal(a.Deadline) {
			t.Errorf("attempt %d after the round = %+v, %v", i, a, err)
		}
		res, err := s.App.DB.ParticipantResult(context.Background(), w.site, w.round.ID, w.users[i])
		if err != nil || res.Score != want {
			t.Errorf("result %d = %+v, %v", i, res, err)
		}
	}
	var late float64
	if err := s.App.DB.Pool.QueryRow(context.Background(), `SELECT max(extract(epoch FROM closed_at - save_cutoff)) FROM quiz_attempts
		WHERE id = ANY($1)`, ids).Scan(&late); err != nil || late < 0 {
		t.Errorf("closed %v s after the deadline, %v", late, err)
	}
}

// waitFor polls cond every 100 ms until it holds or the timeout passes.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
