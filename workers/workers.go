// Package workers registers Mektep's workflows and activities on their task queues.
package workers

import (
	"cmp"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/internal/metrics"
	"github.com/mektep/mektep/workflows"
)

// Deps are the activity structs the worker serves.
type Deps struct {
	Provisioning *activities.Provisioning
	Mail         *activities.Mail
	Admissions   *activities.Admissions
	Exports      *activities.Exports
	Helpdesk     *activities.Helpdesk // may be nil (tests that do not need it)
	Publishing   *activities.Publishing
	Quiz         *activities.Quiz // may be nil (tests that do not need it)
	// Certification serves the certification workflow (nil in tests that do not need it).
	Certification *activities.Certification
	Metrics       *metrics.Metrics // may be nil
	// Olympiad may be nil (tests that do not need it).
	Olympiad    *activities.Olympiad
	Syndication *activities.Syndication // may be nil (tests that do not need it)
	// StopTimeout is how long running activities get to finish when the worker stops.
	StopTimeout time.Duration
	// CacheSize bounds the running workflows kept in memory (sticky cache) of the process;
	// Pollers is the number of concurrent polls per task kind. Zero keeps the SDK's default.
	CacheSize, Pollers int
	// Surveys may be nil (tests that do not need it).
	Surveys *activities.Surveys
	// Housekeeping is the periodic housekeeping (nil in tests that do not need it).
	Housekeeping *activities.Housekeeping
	// ForumDigest sends the forums' daily digests (nil in tests that do not need it).
	ForumDigest *activities.ForumDigest
	// Maintenance serves the maintenance notices (nil in tests that do not need it).
	Maintenance *activities.Maintenance
	// Feedback serves feedback messages' SLA timers (nil in tests that do not need it).
	Feedback *activities.Feedback
	// Events serves the events' workflows (nil in tests that do not need it).
	Events *activities.Events
	// Backups serves the backups and restore drills (nil in tests that do not need it).
	Backups *activities.Backups
}

// New returns a worker on the task queue (workflows.DefaultTaskQueue if empty) with every
// workflow and activity registered. The caller starts and stops it.
func New(c client.Client, taskQueue string, d Deps) worker.Worker {
	opts := worker.Options{WorkerStopTimeout: d.StopTimeout,
		MaxConcurrentWorkflowTaskPollers: d.Pollers, MaxConcurrentActivityTaskPollers: d.Pollers}
	if d.CacheSize > 0 {
		// Process-wide, and only before the first worker starts: one process runs one worker.
		worker.SetStickyWorkflowCacheSize(d.CacheSize)
	}
	if d.Metrics != nil {
		opts.Interceptors = []interceptor.WorkerInterceptor{&metricsInterceptor{m: d.Metrics}}
	}
	w := worker.New(c, cmp.Or(taskQueue, workflows.DefaultTaskQueue), opts)
	Register(w, d)
	return w
}

// Register adds the workflows and activities to any registry (a worker or a test
// environment), so tests exercise exactly what production registers.
func Register(r worker.Registry, d Deps) {
	r.RegisterWorkflow(workflows.ProvisionSite)
	r.RegisterWorkflow(workflows.SendEmail)
	r.RegisterWorkflow(workflows.Admission)
	r.RegisterWorkflow(workflows.ExportApplications)
	r.RegisterWorkflow(workflows.ScheduledPublish)
	r.RegisterActivity(d.Provisioning)
	r.RegisterActivity(d.Mail)
	r.RegisterActivity(d.Admissions)
	r.RegisterActivity(d.Exports)
	r.RegisterWorkflow(workflows.Ticket)
	if d.Helpdesk != nil {
		r.RegisterActivity(d.Helpdesk)
	}
	if d.Publishing != nil {
		r.RegisterActivity(d.Publishing)
	}
	r.RegisterWorkflow(workflows.Attempt)
	if d.Quiz != nil {
		r.RegisterActivity(d.Quiz)
	}
	r.RegisterWorkflow(workflows.Survey)
	r.RegisterWorkflow(workflows.ExportSurvey)
	if d.Surveys != nil {
		r.RegisterActivity(d.Surveys)
	}
	r.RegisterWorkflow(workflows.Certification)
	r.RegisterWorkflow(workflows.Seminar)
	if d.Certification != nil {
		r.RegisterActivity(d.Certification)
	}
	r.RegisterWorkflow(workflows.Olympiad)
	if d.Olympiad != nil {
		r.RegisterActivity(d.Olympiad)
	}
	r.RegisterWorkflow(workflows.SyndicationOutbound)      // drains: nothing starts it any more
	r.RegisterWorkflow(workflows.SyndicationOutboundBatch) // drains: nothing starts it any more
	r.RegisterWorkflow(workflows.SyndicationOutboundShard)
	r.RegisterWorkflow(workflows.SyndicationPoll)
	if d.Syndication != nil {
		r.RegisterActivity(d.Syndication)
	}
	r.RegisterWorkflow(workflows.Housekeeping)
	if d.Housekeeping != nil {
		r.RegisterActivity(d.Housekeeping)
	}
	r.RegisterWorkflow(workflows.ForumDigest)
	if d.ForumDigest != nil {
		r.RegisterActivity(d.ForumDigest)
	}
	r.RegisterWorkflow(workflows.Maintenance)
	if d.Maintenance != nil {
		r.RegisterActivity(d.Maintenance)
	}
	r.RegisterWorkflow(workflows.FeedbackSLA)
	r.RegisterWorkflow(workflows.Event)
	if d.Feedback != nil {
		r.RegisterActivity(d.Feedback)
	}
	if d.Events != nil {
		r.RegisterActivity(d.Events)
	}
	r.RegisterWorkflow(workflows.Backup)
	r.RegisterWorkflow(workflows.RestoreDrill)
	if d.Backups != nil {
		r.RegisterActivity(d.Backups)
	}
}

// metricsInterceptor counts workflow completions and failures by type, skipping replays so
// a history replayed after a restart is not counted twice.
type metricsInterceptor struct {
	interceptor.WorkerInterceptorBase
	m *metrics.Metrics
}

func (i *metricsInterceptor) InterceptWorkflow(ctx workflow.Context, next interceptor.WorkflowInboundInterceptor) interceptor.WorkflowInboundInterceptor {
	return &workflowMetrics{WorkflowInboundInterceptorBase: interceptor.WorkflowInboundInterceptorBase{Next: next}, m: i.m}
}

type workflowMetrics struct {
	interceptor.WorkflowInboundInterceptorBase
	m *metrics.Metrics
}

func (w *workflowMetrics) ExecuteWorkflow(ctx workflow.Context, in *interceptor.ExecuteWorkflowInput) (any, error) {
	res, err := w.Next.ExecuteWorkflow(ctx, in)
	if !workflow.IsReplaying(ctx) {
		name := workflow.GetInfo(ctx).WorkflowType.Name
		if err != nil {
			w.m.WorkflowsFailed.WithLabelValues(name).Inc()
		} else {
			w.m.WorkflowsCompleted.WithLabelValues(name).Inc()
		}
	}
	return res, err
}
