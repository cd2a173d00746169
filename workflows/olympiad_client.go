package workflows

import (
	"context"

	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/olympiad"
)

// OlympiadClient starts olympiad workflows and sends appeals and jury decisions to them,
// turning the workflow's refusals back into domain errors.
type OlympiadClient struct {
	Temporal  client.Client
	TaskQueue string
	OnStart   func(workflowType string)
}

// Start starts the workflow of a stored olympiad (after CreateOlympiad); starting it again
// is harmless (the workflow ID is the olympiad's).
func (c *OlympiadClient) Start(ctx context.Context, siteID, olympiadID int64) error {
	if err := startOnce(ctx, c.Temporal, OlympiadWorkflowID(olympiadID), c.TaskQueue, "Olympiad", Olympiad, OlympiadInput{SiteID: siteID, OlympiadID: olympiadID, Round: 1}, c.OnStart); err != nil {
		return sitecore.Unavailable("olympiad start", "temporal", err)
	}
	return nil
}

// Appeal files a participant's appeal and returns its ID. Outside the window it is
// EConflict "olympiad.appeals_closed"; from someone without a result in the round ENotFound
// "olympiad.not_participant"; the store's refusals come back as they are.
func (c *OlympiadClient) Appeal(ctx context.Context, olympiadID int64, r activities.AppealRequest) (int64, error) {
	return sendUpdate[int64](ctx, c.Temporal, OlympiadWorkflowID(olympiadID), UpdateOlympiadAppeal, olympiadGone, r)
}

// Decide records a jury member's decision and returns the appeal's status. From someone
// outside the jury it is EForbidden "olympiad.not_jury"; on an appeal that is not open
// EConflict "olympiad.appeal_decided"; after the freeze EConflict "olympiad.appeals_closed".
func (c *OlympiadClient) Decide(ctx context.Context, olympiadID int64, d olympiad.Decision) (olympiad.AppealStatus, error) {
	return sendUpdate[olympiad.AppealStatus](ctx, c.Temporal, OlympiadWorkflowID(olympiadID), UpdateOlympiadDecide, olympiadGone, d)
}

// olympiadGone are the errors of an update to an olympiad whose workflow is not running:
// appeals are open only while it runs.
var olympiadGone = notRunning{
	Starting: sitecore.Conflictf("appeal", "olympiad.appeals_closed"),
	Ended:    sitecore.Conflictf("appeal", "olympiad.appeals_closed"),
}
