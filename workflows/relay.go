package workflows

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
)

// relay starts the workflows of an intake outbox: rows written in the same transaction as
// the record they start a workflow for (an application, a ticket). Starting is idempotent,
// since the workflow ID is the record's, so a crash anywhere loses nothing and starts
// nothing twice. The admission, ticket and attempt relays are this one with their own
// store; T is what the outbox hands over for a start (a record ID, or an attempt's start).
type relay[T any] struct {
	name        string
	log         *slog.Logger
	poll        time.Duration // how long to wait when the outbox is empty
	parallel    int           // starts in flight at once (48 if zero)
	limit       int           // rows per batch (200 if zero)
	pending     func(ctx context.Context, limit int) ([]T, error)
	id          func(T) int64 // the record's ID (nil: T is the ID)
	markStarted func(ctx context.Context, ids []int64) error
	start       func(ctx context.Context, row T) error
}

// run relays until ctx is done; while there is a backlog it does not wait at all.
func (r *relay[T]) run(ctx context.Context) {
	tick := time.NewTicker(r.poll)
	defer tick.Stop()
	for ctx.Err() == nil {
		n, err := r.batch(ctx)
		if err != nil && ctx.Err() == nil {
			r.log.Warn(r.name, "error", err)
		}
		if n > 0 && err == nil {
			continue // more may be waiting
		}
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
}

// batch starts up to limit pending workflows in parallel and marks those started.
func (r *relay[T]) batch(ctx context.Context) (int, error) {
	rows, err := r.pending(ctx, cmp.Or(r.limit, 200))
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	var (
		mu       sync.Mutex
		started  []int64
		firstErr error
		wg       sync.WaitGroup
		sem      = make(chan struct{}, cmp.Or(r.parallel, 48))
	)
	for _, row := range rows {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			err := r.start(ctx, row)
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				started = append(started, r.idOf(row))
			} else if firstErr == nil {
				firstErr = err
			}
		})
	}
	wg.Wait()
	if len(started) > 0 {
		if err := r.markStarted(context.WithoutCancel(ctx), started); err != nil {
			return len(started), err
		}
	}
	return len(started), firstErr
}

func (r *relay[T]) idOf(row T) int64 {
	if r.id != nil {
		return r.id(row)
	}
	return any(row).(int64)
}

// startOnce starts a workflow under its record's ID; one already started (or run before) is
// fine. onStart, if set, hears of each workflow (by name) this call started.
func startOnce(ctx context.Context, c client.Client, id, queue, name string, workflow, input any, onStart func(string)) error {
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: id, TaskQueue: cmp.Or(queue, DefaultTaskQueue),
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, workflow, input)
	var already *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &already):
		return nil
	case err != nil:
		return err
	}
	if onStart != nil {
		onStart(name)
	}
	return nil
}
