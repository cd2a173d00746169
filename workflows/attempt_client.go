package workflows

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// AttemptClient starts attempt workflows and sends submissions and regrades to them,
// turning the workflow's refusals back into domain errors.
type AttemptClient struct {
	Temporal  client.Client
	TaskQueue string
	OnStart   func(workflowType string)
}

// Start starts the workflow of a stored attempt (quiz.Attempt.Start gives s); one already
// started is fine (the workflow ID is the attempt's).
func (c *AttemptClient) Start(ctx context.Context, s quiz.AttemptStart) error {
	if err := startOnce(ctx, c.Temporal, AttemptWorkflowID(s.AttemptID), c.TaskQueue, "Attempt", Attempt, AttemptInput(s), c.OnStart); err != nil {
		return sitecore.Unavailable("attempt start", "temporal", err)
	}
	return nil
}

// Submit submits the student's attempt and returns its state once submitted. An attempt
// that is over is EConflict "quiz.attempt_closed"; another student's is ENotFound.
func (c *AttemptClient) Submit(ctx context.Context, attemptID, studentID int64) (AttemptResult, error) {
	return c.update(ctx, attemptID, UpdateAttemptSubmit, SubmitRequest{StudentID: studentID})
}

// Regrade grades the attempt again (after a teacher's grade or a corrected key) and
// returns its state. After the workflow has ended it is EConflict "quiz.attempt_closed":
// call quiz.GradeStored directly then.
func (c *AttemptClient) Regrade(ctx context.Context, attemptID int64) (AttemptResult, error) {
	return c.update(ctx, attemptID, UpdateAttemptRegrade)
}

// attemptGone are the errors of an update to an attempt whose workflow is not running: one
// not started yet cannot be submitted through it, and one that has ended is over.
var attemptGone = notRunning{Starting: attemptClosed, Ended: attemptClosed}

func (c *AttemptClient) update(ctx context.Context, attemptID int64, name string, args ...any) (AttemptResult, error) {
	return sendUpdate[AttemptResult](ctx, c.Temporal, AttemptWorkflowID(attemptID), name, attemptGone, args...)
}

// AttemptIntake is what the relay needs from the quiz store.
type AttemptIntake interface {
	PendingAttemptIntake(ctx context.Context, limit int) ([]quiz.AttemptStart, error)
	MarkAttemptIntakeStarted(ctx context.Context, attemptIDs []int64) error
}

// AttemptRelay starts the workflows of new attempts from the intake outbox. Starting an
// attempt writes it and its intake row in one statement; the relay (in every worker
// process) starts the workflows, idempotently since the workflow ID is the attempt's, so a
// crash or a Temporal outage never leaves an attempt without its deadline. When a round
// opens, the attempts of all its students can be written at once and started from here,
// away from the students' requests.
type AttemptRelay struct {
	Store    AttemptIntake
	Attempts *AttemptClient
	Log      *slog.Logger
	Poll     time.Duration // 250 ms if zero
}

// Run relays until ctx is done.
func (r *AttemptRelay) Run(ctx context.Context) { r.relay().run(ctx) }

// RelayBatch starts the workflows of up to 500 pending attempts, 32 at a time, and
// returns how many it started.
func (r *AttemptRelay) RelayBatch(ctx context.Context) (int, error) { return r.relay().batch(ctx) }

// relay is the shared outbox relay with the attempts' store: a round's start writes many
// attempts at once, so batches are larger and more starts run in parallel.
func (r *AttemptRelay) relay() *relay[quiz.AttemptStart] {
	return &relay[quiz.AttemptStart]{name: "attempt intake relay", log: r.Log, poll: cmp.Or(r.Poll, 250*time.Millisecond),
		parallel: 32, limit: 500, pending: r.Store.PendingAttemptIntake, markStarted: r.Store.MarkAttemptIntakeStarted,
		id: func(s quiz.AttemptStart) int64 { return s.AttemptID }, start: r.Attempts.Start}
}
