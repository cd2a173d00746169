package workflows_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/testsuite"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/workflows"
)

// admissionEnv runs the admission workflow with its activities replaced by recorders of
// what the workflow asked: transitions, emails, promotions and enrollments.
type admissionEnv struct {
	*testsuite.TestWorkflowEnvironment
	moves    []sitecore.AdmissionStatus
	emails   []string
	promoted int
	enrolled int
}

func newAdmissionEnv(t *testing.T, info activities.AdmissionInfo) *admissionEnv {
	var s testsuite.WorkflowTestSuite
	e := &admissionEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment()}
	a := &activities.Admissions{}
	e.RegisterActivity(a)
	e.RegisterWorkflow(workflows.Admission)
	e.OnActivity(a.LoadAdmission, mock.Anything, mock.Anything).Return(info, nil)
	record := func(_ context.Context, in activities.TransitionInput) (activities.TransitionResult, error) {
		e.moves = append(e.moves, in.To)
		return activities.TransitionResult{EventID: int64(len(e.moves))}, nil
	}
	e.OnActivity(a.Transition, mock.Anything, mock.Anything).Return(record)
	e.OnActivity(a.ReserveSeat, mock.Anything, mock.Anything).Return(record)
	e.OnActivity(a.NotifyParent, mock.Anything, mock.Anything).Return(func(_ context.Context, in activities.NotifyInput) error {
		e.emails = append(e.emails, in.Kind)
		return nil
	})
	e.OnActivity(a.PromoteNext, mock.Anything, mock.Anything).Return(func(context.Context, activities.PromoteInput) error {
		e.promoted++
		return nil
	})
	e.OnActivity(a.Enroll, mock.Anything, mock.Anything).Return(func(context.Context, int64) error {
		e.enrolled++
		return nil
	})
	return e
}

func info(results time.Time) activities.AdmissionInfo {
	return activities.AdmissionInfo{ParentID: 7, Status: sitecore.AppSubmitted, CampaignID: 1, Grade: 1, ResultsAt: results,
		OfferDays: 3, ReminderDays: 2, WithdrawDays: 5}
}

func statuses(s ...sitecore.AdmissionStatus) []sitecore.AdmissionStatus { return s }

func equal(a, b []sitecore.AdmissionStatus) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Admitted before the results time: the family hears nothing until the release, then has
// OfferDays to answer; silence expires the offer and frees the seat for the waiting list.
func TestAdmissionOfferExpires(t *testing.T) {
	start := time.Date(2026, 4, 1, 4, 0, 0, 0, time.UTC)
	e := newAdmissionEnv(t, info(start.Add(10*24*time.Hour)))
	e.SetStartTime(start)
	updateAt(t, e.TestWorkflowEnvironment, time.Hour, workflows.UpdateDocuments, workflows.DocumentsDecision{OK: true}, "")
	updateAt(t, e.TestWorkflowEnvironment, 2*time.Hour, workflows.UpdateDecide, workflows.Decision{Kind: "admit"}, "")
	e.ExecuteWorkflow(workflows.Admission, workflows.AdmissionInput{AppID: 7})

	if err := e.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	var v workflows.AdmissionView
	_ = e.GetWorkflowResult(&v)
	want := statuses(sitecore.AppDocumentsCheck, sitecore.AppUnderReview, sitecore.AppAdmitted, sitecore.AppAdmitted, sitecore.AppOfferExpired)
	if !equal(e.moves, want) || v.Status != sitecore.AppOfferExpired {
		t.Errorf("moves %v (final %s), want %v", e.moves, v.Status, want)
	}
	// No "admitted" email before the release; one after it; and one for the expiry.
	if got := e.emails; len(got) != 4 || got[2] != "admitted" || got[3] != "offer_expired" {
		t.Errorf("emails %v", got)
	}
	if e.promoted != 1 {
		t.Errorf("promoted %d times, want 1", e.promoted)
	}
	// The offer deadline counted from the release, not from the decision.
	if want := start.Add(13 * 24 * time.Hour); !v.OfferExpiresAt.Equal(want) {
		t.Errorf("offer expires %s, want %s", v.OfferExpiresAt, want)
	}
}

// Rejected documents: a reminder after ReminderDays, withdrawal after WithdrawDays.
func TestAdmissionDocumentsReminderAndAutoWithdraw(t *testing.T) {
	start := time.Date(2026, 4, 1, 4, 0, 0, 0, time.UTC)
	e := newAdmissionEnv(t, info(start.Add(30*24*time.Hour)))
	e.SetStartTime(start)
	updateAt(t, e.TestWorkflowEnvironment, time.Hour, workflows.UpdateDocuments, workflows.DocumentsDecision{OK: false, Remark: "blurred"}, "")
	e.ExecuteWorkflow(workflows.Admission, workflows.AdmissionInput{AppID: 8})

	if err := e.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	want := statuses(sitecore.AppDocumentsCheck, sitecore.AppDocumentsFix, sitecore.AppWithdrawn)
	if !equal(e.moves, want) {
		t.Errorf("moves %v, want %v", e.moves, want)
	}
	if got := e.emails; len(got) != 4 || got[2] != "documents_reminder" || got[3] != "withdrawn" {
		t.Errorf("emails %v", got)
	}
}

// A fixed document goes back to the check; the reminder never fires.
func TestAdmissionDocumentsFixedInTime(t *testing.T) {
	start := time.Date(2026, 4, 1, 4, 0, 0, 0, time.UTC)
	e := newAdmissionEnv(t, info(start.Add(30*24*time.Hour)))
	e.SetStartTime(start)
	updateAt(t, e.TestWorkflowEnvironment, time.Hour, workflows.UpdateDocuments, workflows.DocumentsDecision{OK: false, Remark: "blurred"}, "")
	updateAt(t, e.TestWorkflowEnvironment, 25*time.Hour, workflows.UpdateResubmitted, "user:7", "")
	updateAt(t, e.TestWorkflowEnvironment, 26*time.Hour, workflows.UpdateDocuments, workflows.DocumentsDecision{OK: true}, "")
	updateAt(t, e.TestWorkflowEnvironment, 27*time.Hour, workflows.UpdateWithdraw, "user:7", "")
	e.ExecuteWorkflow(workflows.Admission, workflows.AdmissionInput{AppID: 9})

	if err := e.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	for _, m := range e.emails {
		if m == "documents_reminder" {
			t.Errorf("reminder sent after the fix: %v", e.emails)
		}
	}
	if last := e.moves[len(e.moves)-1]; last != sitecore.AppWithdrawn {
		t.Errorf("moves %v", e.moves)
	}
}

// Validators refuse what the state does not allow, and the workflow keeps going.
func TestAdmissionValidators(t *testing.T) {
	start := time.Date(2026, 4, 1, 4, 0, 0, 0, time.UTC)
	e := newAdmissionEnv(t, info(start.Add(time.Hour)))
	e.SetStartTime(start)
	updateAt(t, e.TestWorkflowEnvironment, time.Minute, workflows.UpdateDecide, workflows.Decision{Kind: "admit"}, "admission.state")                                    // still in documents check
	updateAt(t, e.TestWorkflowEnvironment, 2*time.Minute, workflows.UpdateRespond, workflows.OfferResponse{Accept: true, Actor: "user:7"}, "admission.state")            // nothing offered
	updateAt(t, e.TestWorkflowEnvironment, 2*time.Minute+10*time.Second, workflows.UpdateDocuments, workflows.DocumentsDecision{OK: true, Actor: "user:7"}, "forbidden") // the family itself
	updateAt(t, e.TestWorkflowEnvironment, 2*time.Minute+20*time.Second, workflows.UpdateWithdraw, "user:8", "forbidden")                                                // not the family
	updateAt(t, e.TestWorkflowEnvironment, 3*time.Minute, workflows.UpdateDocuments, workflows.DocumentsDecision{OK: true, Actor: "user:1"}, "")
	updateAt(t, e.TestWorkflowEnvironment, 4*time.Minute, workflows.UpdateDecide, workflows.Decision{Kind: "waitlist"}, "admission.position") // no position
	updateAt(t, e.TestWorkflowEnvironment, 5*time.Minute, workflows.UpdateDecide, workflows.Decision{Kind: "decline", Reason: "x"}, "admission.reason")
	updateAt(t, e.TestWorkflowEnvironment, 6*time.Minute, workflows.UpdateDecide, workflows.Decision{Kind: "admit"}, "")
	updateAt(t, e.TestWorkflowEnvironment, 2*time.Hour, workflows.UpdateRespond, workflows.OfferResponse{Accept: true, Actor: "user:7"}, "") // after the release
	e.ExecuteWorkflow(workflows.Admission, workflows.AdmissionInput{AppID: 10})

	if err := e.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	var v workflows.AdmissionView
	_ = e.GetWorkflowResult(&v)
	if v.Status != sitecore.AppEnrolled || e.enrolled != 1 {
		t.Errorf("final %s, enrolled %d", v.Status, e.enrolled)
	}
}
