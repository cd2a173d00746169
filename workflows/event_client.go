package workflows

import (
	"context"

	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/events"
)

var _ events.Process = (*EventClient)(nil)

// EventClient starts events' workflows and sends them updates through sendUpdate, turning
// the workflow's refusals back into domain errors. It implements events.Process.
type EventClient struct {
	Temporal  client.Client
	TaskQueue string
	OnStart   func(workflowType string)
}

// Start starts the event's workflow; one already started is fine.
func (c *EventClient) Start(ctx context.Context, siteID, eventID int64) error {
	if err := startOnce(ctx, c.Temporal, EventWorkflowID(eventID), c.TaskQueue, "Event", Event,
		EventInput{SiteID: siteID, EventID: eventID}, c.OnStart); err != nil {
		return sitecore.Unavailable("event start", "temporal", err)
	}
	return nil
}

// eventGone are the errors of an update to an event whose workflow is not running: not
// started yet, or ended with the event.
var eventGone = notRunning{Starting: sitecore.Conflictf("event", "events.starting"), Ended: sitecore.Conflictf("event", "events.ended")}

func (c *EventClient) update(ctx context.Context, siteID, eventID int64, name string, actorID int64) error {
	_, err := sendUpdate[EventView](ctx, c.Temporal, EventWorkflowID(eventID), name, eventGone, EventAction{ActorID: actorID})
	if err != nil && sitecore.AsError(err).Key == "events.starting" {
		// A workflow that was never started (Temporal was down when the event was made)
		// is started now, and the update sent again.
		if err := c.Start(ctx, siteID, eventID); err != nil {
			return err
		}
		_, err = sendUpdate[EventView](ctx, c.Temporal, EventWorkflowID(eventID), name, eventGone, EventAction{ActorID: actorID})
	}
	return err
}

// Changed tells the workflow the event's record changed.
func (c *EventClient) Changed(ctx context.Context, siteID, eventID int64) error {
	return c.update(ctx, siteID, eventID, UpdateEventChanged, 0)
}

// Freed tells the workflow a seat was freed.
func (c *EventClient) Freed(ctx context.Context, siteID, eventID int64) error {
	return c.update(ctx, siteID, eventID, UpdateEventFreed, 0)
}

// Cancel cancels the event through its workflow.
func (c *EventClient) Cancel(ctx context.Context, siteID, eventID, actorID int64) error {
	return c.update(ctx, siteID, eventID, UpdateEventCancel, actorID)
}
