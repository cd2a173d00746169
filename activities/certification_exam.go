package activities

import (
	"context"
	"errors"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/quiz"
)

// CertExams is what the certification process needs of the test engine to learn an exam
// attempt's grade: the attempt's record, and a wait for its workflow to end.
type CertExams struct {
	Attempts interface {
		FindAttempt(ctx context.Context, siteID, id int64) (*quiz.Attempt, error)
	}
	// AwaitAttempt returns when the attempt's workflow has ended (graded, or closed
	// unsubmitted); an error (not started yet, Temporal away) is retried.
	AwaitAttempt func(ctx context.Context, attemptID int64) error
}

// CertExamWatch names an exam attempt of a training site.
type CertExamWatch struct{ SiteID, AttemptID int64 }

// AwaitExamAttempt waits for an exam attempt to be graded and returns its result as the
// certification process records it: the score of a graded attempt, which passes if it
// reaches the policy's score; an attempt closed unsubmitted, or still waiting for a
// teacher when its workflow gave up, fails with what it scored.
func (c *Certification) AwaitExamAttempt(ctx context.Context, in CertExamWatch) (certification.ExamResult, error) {
	if c.Exams == nil || c.Exams.AwaitAttempt == nil {
		return certification.ExamResult{}, errors.New("certification activities have no test engine")
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		t := time.NewTicker(10 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				activity.RecordHeartbeat(ctx)
			}
		}
	}()
	if err := c.Exams.AwaitAttempt(ctx, in.AttemptID); err != nil {
		return certification.ExamResult{}, err
	}
	a, err := c.Exams.Attempts.FindAttempt(ctx, in.SiteID, in.AttemptID)
	if err != nil {
		return certification.ExamResult{}, asTemporal(err)
	}
	return certification.ExamResult{AttemptID: a.ID, Score: a.Score, MaxScore: a.MaxScore,
		Passed: a.Status == quiz.Graded && a.Pending == 0}, nil
}
