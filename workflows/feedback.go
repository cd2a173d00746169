package workflows

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/feedback"
)

// SignalFeedbackAnswered tells a message's SLA timer that an admin answered: it ends.
const SignalFeedbackAnswered = "feedback.answered"

// FeedbackSLAWorkflowID is the workflow ID of a message's SLA timer.
func FeedbackSLAWorkflowID(siteID, messageID int64) string {
	return "feedback-sla/" + strconv.FormatInt(siteID, 10) + "/" + strconv.FormatInt(messageID, 10)
}

var feedbackActivityOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2,
		MaximumInterval: time.Minute},
}

// FeedbackSLA is a message's durable reminder timer: started when the message arrives, it
// computes the deadline (the site's answer time in working days of the helpdesk calendar),
// sleeps until then and emails the topic's admins if the message still waits. An admin's
// answer (SignalFeedbackAnswered) ends it early; the reminder activity checks the message
// again, so an answer that raced the timer sends nothing.
func FeedbackSLA(ctx workflow.Context, in activities.FeedbackMessage) error {
	answered := workflow.GetSignalChannel(ctx, SignalFeedbackAnswered)
	ctx = workflow.WithActivityOptions(ctx, feedbackActivityOptions)
	var a *activities.Feedback
	var due activities.FeedbackDue
	if err := workflow.ExecuteActivity(ctx, a.FeedbackDueAt, in).Get(ctx, &due); err != nil {
		return err
	}
	if !due.Waiting {
		return nil
	}
	timerCtx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	fired := false
	sel := workflow.NewSelector(ctx)
	sel.AddReceive(answered, func(c workflow.ReceiveChannel, _ bool) { c.Receive(ctx, nil) })
	// A deadline already past (a worker that was down) fires at once.
	sel.AddFuture(workflow.NewTimer(timerCtx, max(due.At.Sub(workflow.Now(ctx)), time.Second)), func(f workflow.Future) {
		fired = f.Get(ctx, nil) == nil
	})
	sel.Select(ctx)
	if !fired {
		return nil
	}
	var reminded bool
	return workflow.ExecuteActivity(ctx, a.RemindFeedback, in).Get(ctx, &reminded)
}

// FeedbackTimers start and end messages' SLA timers; they implement feedback.SLATimers.
type FeedbackTimers struct {
	Temporal  client.Client
	TaskQueue string
	// OnStart counts a started workflow (nil: nothing).
	OnStart func(workflow string)
}

var _ feedback.SLATimers = (*FeedbackTimers)(nil)

// Start starts the message's timer.
func (c *FeedbackTimers) Start(ctx context.Context, siteID, messageID int64) error {
	id := FeedbackSLAWorkflowID(siteID, messageID)
	_, err := c.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: cmp.Or(c.TaskQueue, DefaultTaskQueue)},
		FeedbackSLA, activities.FeedbackMessage{SiteID: siteID, MessageID: messageID})
	if err != nil {
		return sitecore.Unavailable("feedback timer", "temporal", err)
	}
	if c.OnStart != nil {
		c.OnStart("FeedbackSLA")
	}
	return nil
}

// Stop ends the message's timer; a timer that already ended is fine.
func (c *FeedbackTimers) Stop(ctx context.Context, siteID, messageID int64) error {
	err := c.Temporal.SignalWorkflow(ctx, FeedbackSLAWorkflowID(siteID, messageID), "", SignalFeedbackAnswered, nil)
	var notFound *serviceerror.NotFound
	if err != nil && !errors.As(err, &notFound) {
		return sitecore.Unavailable("feedback timer", "temporal", err)
	}
	return nil
}
