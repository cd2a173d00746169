package workflows_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/workflows"
)

// maintenanceEnv runs the maintenance workflow on the time-skipping test server with its
// activities replaced by recorders of what happened when (offsets from the start).
type maintenanceEnv struct {
	*testsuite.TestWorkflowEnvironment
	start  time.Time
	events []string
	shards map[string]int // announcement → shard activities run
}

func newMaintenanceEnv(t *testing.T) *maintenanceEnv {
	var s testsuite.WorkflowTestSuite
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	e := &maintenanceEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment(), start: start, shards: map[string]int{}}
	e.SetStartTime(start)
	a := &activities.Maintenance{}
	e.RegisterActivity(a)
	e.RegisterWorkflow(workflows.Maintenance)
	at := func() time.Duration { return e.Now().Sub(e.start).Round(time.Minute) }
	e.OnActivity(a.SendMaintenanceEmails, mock.Anything, mock.Anything).Return(func(_ context.Context, b activities.MaintenanceBatch) (int, error) {
		k := fmt.Sprintf("%s/v%d@%s", b.Kind, b.Version, at())
		if e.shards[k]++; e.shards[k] == 1 {
			e.events = append(e.events, k)
		}
		return 1, nil
	})
	e.OnActivity(a.SetMaintenanceStatus, mock.Anything, mock.Anything).Return(func(_ context.Context, c activities.MaintenanceStatusChange) error {
		e.events = append(e.events, fmt.Sprintf("%s@%s", c.Status, at()))
		return nil
	})
	e.OnActivity(a.RecordMaintenancePostponement, mock.Anything, mock.Anything).Return(func(_ context.Context, p activities.MaintenancePostponement) error {
		e.events = append(e.events, fmt.Sprintf("stored v%d %s@%s", p.Version, p.StartsAt.Sub(e.start), at()))
		return nil
	})
	return e
}

func (e *maintenanceEnv) run(t *testing.T, startIn, length time.Duration) {
	t.Helper()
	e.ExecuteWorkflow(workflows.Maintenance, workflows.MaintenanceInput{NoticeID: 7,
		StartsAt: e.start.Add(startIn), EndsAt: e.start.Add(startIn + length), Version: 1})
	if !e.IsWorkflowCompleted() || e.GetWorkflowError() != nil {
		t.Fatalf("workflow: completed %v, error %v", e.IsWorkflowCompleted(), e.GetWorkflowError())
	}
	for k, n := range e.shards {
		if n != workflows.MaintenanceShards {
			t.Errorf("announcement %s ran %d shards, want %d", k, n, workflows.MaintenanceShards)
		}
	}
}

// update sends an update after d and checks whether it is refused with field.
func (e *maintenanceEnv) update(t *testing.T, d time.Duration, name string, arg any, wantField string) {
	t.Helper()
	e.RegisterDelayedCallback(func() {
		check := func(err error) {
			de := activities.DomainError(err)
			switch {
			case wantField == "" && err != nil:
				t.Errorf("update %s at %s: %v", name, d, err)
			case wantField != "" && (de == nil || de.Field != wantField):
				t.Errorf("update %s at %s: error %v, want a refusal on %s", name, d, err, wantField)
			}
		}
		e.UpdateWorkflow(name, fmt.Sprint(name, d), &testsuite.TestUpdateCallback{
			OnAccept: func() {}, OnReject: check,
			OnComplete: func(_ any, err error) {
				if err != nil || wantField == "" {
					check(err)
				} else {
					t.Errorf("update %s at %s accepted, want a refusal on %s", name, d, wantField)
				}
			},
		}, arg)
	}, d)
}

func TestMaintenanceTimeline(t *testing.T) {
	e := newMaintenanceEnv(t)
	e.run(t, 48*time.Hour, 2*time.Hour)
	want := []string{"notice/v1@0s", "reminder/v1@47h0m0s", "in_progress@48h0m0s", "done@50h0m0s"}
	if !slices.Equal(e.events, want) {
		t.Errorf("events %v\nwant   %v", e.events, want)
	}
}

func TestMaintenanceEmergencyHasNoReminder(t *testing.T) {
	e := newMaintenanceEnv(t)
	e.run(t, 30*time.Minute, time.Hour)
	want := []string{"notice/v1@0s", "in_progress@30m0s", "done@1h30m0s"}
	if !slices.Equal(e.events, want) {
		t.Errorf("events %v\nwant   %v", e.events, want)
	}
}

// A postponement is stored and re-announced at once, moves the reminder and the start, and
// one that comes less than a day ahead (without emergency) or not later is refused.
func TestMaintenancePostpone(t *testing.T) {
	e := newMaintenanceEnv(t)
	e.update(t, 5*time.Hour, workflows.UpdateMaintenancePostpone, workflows.MaintenancePostpone{
		StartsAt: e.start.Add(20 * time.Hour), EndsAt: e.start.Add(22 * time.Hour)}, "starts_at") // 15 h ahead
	e.update(t, 6*time.Hour, workflows.UpdateMaintenancePostpone, workflows.MaintenancePostpone{
		StartsAt: e.start.Add(72 * time.Hour), EndsAt: e.start.Add(75 * time.Hour)}, "")
	e.update(t, 7*time.Hour, workflows.UpdateMaintenancePostpone, workflows.MaintenancePostpone{
		StartsAt: e.start.Add(60 * time.Hour), EndsAt: e.start.Add(61 * time.Hour)}, "starts_at") // earlier
	e.update(t, 8*time.Hour, workflows.UpdateMaintenancePostpone, workflows.MaintenancePostpone{
		StartsAt: e.start.Add(80 * time.Hour), EndsAt: e.start.Add(81 * time.Hour), Emergency: true}, "reason")
	e.run(t, 48*time.Hour, 2*time.Hour)
	want := []string{"notice/v1@0s", "stored v2 72h0m0s@6h0m0s", "postponed/v2@6h0m0s", "reminder/v2@71h0m0s",
		"in_progress@72h0m0s", "done@75h0m0s"}
	if !slices.Equal(e.events, want) {
		t.Errorf("events %v\nwant   %v", e.events, want)
	}
}

// A cancellation before the start tells the admins and ends the workflow; after it nothing
// may be postponed.
func TestMaintenanceCancel(t *testing.T) {
	e := newMaintenanceEnv(t)
	e.update(t, 10*time.Hour, workflows.UpdateMaintenanceCancel, workflows.MaintenanceCancel{}, "")
	e.run(t, 48*time.Hour, 2*time.Hour)
	want := []string{"notice/v1@0s", "cancelled@10h0m0s", "cancelled/v1@10h0m0s"}
	if !slices.Equal(e.events, want) {
		t.Errorf("events %v\nwant   %v", e.events, want)
	}
}

// Cancelling maintenance in progress ends it early without another email.
func TestMaintenanceCancelInProgress(t *testing.T) {
	e := newMaintenanceEnv(t)
	e.update(t, 49*time.Hour, workflows.UpdateMaintenanceCancel, workflows.MaintenanceCancel{}, "")
	e.run(t, 48*time.Hour, 4*time.Hour)
	want := []string{"notice/v1@0s", "reminder/v1@47h0m0s", "in_progress@48h0m0s", "cancelled@49h0m0s"}
	if !slices.Equal(e.events, want) {
		t.Errorf("events %v\nwant   %v", e.events, want)
	}
}

// TestMaintenanceReplay replays a notice's history recorded from a real run (scheduled,
// postponed, cancelled: TestMaintenanceNotices with MEKTEP_RECORD_HISTORY=1) against the
// current workflow code.
func TestMaintenanceReplay(t *testing.T) {
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflow(workflows.Maintenance)
	if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/maintenance.json"); err != nil {
		t.Fatal(err)
	}
}
