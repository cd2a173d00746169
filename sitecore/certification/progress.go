package certification

import "time"

// Phase is where a person's certification process stands.
type Phase string

// Phases of a certification process, in the order they are normally reached.
const (
	PhaseLearning  Phase = "learning"  // taking the course's lessons
	PhaseExam      Phase = "exam"      // every lesson done; the final exam is open
	PhaseCertified Phase = "certified" // the certificate is valid
	PhaseExpired   Phase = "expired"   // the certificate expired; renewal restores it
	PhaseRevoked   Phase = "revoked"   // an operator revoked the certificate (final)
	PhaseFailed    Phase = "failed"    // every exam attempt was used without passing (final)
)

// Final reports whether the process has ended; a new enrolment starts a new one.
func (p Phase) Final() bool { return p == PhaseRevoked || p == PhaseFailed }

// Enrollment is one person's way through a course towards a certificate of its kind.
type Enrollment struct {
	ID            int64     `json:"id"`
	UserID        int64     `json:"user_id"`
	CourseID      int64     `json:"course_id"`
	Kind          string    `json:"kind"`
	Phase         Phase     `json:"phase"`
	LessonsDone   []int64   `json:"lessons_done"`
	LessonCount   int       `json:"lesson_count"`
	CertificateID int64     `json:"certificate_id,omitempty"`
	EnrolledAt    time.Time `json:"enrolled_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	Attempts      []Attempt `json:"attempts"`
}

// Attempt is one exam attempt of an enrolment, as the certification process saw it.
type Attempt struct {
	AttemptID int64     `json:"attempt_id"`
	Refresher bool      `json:"refresher"`
	StartedAt time.Time `json:"started_at"`
	GradedAt  time.Time `json:"graded_at,omitzero"`
	Score     float64   `json:"score"`
	MaxScore  float64   `json:"max_score"`
	Passed    bool      `json:"passed"`
}

// Learning is what a person sees under "my learning": enrolments with progress and
// attempts, and certificates.
type Learning struct {
	Enrollments  []*Enrollment  `json:"enrollments"`
	Certificates []*Certificate `json:"certificates"`
}

// Revocation is an operator's request to revoke a certificate, stored (with who asked, from
// where, and why) before the certification process applies it; the process then receives
// only its ID.
type Revocation struct {
	ID            int64     `json:"id"`
	CertificateID int64     `json:"certificate_id"`
	ActorID       int64     `json:"actor_id"`
	ActorName     string    `json:"-"`
	Reason        string    `json:"reason"`
	IP            string    `json:"-"`
	UserAgent     string    `json:"-"`
	CreatedAt     time.Time `json:"created_at"`
}

// Attendance records that a certified person attended a seminar, which renews the
// certificate of the kind.
type Attendance struct {
	ID       int64     `json:"id"`
	UserID   int64     `json:"user_id"`
	Kind     string    `json:"kind"`
	Note     string    `json:"note"`
	MarkedBy int64     `json:"marked_by"`
	MarkedAt time.Time `json:"marked_at"`
}

// CapabilityState answers whether a person holds a capability now and, when not, the
// latest certificate that granted it (nil if there never was one), to say why.
type CapabilityState struct {
	Held   bool
	Latest *Certificate
}

// CertificateFilter selects certificates for operators' lists.
type CertificateFilter struct {
	UserID int64
	Kind   string
	Limit  int
}
