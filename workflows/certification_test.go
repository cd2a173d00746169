package workflows_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/smtp"
	"github.com/mektep/mektep/workflows"
)

// certEnv runs the certification workflow with time skipping against the real activities:
// a fresh PostgreSQL database, the SMTP sink and the mail log. Only Temporal's clock is the
// test server's.
type certEnv struct {
	*testsuite.TestWorkflowEnvironment
	t          *testing.T
	db         *postgres.DB
	store      *postgres.CertificationStore
	sink       *devstack.SMTPSink
	user       *sitecore.User
	course     *certification.Course
	enrollment *certification.Enrollment
	start      time.Time
}

const certDay = 24 * time.Hour

func newCertEnv(t *testing.T, exam certification.ExamPolicy) *certEnv {
	t.Helper()
	ctx := context.Background()
	db := testenv.Postgres(t)
	sink := testenv.SMTPSink(t)
	mailer, err := smtp.New(sink.URL(), "Mektep <noreply@mektep.kz>")
	if err != nil {
		t.Fatal(err)
	}
	e := &certEnv{t: t, db: db, store: db.Certification(), sink: sink}
	e.user = &sitecore.User{Email: "aigerim@school.edu.kz", FullName: "Айгерім Сәрсенова", Lang: sitecore.Kazakh, Visibility: sitecore.VisibilityMembers}
	if err := db.CreateUser(ctx, e.user); err != nil {
		t.Fatal(err)
	}
	title := map[sitecore.Lang]string{"kk": "Шаблондар", "ru": "Шаблоны", "en": "Templates"}
	e.course = &certification.Course{Kind: certification.KindTemplates, Title: title, Summary: map[sitecore.Lang]string{},
		Exam: exam, Refresher: certification.ExamPolicy{PassingScore: 70, Attempts: 2, WaitMinutes: 60}, Published: true}
	if err := e.store.CreateCourse(ctx, e.course); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		l := &certification.Lesson{CourseID: e.course.ID, Title: title, Body: map[sitecore.Lang]string{}, Media: []string{}, Videos: []certification.Video{}}
		if err := e.store.AddLesson(ctx, l); err != nil {
			t.Fatal(err)
		}
		e.course.Lessons = append(e.course.Lessons, l)
	}
	e.enrollment = &certification.Enrollment{UserID: e.user.ID, CourseID: e.course.ID}
	if err := e.store.CreateEnrollment(ctx, e.enrollment); err != nil {
		t.Fatal(err)
	}
	var s testsuite.WorkflowTestSuite
	e.TestWorkflowEnvironment = s.NewTestWorkflowEnvironment()
	e.start = time.Date(2026, 9, 1, 9, 0, 0, 0, sitecore.Almaty)
	e.SetStartTime(e.start)
	e.RegisterWorkflow(workflows.Certification)
	e.RegisterActivity(&activities.Certification{Store: e.store, Accounts: db, PublicURL: "https://mektep.kz",
		Mail: &activities.Mail{Mailer: mailer, MailLog: db}})
	e.SetTestTimeout(60 * time.Second)
	return e
}

// at runs check at d of workflow time.
func (e *certEnv) at(d time.Duration, check func()) { e.RegisterDelayedCallback(check, d) }

// capabilityRows counts the holder's grants of "edit templates".
func (e *certEnv) capabilityRows() int {
	var n int
	if err := e.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM user_capabilities WHERE user_id = $1 AND capability = $2`,
		e.user.ID, string(certification.CapEditTemplates)).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// subjects lists the subjects of the emails sent, oldest first.
func (e *certEnv) subjects() []string {
	ms, err := devstack.ReadMail(e.sink.Dir)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, m.Subject)
	}
	return out
}

// learnAndPass takes both lessons and passes the exam, at minutes 1–4.
func (e *certEnv) learnAndPass() {
	updateAt(e.t, e.TestWorkflowEnvironment, time.Minute, workflows.UpdateCertLessonDone, workflows.CertLessonDone{LessonID: e.course.Lessons[0].ID}, "")
	updateAt(e.t, e.TestWorkflowEnvironment, 2*time.Minute, workflows.UpdateCertLessonDone, workflows.CertLessonDone{LessonID: e.course.Lessons[1].ID}, "")
	updateAt(e.t, e.TestWorkflowEnvironment, 3*time.Minute, workflows.UpdateCertStartExam, workflows.CertExamStart{AttemptID: 101}, "")
	updateAt(e.t, e.TestWorkflowEnvironment, 4*time.Minute, workflows.UpdateCertExamGraded, certification.ExamResult{AttemptID: 101, Score: 9, MaxScore: 10, Passed: true}, "")
}

func (e *certEnv) run() workflows.CertView {
	e.t.Helper()
	e.ExecuteWorkflow(workflows.Certification, workflows.CertificationInput{EnrollmentID: e.enrollment.ID})
	if err := e.GetWorkflowError(); err != nil {
		e.t.Fatal(err)
	}
	var v workflows.CertView
	if err := e.GetWorkflowResult(&v); err != nil {
		e.t.Fatal(err)
	}
	return v
}

// The whole year: lessons, exam, certificate with the capability; reminders 30 and 7 days
// before expiry; the capability withdrawn at expiry; a seminar renews it; an operator's
// revocation ends it. Every step is in PostgreSQL and every email in the sink.
func TestCertificationIssueRemindExpireRenew(t *testing.T) {
	e := newCertEnv(t, certification.ExamPolicy{PassingScore: 80, Attempts: 3, WaitMinutes: 60})
	ctx := context.Background()
	e.learnAndPass()
	issued := e.start.Add(4 * time.Minute)
	expiry := issued.Add(certification.DefaultValidity)

	e.at(5*time.Minute, func() {
		if n := e.capabilityRows(); n != 1 {
			t.Errorf("after the exam: %d capability grants, want 1", n)
		}
		st, err := e.store.Capability(ctx, e.user.ID, certification.CapEditTemplates)
		if err != nil || !st.Held {
			t.Errorf("capability after issue: %+v %v", st, err)
		}
		cs, _ := e.store.Certificates(ctx, certification.CertificateFilter{UserID: e.user.ID, Limit: 5})
		if len(cs) != 1 || !cs[0].ExpiresAt.Equal(expiry) || len(cs[0].Code) != certification.CodeLength || cs[0].Holder != e.user.FullName {
			t.Errorf("certificate: %+v", cs)
		}
	})
	// Just before expiry the capability is still there; just after it is gone.
	before := expiry.Sub(e.start) - time.Minute
	e.at(before, func() {
		if n := e.capabilityRows(); n != 1 {
			t.Errorf("a minute before expiry: %d grants", n)
		}
		if got := e.subjects(); len(got) != 3 {
			t.Errorf("emails before expiry: %q, want issued and two reminders", got)
		}
	})
	e.at(expiry.Sub(e.start)+time.Second, func() {
		if n := e.capabilityRows(); n != 0 {
			t.Errorf("a second after expiry: %d grants, want 0", n)
		}
		en, _ := e.store.FindEnrollment(ctx, e.enrollment.ID)
		if en.Phase != certification.PhaseExpired {
			t.Errorf("phase after expiry: %s", en.Phase)
		}
	})
	// Renewal by a seminar 10 days after expiry restores the capability for a year from then.
	renewAt := expiry.Sub(e.start) + 10*certDay
	att := &certification.Attendance{UserID: e.user.ID, Kind: certification.KindTemplates, MarkedBy: 1}
	if err := e.store.RecordAttendance(ctx, att); err != nil {
		t.Fatal(err)
	}
	updateAt(e.t, e.TestWorkflowEnvironment, renewAt, workflows.UpdateCertSeminar, workflows.CertSeminar{AttendanceID: att.ID}, "")
	e.at(renewAt+time.Minute, func() {
		if n := e.capabilityRows(); n != 1 {
			t.Errorf("after renewal: %d grants, want 1", n)
		}
		cs, _ := e.store.Certificates(ctx, certification.CertificateFilter{UserID: e.user.ID, Limit: 5})
		if want := e.start.Add(renewAt).Add(certification.DefaultValidity); len(cs) != 1 || !cs[0].ExpiresAt.Equal(want) {
			t.Errorf("renewed certificate: %+v, want expiry %s", cs, want)
		}
	})
	// The refresher exam is open while certified: a failed attempt counts, and the waiting
	// time applies before the next one.
	updateAt(e.t, e.TestWorkflowEnvironment, renewAt+2*time.Hour, workflows.UpdateCertStartExam, workflows.CertExamStart{AttemptID: 201}, "")
	updateAt(e.t, e.TestWorkflowEnvironment, renewAt+3*time.Hour, workflows.UpdateCertExamGraded, certification.ExamResult{AttemptID: 201, Score: 1, MaxScore: 10, Passed: false}, "")
	updateAt(e.t, e.TestWorkflowEnvironment, renewAt+3*time.Hour+time.Minute, workflows.UpdateCertStartExam, workflows.CertExamStart{AttemptID: 202}, "cert.wait")

	// An operator revokes it; the workflow ends.
	var cert *certification.Certificate
	revokeAt := renewAt + 20*certDay
	e.at(revokeAt-time.Minute, func() {
		cs, _ := e.store.Certificates(ctx, certification.CertificateFilter{UserID: e.user.ID, Limit: 5})
		if len(cs) == 0 {
			t.Error("no certificate to revoke")
			return
		}
		cert = cs[0]
		r := &certification.Revocation{CertificateID: cert.ID, ActorID: 1, ActorName: "Operator", Reason: "Сайтқа зиянды код қойылды"}
		if err := e.store.RequestRevocation(ctx, r); err != nil {
			t.Fatal(err)
		}
		updateAt(e.t, e.TestWorkflowEnvironment, 0, workflows.UpdateCertRevoke, workflows.CertRevoke{RevocationID: r.ID}, "")
	})
	v := e.run()
	if v.Phase != certification.PhaseRevoked {
		t.Errorf("final phase %s", v.Phase)
	}
	if n := e.capabilityRows(); n != 0 {
		t.Errorf("after revocation: %d grants", n)
	}
	want := []string{"Сертификат берілді: Шаблондарды өңдеу", "«Шаблондарды өңдеу» сертификатының мерзімі " + expiry.In(sitecore.Almaty).Format("02.01.2006") + " аяқталады",
		"«Шаблондарды өңдеу» сертификатының мерзімі " + expiry.In(sitecore.Almaty).Format("02.01.2006") + " аяқталады",
		"«Шаблондарды өңдеу» сертификатының мерзімі аяқталды", "«Шаблондарды өңдеу» сертификаты ұзартылды", "«Шаблондарды өңдеу» сертификаты кері қайтарылды"}
	if got := e.subjects(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("emails:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var audits int
	_ = e.db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'certificate.revoke' AND target = $1`,
		"certificate:"+strconv.FormatInt(cert.ID, 10)).Scan(&audits)
	if audits != 1 {
		t.Errorf("revocation audit rows: %d", audits)
	}
	en, _ := e.store.FindEnrollment(ctx, e.enrollment.ID)
	if en.Phase != certification.PhaseRevoked || len(en.Attempts) != 2 || !en.Attempts[0].Passed || en.Attempts[1].Passed || !en.Attempts[1].Refresher {
		t.Errorf("enrollment record: %+v", en)
	}
}

// Revoked in the middle of the validity: the capability goes at once, the holder is told,
// and nothing more is sent (no reminders for a revoked certificate).
func TestCertificationRevokedMidway(t *testing.T) {
	e := newCertEnv(t, certification.DefaultExam)
	ctx := context.Background()
	e.learnAndPass()
	e.at(100*certDay, func() {
		cs, _ := e.store.Certificates(ctx, certification.CertificateFilter{UserID: e.user.ID, Limit: 5})
		r := &certification.Revocation{CertificateID: cs[0].ID, ActorID: 1, Reason: "Жалған құжаттар"}
		if err := e.store.RequestRevocation(ctx, r); err != nil {
			t.Fatal(err)
		}
		updateAt(e.t, e.TestWorkflowEnvironment, 0, workflows.UpdateCertRevoke, workflows.CertRevoke{RevocationID: r.ID}, "")
		// Revoking again is refused by the validator once the first has run.
		updateAt(e.t, e.TestWorkflowEnvironment, time.Minute, workflows.UpdateCertRevoke, workflows.CertRevoke{RevocationID: r.ID}, "cert.phase")
	})
	v := e.run()
	if v.Phase != certification.PhaseRevoked || e.capabilityRows() != 0 {
		t.Errorf("phase %s, grants %d", v.Phase, e.capabilityRows())
	}
	got := e.subjects()
	if len(got) != 2 || !strings.Contains(got[1], "кері қайтарылды") {
		t.Errorf("emails: %q", got)
	}
	ms, _ := devstack.ReadMail(e.sink.Dir)
	if len(ms) == 2 && !strings.Contains(ms[1].Text, "Жалған құжаттар") {
		t.Errorf("the revocation email lacks the reason: %s", ms[1].Text)
	}
	cs, _ := e.store.Certificates(ctx, certification.CertificateFilter{UserID: e.user.ID, Limit: 5})
	if st := cs[0].StatusAt(time.Now()); st != certification.StatusRevoked || cs[0].RevokedReason != "Жалған құжаттар" {
		t.Errorf("certificate after revocation: %s %+v", st, cs[0])
	}
}

// The validators: steps out of order, unknown lessons and attempts, the waiting time
// between attempts, and the end after the last failed attempt.
func TestCertificationExamRules(t *testing.T) {
	e := newCertEnv(t, certification.ExamPolicy{PassingScore: 80, Attempts: 2, WaitMinutes: 24 * 60})
	l0, l1 := e.course.Lessons[0].ID, e.course.Lessons[1].ID
	updateAt(e.t, e.TestWorkflowEnvironment, time.Minute, workflows.UpdateCertStartExam, workflows.CertExamStart{AttemptID: 1}, "cert.phase")
	updateAt(e.t, e.TestWorkflowEnvironment, 2*time.Minute, workflows.UpdateCertLessonDone, workflows.CertLessonDone{LessonID: 999999}, "cert.lesson_unknown")
	updateAt(e.t, e.TestWorkflowEnvironment, 3*time.Minute, workflows.UpdateCertLessonDone, workflows.CertLessonDone{LessonID: l0}, "")
	updateAt(e.t, e.TestWorkflowEnvironment, 4*time.Minute, workflows.UpdateCertLessonDone, workflows.CertLessonDone{LessonID: l0}, "") // again: harmless
	updateAt(e.t, e.TestWorkflowEnvironment, 5*time.Minute, workflows.UpdateCertLessonDone, workflows.CertLessonDone{LessonID: l1}, "")
	updateAt(e.t, e.TestWorkflowEnvironment, 6*time.Minute, workflows.UpdateCertLessonDone, workflows.CertLessonDone{LessonID: l1}, "cert.phase")
	updateAt(e.t, e.TestWorkflowEnvironment, 7*time.Minute, workflows.UpdateCertExamGraded, certification.ExamResult{AttemptID: 5, Score: 10, MaxScore: 10, Passed: true}, "cert.attempt_unknown")
	updateAt(e.t, e.TestWorkflowEnvironment, 8*time.Minute, workflows.UpdateCertStartExam, workflows.CertExamStart{AttemptID: 5}, "")
	updateAt(e.t, e.TestWorkflowEnvironment, 9*time.Minute, workflows.UpdateCertStartExam, workflows.CertExamStart{AttemptID: 6}, "cert.attempt_open")
	// 79 % with the grader's "passed" is below the course's 80 %: a failure.
	updateAt(e.t, e.TestWorkflowEnvironment, 10*time.Minute, workflows.UpdateCertExamGraded, certification.ExamResult{AttemptID: 5, Score: 79, MaxScore: 100, Passed: true}, "")
	updateAt(e.t, e.TestWorkflowEnvironment, 11*time.Minute, workflows.UpdateCertStartExam, workflows.CertExamStart{AttemptID: 6}, "cert.wait")
	updateAt(e.t, e.TestWorkflowEnvironment, 10*time.Minute+24*time.Hour, workflows.UpdateCertStartExam, workflows.CertExamStart{AttemptID: 6}, "")
	updateAt(e.t, e.TestWorkflowEnvironment, 11*time.Minute+24*time.Hour, workflows.UpdateCertExamGraded, certification.ExamResult{AttemptID: 6, Score: 11, MaxScore: 10}, "cert.score")
	updateAt(e.t, e.TestWorkflowEnvironment, 12*time.Minute+24*time.Hour, workflows.UpdateCertExamGraded, certification.ExamResult{AttemptID: 6, Score: 10, MaxScore: 10, Passed: false}, "")
	v := e.run()
	if v.Phase != certification.PhaseFailed || e.capabilityRows() != 0 {
		t.Errorf("after two failed attempts: %+v, %d grants", v, e.capabilityRows())
	}
	en, err := e.store.FindEnrollment(context.Background(), e.enrollment.ID)
	if err != nil || en.Phase != certification.PhaseFailed || len(en.Attempts) != 2 || len(en.LessonsDone) != 2 {
		t.Errorf("enrollment: %+v %v", en, err)
	}
	if got := e.subjects(); len(got) != 0 {
		t.Errorf("emails without a certificate: %q", got)
	}
}

// TestCertificationReplay replays a certification recorded from a real run (internal/app's
// TestCertificationOverHTTP with MEKTEP_RECORD_HISTORY=1) against the current code.
func TestCertificationReplay(t *testing.T) {
	r := worker.NewWorkflowReplayer()
	r.RegisterWorkflow(workflows.Certification)
	if err := r.ReplayWorkflowHistoryFromJSONFile(nil, "../testdata/histories/certification.json"); err != nil {
		t.Fatalf("replay: %v", err)
	}
}
