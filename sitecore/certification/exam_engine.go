package certification

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// ExamStart is an exam attempt the test engine opened, as the certification process is
// asked to accept it: the attempt, the site whose test it is (0 for a result a trainer
// records, which the process does not watch) and the test (0: not checked).
type ExamStart struct {
	AttemptID int64 `json:"attempt_id"`
	SiteID    int64 `json:"site_id,omitempty"`
	TestID    int64 `json:"test_id,omitempty"`
}

// ExamEngine is the test engine as the certification exam uses it: tests of the platform's
// training site, taken by site admins as students.
type ExamEngine interface {
	// Open makes a started attempt of the user at the test (its workflow is started by the
	// attempt relay). An attempt of theirs at the test that is still open is returned
	// instead, with fresh false.
	Open(ctx context.Context, siteID, testID, userID int64) (a *quiz.Attempt, fresh bool, err error)
	// Discard closes, without a score, an attempt the certification process refused.
	Discard(ctx context.Context, siteID, attemptID int64) error
	// Sheet returns the user's attempt with its questions as the user sees them (no keys)
	// and the answers saved so far; another user's attempt is ENotFound.
	Sheet(ctx context.Context, siteID, userID, attemptID int64) (*ExamSheet, error)
	// Save stores an autosave of the user's open attempt.
	Save(ctx context.Context, siteID, userID int64, s quiz.Save) (quiz.SaveOutcome, error)
	// Submit finishes the user's attempt; grading follows in the attempt's workflow, and
	// the certification process learns the result from it.
	Submit(ctx context.Context, siteID, userID, attemptID int64) error
}

// ExamSheet is an exam attempt as the person taking it sees it.
type ExamSheet struct {
	Attempt   *quiz.Attempt           `json:"attempt"`
	Title     quiz.Text               `json:"title"`
	Questions []quiz.View             `json:"questions"`
	Saved     map[int64]quiz.Response `json:"saved"`
}

// QuizEngine is the ExamEngine over the quiz store and the attempt workflows.
type QuizEngine struct {
	Store quiz.Store
	// SubmitAttempt submits an attempt through its workflow (workflows.AttemptClient).
	SubmitAttempt func(ctx context.Context, attemptID, studentID int64) error
	// StartAttempt starts an attempt's workflow at once (workflows.AttemptClient), so the
	// person can submit in the next second; the attempt relay starts it otherwise.
	StartAttempt func(ctx context.Context, s quiz.AttemptStart) error
	Now          func() time.Time
}

func (q *QuizEngine) now() time.Time {
	if q.Now != nil {
		return q.Now()
	}
	return time.Now()
}

// Open implements ExamEngine. The test's own attempt limit (0 for certification tests)
// and window still apply; the certification policy is checked by the process.
func (q *QuizEngine) Open(ctx context.Context, siteID, testID, userID int64) (*quiz.Attempt, bool, error) {
	if a, err := q.Store.OpenAttempt(ctx, siteID, testID, userID); err == nil {
		return a, false, nil
	} else if sitecore.ErrorCode(err) != sitecore.ENotFound {
		return nil, false, err
	}
	t, err := q.Store.FindTest(ctx, siteID, testID)
	if err != nil {
		return nil, false, err
	}
	used, err := q.Store.CountAttempts(ctx, siteID, testID, userID)
	if err != nil {
		return nil, false, err
	}
	bank, err := q.Store.QuestionsForTest(ctx, t)
	if err != nil {
		return nil, false, err
	}
	a, err := quiz.NewAttempt(t, bank, userID, q.now(), quiz.NewSeed(), used)
	if err != nil {
		return nil, false, err
	}
	if err := q.Store.StartAttempt(ctx, a, t.AttemptsAllowed); err != nil {
		return nil, false, err
	}
	if q.StartAttempt != nil {
		// A failure leaves the start to the relay.
		_ = q.StartAttempt(ctx, a.Start(t.Grace))
	}
	return a, true, nil
}

// Discard implements ExamEngine.
func (q *QuizEngine) Discard(ctx context.Context, siteID, attemptID int64) error {
	_, err := q.Store.Submit(ctx, siteID, attemptID, q.now(), true)
	return err
}

// Sheet implements ExamEngine.
func (q *QuizEngine) Sheet(ctx context.Context, siteID, userID, attemptID int64) (*ExamSheet, error) {
	a, err := q.Store.StudentAttempt(ctx, siteID, userID, attemptID)
	if err != nil {
		return nil, err
	}
	t, err := q.Store.FindTest(ctx, siteID, a.TestID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(a.Slots))
	for i, sl := range a.Slots {
		ids[i] = sl.QuestionID
	}
	qs, err := q.Store.QuestionsByID(ctx, siteID, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*quiz.Question, len(qs))
	for i := range qs {
		byID[qs[i].ID] = &qs[i]
	}
	sh := &ExamSheet{Attempt: a, Title: t.Title, Questions: []quiz.View{}, Saved: map[int64]quiz.Response{}}
	for _, sl := range a.Slots {
		if qu := byID[sl.QuestionID]; qu != nil {
			sh.Questions = append(sh.Questions, quiz.StudentView(qu, sl, a.Seed, t.ShuffleOptions))
		}
	}
	saved, err := q.Store.Answers(ctx, siteID, attemptID)
	if err != nil {
		return nil, err
	}
	for _, s := range saved {
		sh.Saved[s.QuestionID] = s.Response
	}
	return sh, nil
}

// Save implements ExamEngine.
func (q *QuizEngine) Save(ctx context.Context, siteID, userID int64, s quiz.Save) (quiz.SaveOutcome, error) {
	if _, err := q.Store.StudentAttempt(ctx, siteID, userID, s.AttemptID); err != nil {
		return "", err
	}
	return q.Store.SaveAnswer(ctx, siteID, s, q.now())
}

// Submit implements ExamEngine.
func (q *QuizEngine) Submit(ctx context.Context, siteID, userID, attemptID int64) error {
	if _, err := q.Store.StudentAttempt(ctx, siteID, userID, attemptID); err != nil {
		return err
	}
	return q.SubmitAttempt(ctx, attemptID, userID)
}
