package workflows

import (
	"slices"
	"strconv"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

// Update names of the certification workflow. Each has a validator that refuses what the
// person's stage does not allow, and returns the stage after it.
const (
	UpdateCertLessonDone = "lesson_done"
	UpdateCertStartExam  = "start_exam"
	UpdateCertExamGraded = "exam_graded"
	UpdateCertRevoke     = "revoke"
	UpdateCertSeminar    = "seminar_attended"
)

// CertificationWorkflowID is the one workflow of a person and a certificate kind.
func CertificationWorkflowID(userID int64, kind string) string {
	return "certification/" + strconv.FormatInt(userID, 10) + "/" + kind
}

// Reminders are sent this long before a certificate expires.
var certReminders = []time.Duration{30 * 24 * time.Hour, 7 * 24 * time.Hour}

// CertificationInput starts the process of a stored enrolment, or continues it.
type CertificationInput struct {
	EnrollmentID int64
	State        *CertificationState // set when the workflow continues as new, or starts certified
}

// CertificationState is the little the workflow keeps; the record is in PostgreSQL. It holds
// IDs, policies and times, never names or addresses.
type CertificationState struct {
	activities.CertEnrollment
	// Attempts counts the graded attempts that did not pass in the current exam (the final
	// exam, or the refresher of the current validity period); LastGraded is the last one's
	// time, for the waiting time. Open is the attempt started and not graded yet.
	Attempts      int
	LastGraded    time.Time
	Open          int64
	OpenSite      int64 // the training site of Open when the process watches it
	ExpiresAt     time.Time
	ValiditySince time.Time // when ExpiresAt was set: reminders due before it are skipped
	Reminded      []int     // indexes of certReminders sent for ExpiresAt
}

// CertView is a person's stage as the updates return it.
type CertView struct {
	Phase         certification.Phase
	CertificateID int64
	ExpiresAt     time.Time
	AttemptsLeft  int
}

var certRetry = &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute}

// certLocalOptions are those of the steps that only touch PostgreSQL: local activities, so
// an expiry is one workflow task that withdraws the capability at the moment it fires.
var certLocalOptions = workflow.LocalActivityOptions{StartToCloseTimeout: 10 * time.Second, RetryPolicy: certRetry}

// certActivityOptions are those of the emails (ordinary activities, retried for two days).
var certActivityOptions = workflow.ActivityOptions{StartToCloseTimeout: 30 * time.Second,
	ScheduleToCloseTimeout: 48 * time.Hour, RetryPolicy: certRetry}

// Certification runs one person's way to a certificate of one kind and keeps it: lessons in
// order, the final exam within its attempts and waiting time, the certificate (which grants
// the capability at once), reminders 30 and 7 days before expiry, the capability withdrawn by
// a durable timer at the moment of expiry, renewal by the refresher exam or a seminar, and
// revocation by an operator. People act through updates; every step is recorded in
// PostgreSQL by an activity before the update answers.
func Certification(ctx workflow.Context, in CertificationInput) (CertView, error) {
	ctx = certOptions(ctx)
	w := &certWorkflow{st: in.State, mu: workflow.NewMutex(ctx)}
	// The handlers are there from the first task: until the enrolment is loaded (and its
	// first phase set) they refuse as "starting" (a 409 to retry), not as an unknown update.
	if err := w.register(ctx); err != nil {
		return CertView{}, err
	}
	if w.st == nil {
		var e activities.CertEnrollment
		var a *activities.Certification
		if err := workflow.ExecuteLocalActivity(ctx, a.LoadEnrollment, in.EnrollmentID).Get(ctx, &e); err != nil {
			return CertView{}, err
		}
		w.st = &CertificationState{CertEnrollment: e}
		if e.Phase == certification.PhaseLearning && w.lessonsLeft() == 0 {
			if err := w.setPhase(ctx, certification.PhaseExam); err != nil {
				return w.view(), err
			}
		}
	}
	w.ready = true
	w.watch(ctx)
	for !w.st.Phase.Final() {
		if workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
				return w.view(), err
			}
			return w.view(), workflow.NewContinueAsNewError(ctx, Certification, CertificationInput{EnrollmentID: w.st.EnrollmentID, State: w.st})
		}
		seen := w.version
		at, fire := w.next()
		if fire == nil {
			if err := workflow.Await(ctx, func() bool { return w.version != seen }); err != nil {
				return w.view(), err
			}
			continue
		}
		wait := at.Sub(workflow.Now(ctx))
		ok, err := workflow.AwaitWithTimeout(ctx, max(wait, time.Millisecond), func() bool { return w.version != seen })
		if err != nil {
			return w.view(), err
		}
		if !ok {
			if _, err := w.locked(ctx, fire); err != nil {
				return w.view(), err
			}
		}
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return w.view(), err
	}
	return w.view(), nil
}

// certWorkflow is the running workflow's state and handlers.
type certWorkflow struct {
	st      *CertificationState
	mu      workflow.Mutex // one step at a time
	ready   bool           // loaded: the validators may decide
	version int            // bumped on every change; wakes the main loop
}

var certActs *activities.Certification

func (w *certWorkflow) view() CertView {
	v := CertView{Phase: w.st.Phase, CertificateID: w.st.CertificateID, ExpiresAt: w.st.ExpiresAt}
	v.AttemptsLeft = max(w.policy().Attempts-w.st.Attempts, 0)
	return v
}

// policy is the exam that is open: the final exam before the certificate, the refresher
// after.
func (w *certWorkflow) policy() certification.ExamPolicy {
	if w.st.Phase == certification.PhaseExam || w.st.Phase == certification.PhaseLearning {
		return w.st.Exam
	}
	return w.st.Refresher
}

func (w *certWorkflow) lessonsLeft() int {
	n := 0
	for _, l := range w.st.Lessons {
		if !slices.Contains(w.st.Done, l) {
			n++
		}
	}
	return n
}

// next returns the next timer of a valid certificate: a reminder not sent yet, or the
// expiry. Other stages wait only for people.
func (w *certWorkflow) next() (time.Time, func(ctx workflow.Context) error) {
	st := w.st
	if st.Phase != certification.PhaseCertified {
		return time.Time{}, nil
	}
	for i, d := range certReminders {
		at := st.ExpiresAt.Add(-d)
		if slices.Contains(st.Reminded, i) || !at.After(st.ValiditySince) {
			continue
		}
		return at, func(ctx workflow.Context) error { return w.remind(ctx, i) }
	}
	return st.ExpiresAt, w.expire
}

// certOptions sets the activity options; update handlers get a context without them.
func certOptions(ctx workflow.Context) workflow.Context {
	return workflow.WithLocalActivityOptions(workflow.WithActivityOptions(ctx, certActivityOptions), certLocalOptions)
}

// locked runs fn under the mutex and wakes the main loop.
func (w *certWorkflow) locked(ctx workflow.Context, fn func(ctx workflow.Context) error) (CertView, error) {
	ctx = certOptions(ctx)
	if err := w.mu.Lock(ctx); err != nil {
		return w.view(), err
	}
	defer w.mu.Unlock()
	err := fn(ctx)
	w.version++
	return w.view(), err
}

func (w *certWorkflow) local(ctx workflow.Context, fn, arg, out any) error {
	return workflow.ExecuteLocalActivity(ctx, fn, arg).Get(ctx, out)
}

func (w *certWorkflow) setPhase(ctx workflow.Context, p certification.Phase) error {
	if err := w.local(ctx, certActs.SetPhase, activities.CertPhase{EnrollmentID: w.st.EnrollmentID, Phase: p}, nil); err != nil {
		return err
	}
	w.st.Phase = p
	return nil
}

// notify emails the holder; kind names the template, tag makes the key unique per validity
// period.
func (w *certWorkflow) notify(ctx workflow.Context, kind, tag string) error {
	return workflow.ExecuteActivity(ctx, certActs.NotifyHolder, activities.CertNotice{CertificateID: w.st.CertificateID,
		Kind: kind, Key: activities.CertMailKey(w.st.CertificateID, tag, w.st.ExpiresAt)}).Get(ctx, nil)
}

func (w *certWorkflow) remind(ctx workflow.Context, i int) error {
	if err := w.notify(ctx, activities.CertMailReminder, "reminder-"+strconv.Itoa(int(certReminders[i]/(24*time.Hour)))); err != nil {
		return err
	}
	w.st.Reminded = append(w.st.Reminded, i)
	return nil
}

// expire withdraws the capability at the moment of expiry, then tells the holder.
func (w *certWorkflow) expire(ctx workflow.Context) error {
	var n int
	if err := w.local(ctx, certActs.ExpireCertificate, activities.CertValidity{CertificateID: w.st.CertificateID,
		ExpiresAt: w.st.ExpiresAt}, &n); err != nil {
		return err
	}
	w.st.Phase = certification.PhaseExpired
	w.st.Attempts, w.st.Open, w.st.OpenSite = 0, 0, 0
	workflow.GetLogger(ctx).Info("certificate expired; capability withdrawn", "certificate", w.st.CertificateID, "withdrawn", n)
	return w.notify(ctx, activities.CertMailExpired, activities.CertMailExpired)
}

// issue issues the certificate after the final exam is passed.
func (w *certWorkflow) issue(ctx workflow.Context) error {
	now := workflow.Now(ctx)
	var got activities.CertIssued
	if err := w.local(ctx, certActs.IssueCertificate, activities.CertIssue{EnrollmentID: w.st.EnrollmentID,
		IssuedAt: now, ExpiresAt: now.Add(w.st.Validity)}, &got); err != nil {
		return err
	}
	w.st.CertificateID, w.st.ExpiresAt, w.st.ValiditySince = got.CertificateID, got.ExpiresAt, now
	w.st.Phase, w.st.Attempts, w.st.Reminded = certification.PhaseCertified, 0, nil
	return w.notify(ctx, activities.CertMailIssued, activities.CertMailIssued)
}

// renew extends the certificate by its validity from its expiry (or from now, once expired)
// and grants the capability again.
func (w *certWorkflow) renew(ctx workflow.Context) error {
	now := workflow.Now(ctx)
	from := w.st.ExpiresAt
	if from.Before(now) {
		from = now
	}
	exp := from.Add(w.st.Validity)
	if err := w.local(ctx, certActs.RenewCertificate, activities.CertValidity{CertificateID: w.st.CertificateID,
		RenewedAt: now, ExpiresAt: exp}, nil); err != nil {
		return err
	}
	w.st.ExpiresAt, w.st.ValiditySince = exp, now
	w.st.Phase, w.st.Attempts, w.st.Reminded = certification.PhaseCertified, 0, nil
	return w.notify(ctx, activities.CertMailRenewed, activities.CertMailRenewed)
}

// CertLessonDone is a lesson the person finished.
type CertLessonDone struct{ LessonID int64 }

// CertExamStart is an exam attempt the test engine opened. With SiteID the process
// watches the attempt's workflow and records its grade itself; without (a trainer's record)
// the grade comes as UpdateCertExamGraded. TestID, when given, must be the open exam's test.
type CertExamStart struct{ AttemptID, SiteID, TestID int64 }

// CertRevoke names a stored revocation request.
type CertRevoke struct{ RevocationID int64 }

// CertSeminar names a stored seminar attendance.
type CertSeminar struct{ AttendanceID int64 }

// register installs the update handlers with their validators.
func (w *certWorkflow) register(ctx workflow.Context) error {
	refuse := activities.Refusal
	phase := func(ok ...certification.Phase) error {
		if !w.ready {
			return refuse(sitecore.Conflictf("phase", "cert.starting"))
		}
		if slices.Contains(ok, w.st.Phase) {
			return nil
		}
		return refuse(sitecore.Conflictf("phase", "cert.phase", "value", string(w.st.Phase)))
	}
	held := []certification.Phase{certification.PhaseCertified, certification.PhaseExpired}
	exam := []certification.Phase{certification.PhaseExam, certification.PhaseCertified, certification.PhaseExpired}

	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateCertLessonDone,
		func(ctx workflow.Context, in CertLessonDone) (CertView, error) {
			return w.locked(ctx, w.lessonDone(in))
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, in CertLessonDone) error {
			if err := phase(certification.PhaseLearning); err != nil {
				return err
			}
			if !slices.Contains(w.st.Lessons, in.LessonID) {
				return refuse(sitecore.Invalid("lesson_id", "cert.lesson_unknown"))
			}
			return nil
		}}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateCertStartExam,
		func(ctx workflow.Context, in CertExamStart) (CertView, error) { return w.locked(ctx, w.startExam(in)) },
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, in CertExamStart) error {
			if err := phase(exam...); err != nil {
				return err
			}
			switch {
			case in.AttemptID <= 0:
				return refuse(sitecore.Invalid("attempt_id", "field.required"))
			case w.st.Open == in.AttemptID:
				return nil // asked again: the same attempt
			case w.st.Open != 0:
				return refuse(sitecore.Conflictf("attempt_id", "cert.attempt_open"))
			case in.TestID != 0 && in.TestID != w.policy().TestID:
				return refuse(sitecore.Conflictf("test_id", "cert.test_changed"))
			}
			if err := w.policy().NextAttempt(w.st.Attempts, w.st.LastGraded, workflow.Now(ctx)); err != nil {
				return refuse(sitecore.AsError(err))
			}
			return nil
		}}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateCertExamGraded,
		func(ctx workflow.Context, r certification.ExamResult) (CertView, error) {
			return w.locked(ctx, w.graded(r))
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, r certification.ExamResult) error {
			if err := phase(exam...); err != nil {
				return err
			}
			if r.AttemptID == 0 || r.AttemptID != w.st.Open {
				return refuse(sitecore.Invalid("attempt_id", "cert.attempt_unknown"))
			}
			if err := r.Validate(); err != nil {
				return refuse(sitecore.AsError(err))
			}
			return nil
		}}); err != nil {
		return err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateCertRevoke,
		func(ctx workflow.Context, in CertRevoke) (CertView, error) { return w.locked(ctx, w.revoke(in)) },
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, in CertRevoke) error {
			if in.RevocationID <= 0 {
				return refuse(sitecore.Invalid("revocation_id", "field.required"))
			}
			return phase(held...)
		}}); err != nil {
		return err
	}
	return workflow.SetUpdateHandlerWithOptions(ctx, UpdateCertSeminar,
		func(ctx workflow.Context, in CertSeminar) (CertView, error) { return w.locked(ctx, w.seminar(in)) },
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, in CertSeminar) error {
			if in.AttendanceID <= 0 {
				return refuse(sitecore.Invalid("attendance_id", "field.required"))
			}
			return phase(held...)
		}})
}

func (w *certWorkflow) lessonDone(in CertLessonDone) func(ctx workflow.Context) error {
	return func(ctx workflow.Context) error {
		if w.st.Phase != certification.PhaseLearning || slices.Contains(w.st.Done, in.LessonID) {
			return nil // a repeated lesson changes nothing
		}
		var n int
		if err := w.local(ctx, certActs.RecordLesson, activities.CertLesson{EnrollmentID: w.st.EnrollmentID, LessonID: in.LessonID}, &n); err != nil {
			return err
		}
		w.st.Done = append(w.st.Done, in.LessonID)
		if w.lessonsLeft() == 0 {
			return w.setPhase(ctx, certification.PhaseExam)
		}
		return nil
	}
}

func (w *certWorkflow) startExam(in CertExamStart) func(ctx workflow.Context) error {
	return func(ctx workflow.Context) error {
		if w.st.Open == in.AttemptID {
			return nil
		}
		a := certification.Attempt{AttemptID: in.AttemptID, Refresher: w.st.Phase != certification.PhaseExam,
			StartedAt: workflow.Now(ctx)}
		if err := w.local(ctx, certActs.RecordAttempt, activities.CertAttempt{EnrollmentID: w.st.EnrollmentID, Attempt: a}, nil); err != nil {
			return err
		}
		w.st.Open, w.st.OpenSite = in.AttemptID, in.SiteID
		w.watch(ctx)
		return nil
	}
}

// certWatchOptions are those of waiting for an attempt's workflow: as long as the attempt
// may last, heartbeating, so a worker that dies hands the wait to another within a minute.
var certWatchOptions = workflow.ActivityOptions{StartToCloseTimeout: 24 * time.Hour, HeartbeatTimeout: time.Minute,
	RetryPolicy: certRetry}

// watch waits, beside the main loop, for the open attempt's workflow to grade it and then
// records the grade as UpdateCertExamGraded would. A continued run watches again (the
// state keeps the open attempt); a grade already recorded, or an attempt no longer open,
// changes nothing.
func (w *certWorkflow) watch(ctx workflow.Context) {
	id, site := w.st.Open, w.st.OpenSite
	if id == 0 || site == 0 {
		return
	}
	workflow.Go(ctx, func(ctx workflow.Context) {
		actx := workflow.WithActivityOptions(ctx, certWatchOptions)
		var r certification.ExamResult
		if err := workflow.ExecuteActivity(actx, certActs.AwaitExamAttempt, activities.CertExamWatch{SiteID: site,
			AttemptID: id}).Get(actx, &r); err != nil {
			workflow.GetLogger(ctx).Error("exam attempt not watched", "attempt", id, "err", err)
			return
		}
		if _, err := w.locked(ctx, w.graded(r)); err != nil {
			workflow.GetLogger(ctx).Error("exam grade not recorded", "attempt", id, "err", err)
		}
	})
}

func (w *certWorkflow) graded(r certification.ExamResult) func(ctx workflow.Context) error {
	return func(ctx workflow.Context) error {
		if w.st.Open != r.AttemptID {
			return nil // graded twice: the first one counted
		}
		now := workflow.Now(ctx)
		passed := w.policy().Passes(r)
		a := certification.Attempt{AttemptID: r.AttemptID, GradedAt: now, Score: r.Score, MaxScore: r.MaxScore, Passed: passed}
		if err := w.local(ctx, certActs.RecordAttempt, activities.CertAttempt{EnrollmentID: w.st.EnrollmentID, Attempt: a}, nil); err != nil {
			return err
		}
		w.st.Open, w.st.OpenSite = 0, 0
		switch {
		case passed && w.st.Phase == certification.PhaseExam:
			return w.issue(ctx)
		case passed:
			return w.renew(ctx)
		}
		w.st.Attempts++
		w.st.LastGraded = now
		if w.st.Phase == certification.PhaseExam && w.st.Attempts >= w.st.Exam.Attempts {
			return w.setPhase(ctx, certification.PhaseFailed)
		}
		return nil
	}
}

func (w *certWorkflow) revoke(in CertRevoke) func(ctx workflow.Context) error {
	return func(ctx workflow.Context) error {
		if w.st.Phase == certification.PhaseRevoked {
			return nil
		}
		if err := w.local(ctx, certActs.ApplyRevocation, activities.CertRevocation{RevocationID: in.RevocationID,
			At: workflow.Now(ctx)}, nil); err != nil {
			return err
		}
		w.st.Phase = certification.PhaseRevoked
		return w.notify(ctx, activities.CertMailRevoked, activities.CertMailRevoked)
	}
}

func (w *certWorkflow) seminar(CertSeminar) func(ctx workflow.Context) error {
	return func(ctx workflow.Context) error {
		if w.st.Phase != certification.PhaseCertified && w.st.Phase != certification.PhaseExpired {
			return nil
		}
		return w.renew(ctx)
	}
}
