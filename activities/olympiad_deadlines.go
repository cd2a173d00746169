package activities

import (
	"context"
	"slices"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore/quiz"
)

// closeBatch is how many attempts one statement closes; gradePage how many ungraded
// attempts are read at once, graded by gradeWorkers transactions side by side.
const (
	closeBatch   = 2000
	gradePage    = 2000
	gradeWorkers = 4
)

// CloseDueInput closes a round's attempts whose save cutoff is at or before At (the
// deadline the workflow's timer waited for).
type CloseDueInput struct {
	SiteID, RoundID int64
	At              time.Time
}

// DueClosed is what closing the due attempts did, and the next deadline to wait for (the
// zero time when no attempt of the round is open).
type DueClosed struct {
	Closed, Graded int
	Next           time.Time
}

// CloseDueAttempts is the deadline of every attempt of a round that is due at At, for the
// attempts the round's start made without workflows (RoundStep.HoldDeadlines): it closes
// them in batches of closeBatch, one statement each (submitted as of the cutoff, or closed
// under GraceNever; after the autosaves in flight), then grades every submitted attempt of
// the round not graded yet (those just closed, and any a retry or a crash left) from what
// is stored, many per transaction (gradeMany), and returns the next deadline. Every step is idempotent, so a retry after a
// crash finishes what the first try began.
func (o *Olympiad) CloseDueAttempts(ctx context.Context, in CloseDueInput) (DueClosed, error) {
	var out DueClosed
	for {
		n, err := o.Store.CloseDueRoundAttempts(ctx, in.SiteID, in.RoundID, in.At, closeBatch)
		if err != nil {
			return out, asTemporal(err)
		}
		out.Closed += n
		activity.RecordHeartbeat(ctx, out)
		if n < closeBatch {
			break
		}
	}
	var after int64
	for {
		ids, err := o.Store.UngradedRoundAttempts(ctx, in.SiteID, in.RoundID, after, gradePage)
		if err != nil {
			return out, asTemporal(err)
		}
		if len(ids) == 0 {
			break
		}
		var (
			wg       sync.WaitGroup
			mu       sync.Mutex
			firstErr error
		)
		for chunk := range slices.Chunk(ids, (len(ids)+gradeWorkers-1)/gradeWorkers) {
			wg.Go(func() {
				n, err := o.gradeMany(ctx, in.SiteID, chunk, in.At)
				mu.Lock()
				defer mu.Unlock()
				out.Graded += n
				if err != nil && firstErr == nil {
					firstErr = err
				}
			})
		}
		wg.Wait()
		if firstErr != nil {
			return out, asTemporal(firstErr)
		}
		after = ids[len(ids)-1]
		activity.RecordHeartbeat(ctx, out)
	}
	next, err := o.Store.NextRoundDeadline(ctx, in.SiteID, in.RoundID)
	if err != nil {
		return out, asTemporal(err)
	}
	out.Next = next
	activity.GetLogger(ctx).Info("round deadline", "site", in.SiteID, "round", in.RoundID, "closed", out.Closed,
		"graded", out.Graded, "next", next)
	return out, nil
}

// gradeMany grades the attempts from what is stored (as quiz.GradeStored does for one)
// with three queries and one transaction for all of them, and returns how many it graded.
func (o *Olympiad) gradeMany(ctx context.Context, siteID int64, ids []int64, at time.Time) (int, error) {
	as, answers, err := o.Store.AttemptsWithAnswers(ctx, siteID, ids)
	if err != nil {
		return 0, err
	}
	var qids []int64
	for _, a := range as {
		for _, sl := range a.Slots {
			if !slices.Contains(qids, sl.QuestionID) {
				qids = append(qids, sl.QuestionID)
			}
		}
	}
	qs, err := o.Quiz.QuestionsByID(ctx, siteID, qids)
	if err != nil {
		return 0, err
	}
	byID := make(map[int64]*quiz.Question, len(qs))
	for i := range qs {
		byID[qs[i].ID] = &qs[i]
	}
	gs := make([]quiz.AttemptGrades, 0, len(as))
	for _, a := range as {
		grades, score, pending := quiz.GradeAttempt(a.Slots, byID, answers[a.ID])
		gs = append(gs, quiz.AttemptGrades{AttemptID: a.ID, Grades: grades, Score: score, Pending: pending})
	}
	return o.Store.RecordManyGrades(ctx, siteID, gs, at)
}
