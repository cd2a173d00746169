package activities

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore/quiz"
)

// closeBatch is how many attempts one statement closes; gradeWorkers how many attempts are
// graded at once.
const (
	closeBatch   = 2000
	gradeWorkers = 16
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
// is stored, and returns the next deadline. Every step is idempotent, so a retry after a
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
	var (
		after  int64
		graded atomic.Int64
	)
	for {
		ids, err := o.Store.UngradedRoundAttempts(ctx, in.SiteID, in.RoundID, after, 1000)
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
			next     = make(chan int64)
		)
		for range gradeWorkers {
			wg.Go(func() {
				for id := range next {
					if _, err := quiz.GradeStored(ctx, o.Quiz, in.SiteID, id, in.At); err != nil {
						mu.Lock()
						firstErr = cmpErr(firstErr, err)
						mu.Unlock()
						continue
					}
					graded.Add(1)
				}
			})
		}
		for _, id := range ids {
			next <- id
		}
		close(next)
		wg.Wait()
		if firstErr != nil {
			return out, asTemporal(firstErr)
		}
		after = ids[len(ids)-1]
		out.Graded = int(graded.Load())
		activity.RecordHeartbeat(ctx, out)
	}
	out.Graded = int(graded.Load())
	next, err := o.Store.NextRoundDeadline(ctx, in.SiteID, in.RoundID)
	if err != nil {
		return out, asTemporal(err)
	}
	out.Next = next
	activity.GetLogger(ctx).Info("round deadline", "site", in.SiteID, "round", in.RoundID, "closed", out.Closed,
		"graded", out.Graded, "next", next)
	return out, nil
}

// cmpErr keeps the first error.
func cmpErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}
