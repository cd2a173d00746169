package workflows

import (
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// Update names of the attempt workflow.
const (
	// UpdateAttemptSubmit is the student's "finish": it returns once the attempt is
	// submitted (grading follows in the workflow).
	UpdateAttemptSubmit = "submit"
	// UpdateAttemptRegrade grades a submitted attempt again after a teacher graded an essay
	// or corrected a key; it returns the attempt's state after it.
	UpdateAttemptRegrade = "regrade"
)

// AttemptGradingWindow is how long the workflow waits for the essays of an attempt to be
// graded. After it the workflow ends; grading later goes straight to quiz.GradeStored.
const AttemptGradingWindow = 60 * 24 * time.Hour

// AttemptWorkflowID is the one workflow of an attempt.
func AttemptWorkflowID(attemptID int64) string { return "attempt/" + strconv.FormatInt(attemptID, 10) }

// AttemptInput starts the workflow of a stored, started attempt. Deadline and Grace are
// copied from the attempt and its test when it is made, so the workflow needs no load.
type AttemptInput struct {
	SiteID, AttemptID, StudentID int64
	Deadline                     time.Time
	Grace                        quiz.Grace
}

// SubmitRequest is the argument of UpdateAttemptSubmit: who is submitting (the HTTP layer
// has found the attempt as this student's).
type SubmitRequest struct {
	StudentID int64
}

// AttemptResult is the attempt's state as the workflow knows it.
type AttemptResult struct {
	Status   quiz.Status
	Score    float64
	MaxScore float64
	Pending  int
}

var attemptActivityOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute},
}

// Attempt owns the clock and the state of one attempt: started → submitted → graded (or
// started → closed under GraceNever). Answers never pass through it: the browser autosaves
// them to PostgreSQL, which accepts saves until the save cutoff (deadline, plus the grace
// seconds under GraceLastSave).
//
// The student submits with UpdateAttemptSubmit; otherwise a durable timer submits at the
// cutoff with what was saved, even with the browser gone, or, under GraceNever, closes the
// attempt unscored at the deadline. The attempt is then graded from the saved answers; with
// essays pending it waits (up to AttemptGradingWindow) for UpdateAttemptRegrade after
// teachers grade them, and ends when the score is final.
func Attempt(ctx workflow.Context, in AttemptInput) (AttemptResult, error) {
	ctx = workflow.WithActivityOptions(ctx, attemptActivityOptions)
	w := &attempt{in: in, res: AttemptResult{Status: quiz.Started}}
	if err := w.register(ctx); err != nil {
		return w.res, err
	}
	cutoff := quiz.SaveCutoff(in.Deadline, in.Grace)
	wait := max(cutoff.Sub(workflow.Now(ctx)), time.Millisecond)
	if _, err := workflow.AwaitWithTimeout(ctx, wait, func() bool { return w.submitRequested }); err != nil {
		return w.res, err
	}
	// A submit accepted in the same task as the timer counts as in time. Submitted by the
	// timer, the attempt is submitted as of its cutoff, however late a restarted worker
	// gets to it.
	at, closed := workflow.Now(ctx), false
	if !w.submitRequested {
		at, closed = cutoff, in.Grace.Mode == quiz.GraceNever
		if closed {
			at = in.Deadline
		}
	}
	if err := w.submit(ctx, at, closed); err != nil {
		return w.res, err
	}
	if w.res.Status != quiz.Closed {
		if err := w.grade(ctx); err != nil {
			return w.res, err
		}
		for {
			// A regrade asked for (while grading, or with essays pending) is served first;
			// with a final score the workflow ends once no handler is running, with essays
			// pending it waits for the next regrade up to the grading window.
			wake := func() bool {
				return w.graded < w.regrades || (w.res.Pending == 0 && workflow.AllHandlersFinished(ctx))
			}
			ok, err := true, error(nil)
			if w.res.Pending == 0 {
				err = workflow.Await(ctx, wake)
			} else {
				ok, err = workflow.AwaitWithTimeout(ctx, AttemptGradingWindow, wake)
			}
			if err != nil {
				return w.res, err
			}
			if w.graded < w.regrades {
				if err := w.grade(ctx); err != nil {
					return w.res, err
				}
				continue
			}
			if !ok || w.res.Pending == 0 {
				break
			}
		}
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return w.res, err
	}
	return w.res, nil
}

// attempt is the running workflow's state.
type attempt struct {
	in              AttemptInput
	res             AttemptResult
	submitRequested bool
	regrades        int // regrade requests received
	graded          int // the regrade requests the last grading covered
}

// attemptClosed is the refusal of a submission or a regrade the attempt's state does not
// allow: it is over (submitted, closed, or past its cut-off).
var attemptClosed = sitecore.Conflictf("attempt", "quiz.attempt_closed")

// register installs the update handlers. Their validators refuse what the state does not
// allow before anything is written to the history, as domain errors (activities.Refusal).
func (w *attempt) register(ctx workflow.Context) error {
	err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateAttemptSubmit,
		func(ctx workflow.Context, r SubmitRequest) (AttemptResult, error) {
			w.submitRequested = true
			err := workflow.Await(ctx, func() bool { return w.res.Status != quiz.Started })
			return w.res, err
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, r SubmitRequest) error {
			switch {
			case r.StudentID != w.in.StudentID:
				return activities.Refusal(sitecore.NotFound("attempt"))
			case w.res.Status != quiz.Started || w.submitRequested,
				workflow.Now(ctx).After(quiz.SaveCutoff(w.in.Deadline, w.in.Grace)):
				return activities.Refusal(attemptClosed)
			}
			return nil
		}})
	if err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, UpdateAttemptRegrade,
		func(ctx workflow.Context) (AttemptResult, error) {
			w.regrades++
			n := w.regrades
			err := workflow.Await(ctx, func() bool { return w.graded >= n })
			return w.res, err
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context) error {
			if w.res.Status != quiz.Submitted && w.res.Status != quiz.Graded {
				return activities.Refusal(attemptClosed)
			}
			return nil
		}})
}

// submit records the submission (or the closing) at the workflow's time and takes the
// status the record has after it (an attempt closed by other means stays closed).
func (w *attempt) submit(ctx workflow.Context, at time.Time, closed bool) error {
	var a *activities.Quiz
	in := activities.SubmitAttemptInput{SiteID: w.in.SiteID, AttemptID: w.in.AttemptID, At: at, Closed: closed}
	var status quiz.Status
	if err := workflow.ExecuteActivity(ctx, a.SubmitAttempt, in).Get(ctx, &status); err != nil {
		return err
	}
	w.res.Status = status
	return nil
}

// grade grades the attempt from what is stored and wakes the regrade handlers waiting.
func (w *attempt) grade(ctx workflow.Context) error {
	var a *activities.Quiz
	n := w.regrades
	var g activities.AttemptGrade
	in := activities.GradeAttemptInput{SiteID: w.in.SiteID, AttemptID: w.in.AttemptID, At: workflow.Now(ctx)}
	if err := workflow.ExecuteActivity(ctx, a.GradeAttempt, in).Get(ctx, &g); err != nil {
		return err
	}
	w.res = AttemptResult{Status: g.Status, Score: g.Score, MaxScore: g.MaxScore, Pending: g.Pending}
	w.graded = n
	return nil
}
