package workflows

import (
	"cmp"
	"context"

	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

// SeminarClient signals seminars' workflows, starting one that is not running. It
// implements certification.SeminarProcess.
type SeminarClient struct {
	Temporal  client.Client
	TaskQueue string
}

var _ certification.SeminarProcess = (*SeminarClient)(nil)

func (c *SeminarClient) signal(ctx context.Context, seminarID int64, name string, arg any) error {
	_, err := c.Temporal.SignalWithStartWorkflow(ctx, SeminarWorkflowID(seminarID), name, arg,
		client.StartWorkflowOptions{ID: SeminarWorkflowID(seminarID), TaskQueue: cmp.Or(c.TaskQueue, DefaultTaskQueue)},
		Seminar, SeminarInput{SeminarID: seminarID})
	if err != nil {
		return sitecore.Unavailable("seminar signal", "temporal", err)
	}
	return nil
}

// Changed tells the seminar's workflow to reload it.
func (c *SeminarClient) Changed(ctx context.Context, seminarID int64) error {
	return c.signal(ctx, seminarID, SignalSeminarChanged, nil)
}

// Promoted tells the workflow whom to tell about a confirmed place.
func (c *SeminarClient) Promoted(ctx context.Context, seminarID int64, userIDs []int64) error {
	return c.signal(ctx, seminarID, SignalSeminarPromoted, userIDs)
}
