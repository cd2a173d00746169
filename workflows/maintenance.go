package workflows

import (
	"context"
	"strconv"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
)

// Update names of the maintenance workflow.
const (
	UpdateMaintenancePostpone = "postpone"
	UpdateMaintenanceCancel   = "cancel"
)

// MaintenanceShards is how many email activities of one announcement run at once: the
// admins are split by user ID, so thousands of sites' admins are emailed within minutes.
const MaintenanceShards = 8

// MaintenanceWorkflowID is the workflow ID of the notice's maintenance.
func MaintenanceWorkflowID(noticeID int64) string {
	return "maintenance/" + strconv.FormatInt(noticeID, 10)
}

// MaintenanceInput starts a notice's workflow with the notice as stored.
type MaintenanceInput struct {
	NoticeID         int64
	StartsAt, EndsAt time.Time
	Version          int
}

// MaintenanceState is where a notice's workflow stands; updates return it.
type MaintenanceState struct {
	Status           sitecore.MaintenanceStatus `json:"status"`
	StartsAt, EndsAt time.Time
	Version          int `json:"version"`
}

// MaintenancePostpone asks for a later start (and the end that goes with it).
type MaintenancePostpone = sitecore.MaintenanceMove

// MaintenanceCancel asks to call the maintenance off.
type MaintenanceCancel struct {
	Audit *sitecore.AuditEntry `json:",omitempty"`
}

type maintenance struct {
	id        int64
	st        MaintenanceState
	changed   bool // postponed since the last announcement
	cancelled bool
	wasPlan   bool // cancelled before it started: the admins are told
}

// Maintenance announces a maintenance notice and keeps its status on time: it emails the
// admins of the affected sites at once and an hour before the start, flips the notice to
// "in progress" at the start and to "done" at the end. A postponement (an update whose
// validator refuses a start less than a day ahead unless it is an emergency) re-announces
// the new time; a cancellation tells the admins and ends the workflow. The banner on the
// affected sites follows the stored status.
func Maintenance(ctx workflow.Context, in MaintenanceInput) error {
	w := &maintenance{id: in.NoticeID, st: MaintenanceState{Status: sitecore.MaintenanceScheduled,
		StartsAt: in.StartsAt, EndsAt: in.EndsAt, Version: in.Version}}
	if err := w.register(ctx); err != nil {
		return err
	}
	if err := w.announce(ctx, sitecore.MaintenanceMailNotice); err != nil {
		return err
	}
	reminded := false
	for {
		if w.cancelled {
			if w.wasPlan {
				if err := w.announce(ctx, sitecore.MaintenanceMailCancelled); err != nil {
					return err
				}
			}
			break
		}
		if w.changed {
			w.changed, reminded = false, false
			if err := w.announce(ctx, sitecore.MaintenanceMailPostponed); err != nil {
				return err
			}
			continue
		}
		now := workflow.Now(ctx)
		if w.st.Status == sitecore.MaintenanceScheduled {
			remindAt := w.st.StartsAt.Add(-sitecore.MaintenanceReminder)
			if !reminded && now.Before(remindAt) {
				if w.wait(ctx, remindAt.Sub(now)) {
					continue
				}
				if err := w.announce(ctx, sitecore.MaintenanceMailReminder); err != nil {
					return err
				}
				reminded = true
				continue
			}
			reminded = true // announced less than an hour ahead: the notice was the reminder
			if now.Before(w.st.StartsAt) {
				if w.wait(ctx, w.st.StartsAt.Sub(now)) {
					continue
				}
			}
			if err := w.setStatus(ctx, sitecore.MaintenanceInProgress, nil); err != nil {
				return err
			}
			continue
		}
		if now.Before(w.st.EndsAt) {
			if w.wait(ctx, w.st.EndsAt.Sub(now)) {
				continue
			}
		}
		if err := w.setStatus(ctx, sitecore.MaintenanceDone, nil); err != nil {
			return err
		}
		break
	}
	return workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
}

// wait sleeps for d unless a postponement or a cancellation comes first; it reports
// whether one did.
func (w *maintenance) wait(ctx workflow.Context, d time.Duration) bool {
	ok, _ := workflow.AwaitWithTimeout(ctx, d, func() bool { return w.changed || w.cancelled })
	return ok
}

func (w *maintenance) activityCtx(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Hour,
		HeartbeatTimeout:    10 * time.Second, // a dead worker's batch moves on within seconds
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2,
			MaximumInterval: time.Minute},
	})
}

// announce emails the admins about the notice's current version, shards in parallel.
func (w *maintenance) announce(ctx workflow.Context, kind string) error {
	ctx = w.activityCtx(ctx)
	var a *activities.Maintenance
	futures := make([]workflow.Future, MaintenanceShards)
	for i := range futures {
		futures[i] = workflow.ExecuteActivity(ctx, a.SendMaintenanceEmails, activities.MaintenanceBatch{
			NoticeID: w.id, Kind: kind, Version: w.st.Version, Shard: i, Shards: MaintenanceShards})
	}
	for _, f := range futures {
		if err := f.Get(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

func (w *maintenance) setStatus(ctx workflow.Context, s sitecore.MaintenanceStatus, audit *sitecore.AuditEntry) error {
	var a *activities.Maintenance
	err := workflow.ExecuteActivity(w.activityCtx(ctx), a.SetMaintenanceStatus,
		activities.MaintenanceStatusChange{NoticeID: w.id, Status: s, Audit: audit}).Get(ctx, nil)
	if err == nil {
		w.st.Status = s
	}
	return err
}

// register installs the postpone and cancel updates with their validators.
func (w *maintenance) register(ctx workflow.Context) error {
	err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateMaintenancePostpone,
		func(ctx workflow.Context, p MaintenancePostpone) (MaintenanceState, error) {
			var a *activities.Maintenance
			next := w.st.Version + 1
			if err := workflow.ExecuteActivity(w.activityCtx(ctx), a.RecordMaintenancePostponement,
				activities.MaintenancePostponement{NoticeID: w.id, StartsAt: p.StartsAt, EndsAt: p.EndsAt,
					Version: next, Audit: p.Audit}).Get(ctx, nil); err != nil {
				return w.st, err
			}
			w.st.StartsAt, w.st.EndsAt, w.st.Version, w.changed = p.StartsAt, p.EndsAt, next, true
			return w.st, nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, p MaintenancePostpone) error {
			if w.cancelled || w.st.Status != sitecore.MaintenanceScheduled {
				return activities.Refusal(sitecore.Conflictf("status", "maintenance.not_scheduled", "status", string(w.currentStatus())))
			}
			start := p.StartsAt
			if err := sitecore.CheckMaintenanceStart(&start, workflow.Now(ctx), p.Emergency, p.Reason); err != nil {
				return activities.Refusal(sitecore.AsError(err))
			}
			if !p.StartsAt.After(w.st.StartsAt) {
				return activities.Refusal(sitecore.Invalid("starts_at", "maintenance.not_later"))
			}
			if !p.EndsAt.After(p.StartsAt) {
				return activities.Refusal(sitecore.Invalid("duration_minutes", "maintenance.duration", "max", "10080"))
			}
			return nil
		}})
	if err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, UpdateMaintenanceCancel,
		func(ctx workflow.Context, c MaintenanceCancel) (MaintenanceState, error) {
			planned := w.st.Status == sitecore.MaintenanceScheduled
			if err := w.setStatus(ctx, sitecore.MaintenanceCancelled, c.Audit); err != nil {
				return w.st, err
			}
			w.cancelled, w.wasPlan = true, planned
			return w.st, nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, _ MaintenanceCancel) error {
			if w.cancelled || !(w.st.Status == sitecore.MaintenanceScheduled || w.st.Status == sitecore.MaintenanceInProgress) {
				return activities.Refusal(sitecore.Conflictf("status", "maintenance.not_scheduled", "status", string(w.currentStatus())))
			}
			return nil
		}})
}

func (w *maintenance) currentStatus() sitecore.MaintenanceStatus {
	if w.cancelled {
		return sitecore.MaintenanceCancelled
	}
	return w.st.Status
}

// MaintenanceClient starts maintenance workflows and sends postponements and
// cancellations to them as updates.
type MaintenanceClient struct {
	Temporal  client.Client
	TaskQueue string
	OnStart   func(workflowType string)
}

// Start starts the notice's workflow; one already started is fine.
func (c *MaintenanceClient) Start(ctx context.Context, m *sitecore.Maintenance) error {
	err := startOnce(ctx, c.Temporal, MaintenanceWorkflowID(m.ID), c.TaskQueue, "Maintenance", Maintenance,
		MaintenanceInput{NoticeID: m.ID, StartsAt: m.StartsAt, EndsAt: m.EndsAt, Version: m.Version}, c.OnStart)
	if err != nil {
		return sitecore.Unavailable("maintenance start", "temporal", err)
	}
	return nil
}

var maintenanceGone = notRunning{
	Starting: sitecore.Conflictf("status", "maintenance.not_scheduled", "status", string(sitecore.MaintenanceScheduled)),
	Ended:    sitecore.Conflictf("status", "maintenance.not_scheduled", "status", string(sitecore.MaintenanceDone)),
}

// Postpone sends a postponement and waits until the workflow stored it.
func (c *MaintenanceClient) Postpone(ctx context.Context, id int64, p sitecore.MaintenanceMove) error {
	_, err := sendUpdate[MaintenanceState](ctx, c.Temporal, MaintenanceWorkflowID(id), UpdateMaintenancePostpone, maintenanceGone, p)
	return err
}

// Cancel calls the maintenance off and waits until the workflow stored it.
func (c *MaintenanceClient) Cancel(ctx context.Context, id int64, audit *sitecore.AuditEntry) error {
	_, err := sendUpdate[MaintenanceState](ctx, c.Temporal, MaintenanceWorkflowID(id), UpdateMaintenanceCancel,
		maintenanceGone, MaintenanceCancel{Audit: audit})
	return err
}
