package workflows

import (
	"cmp"
	"context"
	"errors"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

// CertificationClient starts certification workflows and sends people's steps to them as
// updates, turning the workflow's refusals back into domain errors. It implements
// certification.Process.
type CertificationClient struct {
	Temporal  client.Client
	TaskQueue string
	OnStart   func(workflowType string)
}

var _ certification.Process = (*CertificationClient)(nil)

// Start starts the enrolment's workflow; one running already for the person and kind is
// left alone (starting twice is harmless). A finished one (failed, revoked) is replaced.
func (c *CertificationClient) Start(ctx context.Context, e *certification.Enrollment) error {
	_, err := c.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID: CertificationWorkflowID(e.UserID, e.Kind), TaskQueue: cmp.Or(c.TaskQueue, DefaultTaskQueue),
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, Certification, CertificationInput{EnrollmentID: e.ID})
	var already *serviceerror.WorkflowExecutionAlreadyStarted
	switch {
	case errors.As(err, &already):
		return nil
	case err != nil:
		return sitecore.Unavailable("certification start", "temporal", err)
	}
	if c.OnStart != nil {
		c.OnStart("Certification")
	}
	return nil
}

// certGone are the errors of an update to a certification whose workflow is not running: one
// Temporal does not know, and one that has ended (failed, revoked).
var certGone = notRunning{
	Starting: sitecore.NotFound("enrollment"),
	Ended:    sitecore.Conflictf("phase", "cert.phase", "value", "final"),
}

func (c *CertificationClient) update(ctx context.Context, userID int64, kind, name string, arg any) (CertView, error) {
	return sendUpdate[CertView](ctx, c.Temporal, CertificationWorkflowID(userID, kind), name, certGone, arg)
}

// LessonDone reports a finished lesson.
func (c *CertificationClient) LessonDone(ctx context.Context, userID int64, kind string, lessonID int64) (certification.Phase, error) {
	v, err := c.update(ctx, userID, kind, UpdateCertLessonDone, CertLessonDone{LessonID: lessonID})
	return v.Phase, err
}

// StartExam asks to open an exam attempt.
func (c *CertificationClient) StartExam(ctx context.Context, userID int64, kind string, a certification.ExamStart) error {
	_, err := c.update(ctx, userID, kind, UpdateCertStartExam, CertExamStart(a))
	return err
}

// ExamGraded reports a graded attempt.
func (c *CertificationClient) ExamGraded(ctx context.Context, userID int64, kind string, r certification.ExamResult) (certification.Phase, error) {
	v, err := c.update(ctx, userID, kind, UpdateCertExamGraded, r)
	return v.Phase, err
}

// Revoke applies a stored revocation request.
func (c *CertificationClient) Revoke(ctx context.Context, userID int64, kind string, revocationID int64) (certification.Phase, error) {
	v, err := c.update(ctx, userID, kind, UpdateCertRevoke, CertRevoke{RevocationID: revocationID})
	return v.Phase, err
}

// SeminarAttended renews the certificate after a seminar.
func (c *CertificationClient) SeminarAttended(ctx context.Context, userID int64, kind string, attendanceID int64) (certification.Phase, error) {
	v, err := c.update(ctx, userID, kind, UpdateCertSeminar, CertSeminar{AttendanceID: attendanceID})
	return v.Phase, err
}
