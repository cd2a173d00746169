package workflows

import (
	"cmp"
	"context"
	"errors"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/backup"
)

// BackupScheduleID and RestoreDrillScheduleID are the Temporal schedules of a task queue's
// backups and restore drills (one per deployment; tests each have their own queue).
func BackupScheduleID(taskQueue string) string {
	return "backup/" + cmp.Or(taskQueue, DefaultTaskQueue)
}

// RestoreDrillScheduleID is the schedule of the restore drills.
func RestoreDrillScheduleID(taskQueue string) string {
	return "restore-drill/" + cmp.Or(taskQueue, DefaultTaskQueue)
}

// BackupResult says what a backup stored and what the retention deleted.
type BackupResult struct {
	ID     string
	Files  int
	Bytes  int64
	Pruned []string
}

// backupSteps are the options of the long backup and restore steps: they heartbeat every
// few seconds, so a worker that dies is noticed within HeartbeatTimeout and the step is
// retried by another worker.
var backupSteps = workflow.ActivityOptions{
	StartToCloseTimeout: 12 * time.Hour,
	HeartbeatTimeout:    20 * time.Second,
	RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 5 * time.Second, MaximumInterval: 5 * time.Minute, MaximumAttempts: 5},
}

var backupChores = workflow.ActivityOptions{
	StartToCloseTimeout: 10 * time.Minute,
	RetryPolicy:         &temporal.RetryPolicy{InitialInterval: 5 * time.Second, MaximumInterval: time.Minute, MaximumAttempts: 10},
}

// Backup backs up PostgreSQL (pg_dump -Fc) and the Mongo API (collections and GridFS files)
// into the backup store under an ID made of the start time, writes the manifest last, then
// enforces the retention. A step killed with its worker is retried (the Mongo export resumes
// from its heartbeat); until the manifest is written the backup is unfinished, and a failed
// run's leftovers are deleted by a later run's retention.
func Backup(ctx workflow.Context) (BackupResult, error) {
	started := workflow.Now(ctx).UTC()
	m := backup.Manifest{ID: started.Format(backup.IDLayout), StartedAt: started}
	res := BackupResult{ID: m.ID}
	var a *activities.Backups
	long := workflow.WithActivityOptions(ctx, backupSteps)
	var pg, mg backup.Part
	if err := workflow.ExecuteActivity(long, a.BackupPostgres, m.ID).Get(ctx, &pg); err != nil {
		return res, err
	}
	if err := workflow.ExecuteActivity(long, a.BackupMongo, m.ID).Get(ctx, &mg); err != nil {
		return res, err
	}
	// Merge copies maps into maps: the result does not depend on the iteration order.
	m.Merge(pg) //workflowcheck:ignore
	m.Merge(mg) //workflowcheck:ignore
	m.FinishedAt = workflow.Now(ctx).UTC()
	chores := workflow.WithActivityOptions(ctx, backupChores)
	if err := workflow.ExecuteActivity(chores, a.FinishBackup, m).Get(ctx, nil); err != nil {
		return res, err
	}
	res.Files = len(m.Files)
	for _, f := range m.Files {
		res.Bytes += f.Size
	}
	err := workflow.ExecuteActivity(chores, a.PruneBackups, m.ID).Get(ctx, &res.Pruned)
	return res, err
}

// RestoreDrill restores the newest finished backup into scratch databases, checks it against
// its manifest (rows per table, documents per collection, every archive's and GridFS file's
// SHA-256), renders the sample sites' home pages from the restored data, records the result
// in backup_drills and emails the operators if anything differed or failed.
func RestoreDrill(ctx workflow.Context) (sitecore.BackupDrill, error) {
	d := sitecore.BackupDrill{RunID: workflow.GetInfo(ctx).WorkflowExecution.RunID, StartedAt: workflow.Now(ctx)}
	var a *activities.Backups
	chores := workflow.WithActivityOptions(ctx, backupChores)
	if err := workflow.ExecuteActivity(chores, a.LatestBackup).Get(ctx, &d.BackupID); err != nil {
		d.Problems = append(d.Problems, "the backup store cannot be read: "+failureMessage(err))
	} else if d.BackupID == "" {
		d.Problems = append(d.Problems, "the backup store holds no finished backup")
	} else {
		opts := backupSteps
		opts.RetryPolicy = &temporal.RetryPolicy{InitialInterval: 10 * time.Second, MaximumAttempts: 3}
		var out activities.DrillOutcome
		if err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), a.DrillRestore, d.BackupID).Get(ctx, &out); err != nil {
			d.Problems = append(d.Problems, "the backup did not restore: "+failureMessage(err))
		}
		d.Problems = append(d.Problems, out.Problems...)
		d.RestoreSeconds = out.RestoreSeconds
		// The scratch databases go either way; the next drill recreates them.
		_ = workflow.ExecuteActivity(chores, a.DropScratch).Get(ctx, nil)
	}
	d.OK = len(d.Problems) == 0
	err := workflow.ExecuteActivity(chores, a.RecordDrill, d).Get(ctx, nil)
	return d, err
}

// failureMessage is the message of an activity's failure without Temporal's wrapping.
func failureMessage(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Message()
	}
	return err.Error()
}

// BackupSchedules are the cron expressions of the backup and of the restore drill, in
// TimeZone.
type BackupSchedules struct {
	Backup, Drill, TimeZone string
}

// EnsureBackupSchedules creates the backup's and the restore drill's schedules of the task
// queue, or brings an existing one's times in line with the configuration (every worker
// calls it at start). An operator's pause stays.
func EnsureBackupSchedules(ctx context.Context, c client.Client, taskQueue string, s BackupSchedules) error {
	for _, sc := range []struct {
		id, cron string
		wf       any
	}{{BackupScheduleID(taskQueue), s.Backup, Backup}, {RestoreDrillScheduleID(taskQueue), s.Drill, RestoreDrill}} {
		spec := client.ScheduleSpec{CronExpressions: []string{sc.cron}, TimeZoneName: s.TimeZone}
		_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
			ID:      sc.id,
			Spec:    spec,
			Overlap: enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
			Action: &client.ScheduleWorkflowAction{ID: sc.id, Workflow: sc.wf,
				TaskQueue: cmp.Or(taskQueue, DefaultTaskQueue), WorkflowExecutionTimeout: 20 * time.Hour},
		})
		if errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
			err = c.ScheduleClient().GetHandle(ctx, sc.id).Update(ctx, client.ScheduleUpdateOptions{
				DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
					in.Description.Schedule.Spec = &spec
					return &client.ScheduleUpdate{Schedule: &in.Description.Schedule}, nil
				}})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// BackupNowWorkflowID is the workflow ID of a backup an operator starts by hand; while one
// runs, starting another joins it.
func BackupNowWorkflowID(taskQueue string) string {
	return "backup-now/" + cmp.Or(taskQueue, DefaultTaskQueue)
}

// RunBackup starts a backup (or joins the one an operator already started) and waits for it.
func RunBackup(ctx context.Context, c client.Client, taskQueue string) (BackupResult, error) {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: BackupNowWorkflowID(taskQueue),
		TaskQueue: cmp.Or(taskQueue, DefaultTaskQueue), WorkflowExecutionTimeout: 20 * time.Hour,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING}, Backup)
	var res BackupResult
	if err != nil {
		return res, err
	}
	err = run.Get(ctx, &res)
	return res, err
}

// RunRestoreDrill runs a restore drill now and waits for its result.
func RunRestoreDrill(ctx context.Context, c client.Client, taskQueue string) (sitecore.BackupDrill, error) {
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "restore-drill-now/" + cmp.Or(taskQueue, DefaultTaskQueue),
		TaskQueue: cmp.Or(taskQueue, DefaultTaskQueue), WorkflowExecutionTimeout: 20 * time.Hour,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING}, RestoreDrill)
	var d sitecore.BackupDrill
	if err != nil {
		return d, err
	}
	err = run.Get(ctx, &d)
	return d, err
}
