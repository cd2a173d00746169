package workflows

import (
	"context"

	"github.com/mektep/mektep/sitecore/quiz"
)

// The attempt client as quiz.Service drives it (quiz.AttemptProcess).

var _ quiz.AttemptProcess = (*AttemptClient)(nil)

// StartAttempt starts the attempt's workflow (Start).
func (c *AttemptClient) StartAttempt(ctx context.Context, s quiz.AttemptStart) error {
	return c.Start(ctx, s)
}

// SubmitAttempt submits the student's attempt and returns once it is submitted (Submit).
func (c *AttemptClient) SubmitAttempt(ctx context.Context, attemptID, studentID int64) error {
	_, err := c.Submit(ctx, attemptID, studentID)
	return err
}

// RegradeAttempt grades the attempt again (Regrade).
func (c *AttemptClient) RegradeAttempt(ctx context.Context, attemptID int64) error {
	_, err := c.Regrade(ctx, attemptID)
	return err
}
