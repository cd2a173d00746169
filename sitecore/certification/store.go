package certification

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Store keeps courses, enrolments and progress, certificates, capabilities and trainers.
// Methods return ENotFound for what does not exist; writes that belong together (a
// certificate and the capability it grants; a revocation, the withdrawn capability and the
// audit row) happen in one transaction.
type Store interface {
	// Kind returns a certificate kind; Kinds lists them.
	Kind(ctx context.Context, code string) (*Kind, error)
	Kinds(ctx context.Context) ([]*Kind, error)

	// IsTrainer reports whether the user was appointed a trainer; SetTrainer appoints or
	// dismisses one, with an audit row.
	IsTrainer(ctx context.Context, userID int64) (bool, error)
	SetTrainer(ctx context.Context, userID int64, trainer bool, a *sitecore.AuditEntry) error

	// CreateCourse stores a new course and fills ID and times; UpdateCourse stores c's fields.
	CreateCourse(ctx context.Context, c *Course) error
	UpdateCourse(ctx context.Context, c *Course) error
	// FindCourse returns the course with its lessons in order.
	FindCourse(ctx context.Context, id int64) (*Course, error)
	// Courses lists courses (only published ones when published is true), without lessons.
	Courses(ctx context.Context, published bool) ([]*Course, error)
	// AddLesson inserts the lesson at l.Position (1-based; 0 or past the end appends),
	// shifting later lessons, and fills ID and Position. UpdateLesson replaces a lesson's
	// content and moves it to l.Position when that is not 0.
	AddLesson(ctx context.Context, l *Lesson) error
	UpdateLesson(ctx context.Context, l *Lesson) error

	// CreateEnrollment stores an enrolment in the learning phase; one that is not final for
	// the same person and kind is EConflict.
	CreateEnrollment(ctx context.Context, e *Enrollment) error
	// FindEnrollment returns an enrolment with its progress and attempts.
	FindEnrollment(ctx context.Context, id int64) (*Enrollment, error)
	// EnrollmentLessons returns the lesson IDs the enrolment must complete, in order (the
	// course's lessons when the person enrolled).
	EnrollmentLessons(ctx context.Context, id int64) ([]int64, error)
	// CurrentEnrollment returns the person's enrolment of the kind that is not final.
	CurrentEnrollment(ctx context.Context, userID int64, kind string) (*Enrollment, error)
	// RecordLesson marks a lesson of the enrolment's course done (again is harmless) and
	// returns how many of its lessons are done.
	RecordLesson(ctx context.Context, enrollmentID, lessonID int64) (int, error)
	// SetPhase stores the enrolment's phase.
	SetPhase(ctx context.Context, enrollmentID int64, phase Phase) error
	// StartAttempt records the start of an exam attempt (again is harmless);
	// GradeAttempt records its result.
	StartAttempt(ctx context.Context, enrollmentID int64, a Attempt) error
	GradeAttempt(ctx context.Context, enrollmentID int64, a Attempt) error
	// Learning returns the person's enrolments and certificates, newest first.
	Learning(ctx context.Context, userID int64) (*Learning, error)

	// IssueCertificate stores the enrolment's certificate (fills ID, Number and Code) and
	// grants the kind's capability, at most once per enrolment: a second call returns the
	// stored certificate.
	IssueCertificate(ctx context.Context, enrollmentID int64, c *Certificate) error
	// RenewCertificate moves the expiry and grants the capability again.
	RenewCertificate(ctx context.Context, certID int64, renewedAt, expiresAt time.Time) error
	// ExpireCertificate withdraws the capability granted by the certificate if it expires at
	// expiresAt (a renewal since then keeps it), and with it every other grant due by then,
	// each audited once; it returns how many grants it withdrew (0 when another call had).
	ExpireCertificate(ctx context.Context, certID int64, expiresAt time.Time) (int, error)
	// RequestRevocation stores an operator's revocation request.
	RequestRevocation(ctx context.Context, r *Revocation) error
	// ApplyRevocation revokes the certificate as requested, withdraws its capability and
	// writes the audit row, in one transaction; applying it again changes nothing.
	ApplyRevocation(ctx context.Context, revocationID int64, at time.Time) (*Certificate, error)
	// RecordAttendance stores a seminar attendance.
	RecordAttendance(ctx context.Context, a *Attendance) error
	// FindCertificate returns a certificate with its holder's name; CertificateByCode finds
	// one by its verification code.
	FindCertificate(ctx context.Context, id int64) (*Certificate, error)
	CertificateByCode(ctx context.Context, code string) (*Certificate, error)
	// Certificates lists certificates, newest first.
	Certificates(ctx context.Context, f CertificateFilter) ([]*Certificate, error)

	// Capability says whether the user holds the capability now: granted by a certificate
	// that is neither revoked nor expired.
	Capability(ctx context.Context, userID int64, c Capability) (CapabilityState, error)
}

// Process is the certification workflow seen from the service (workflows.CertificationClient):
// it starts a person's process and sends it their steps as updates, whose validators refuse
// what the process's state does not allow.
type Process interface {
	Start(ctx context.Context, e *Enrollment) error
	LessonDone(ctx context.Context, userID int64, kind string, lessonID int64) (Phase, error)
	StartExam(ctx context.Context, userID int64, kind string, a ExamStart) error
	ExamGraded(ctx context.Context, userID int64, kind string, r ExamResult) (Phase, error)
	Revoke(ctx context.Context, userID int64, kind string, revocationID int64) (Phase, error)
	SeminarAttended(ctx context.Context, userID int64, kind string, attendanceID int64) (Phase, error)
}

// MediaLookup checks that a media library item exists in a site.
type MediaLookup func(ctx context.Context, siteID int64, id string) error
