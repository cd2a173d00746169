package quiz

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"time"
)

// Status is where an attempt is. An attempt moves started → submitted → graded, or
// started → closed when GraceNever refuses an attempt not submitted in time.
type Status string

// Attempt statuses.
const (
	Started   Status = "started"
	Submitted Status = "submitted" // no more saves; grading runs (or waits for essays)
	Graded    Status = "graded"    // every part graded: the score is final
	Closed    Status = "closed"    // not submitted in time under GraceNever: no score
)

// Attempt is one student's sitting of a test.
type Attempt struct {
	ID        int64 `json:"id" db:"id"`
	SiteID    int64 `json:"site_id" db:"site_id"`
	TestID    int64 `json:"test_id" db:"test_id"`
	StudentID int64 `json:"student_id" db:"student_id"`
	Number    int   `json:"number" db:"number"` // 1 for the student's first attempt at the test
	// Seed drew the slots and orders the options; it is kept for the views.
	Seed        uint64    `json:"-" db:"seed"`
	Slots       []Slot    `json:"slots" db:"slots"`
	Status      Status    `json:"status" db:"status"`
	StartedAt   time.Time `json:"started_at" db:"started_at"`
	Deadline    time.Time `json:"deadline" db:"deadline"`
	SaveCutoff  time.Time `json:"-" db:"save_cutoff"` // the last moment a save counts (deadline + grace)
	SubmittedAt time.Time `json:"submitted_at,omitzero" db:"submitted_at"`
	GradedAt    time.Time `json:"graded_at,omitzero" db:"graded_at"`
	Score       float64   `json:"score" db:"score"`
	MaxScore    float64   `json:"max_score" db:"max_score"`
	// Pending counts the answers waiting for a teacher (essays).
	Pending int `json:"pending" db:"pending"`
}

// Save is one autosave of an answer. Seq is the browser's counter for the question: a save
// with a lower Seq than the stored one is late (sent before it) and ignored.
type Save struct {
	AttemptID  int64     `json:"attempt_id"`
	QuestionID int64     `json:"question_id"`
	Seq        int64     `json:"seq"`
	Response   Response  `json:"response"`
	SavedAt    time.Time `json:"saved_at"`
}

// Answer is the stored answer to one slot of an attempt, with its grade once graded.
type Answer struct {
	AttemptID  int64     `json:"attempt_id" db:"attempt_id"`
	QuestionID int64     `json:"question_id" db:"question_id"`
	Seq        int64     `json:"seq" db:"seq"`
	Response   Response  `json:"response" db:"response"`
	SavedAt    time.Time `json:"saved_at" db:"saved_at"`
	Graded     bool      `json:"graded" db:"graded"`
	Fraction   float64   `json:"fraction" db:"fraction"`
	Points     float64   `json:"points" db:"points"`
	GradedBy   int64     `json:"graded_by,omitempty" db:"graded_by"` // the teacher, for a hand-graded answer
}

// Bank is a school's collection of questions for a subject and grade.
type Bank struct {
	ID      int64     `json:"id" db:"id"`
	SiteID  int64     `json:"site_id" db:"site_id"`
	Name    Text      `json:"name" db:"name"`
	Subject string    `json:"subject" db:"subject"`
	Grade   int       `json:"grade" db:"grade"`
	Created time.Time `json:"created_at" db:"created_at"`
	Updated time.Time `json:"updated_at" db:"updated_at"`
}

// SaveOutcome tells what a save did.
type SaveOutcome string

// Save outcomes. A repeated or late save is not an error: the browser retries and reorders.
const (
	SaveStored SaveOutcome = "stored" // the newest answer now
	SaveSame   SaveOutcome = "same"   // this seq was stored already (a retry): nothing changed
	SaveStale  SaveOutcome = "stale"  // a newer seq is stored: ignored
)

// NewAttempt makes the record of an attempt of t that a student who has used attempts
// starts at now: it checks the window and the attempts left, draws the questions from bank
// with seed (see Pick), and sets the deadline, the save cutoff and the maximum score. The
// store checks the attempts left again when it inserts the record.
func NewAttempt(t *Test, bank []Question, studentID int64, now time.Time, seed uint64, used int) (*Attempt, error) {
	if err := t.CanStart(now, used); err != nil {
		return nil, err
	}
	slots, err := Pick(t, bank, seed)
	if err != nil {
		return nil, err
	}
	d := t.Deadline(now)
	return &Attempt{SiteID: t.SiteID, TestID: t.ID, StudentID: studentID, Seed: seed, Slots: slots,
		Status: Started, StartedAt: now, Deadline: d, SaveCutoff: SaveCutoff(d, t.Grace), MaxScore: MaxScore(slots)}, nil
}

// AttemptStart is what an attempt's workflow starts with.
type AttemptStart struct {
	SiteID, AttemptID, StudentID int64
	Deadline                     time.Time
	Grace                        Grace
}

// Start returns what the attempt's workflow starts with under the test's grace policy.
func (a *Attempt) Start(g Grace) AttemptStart {
	return AttemptStart{SiteID: a.SiteID, AttemptID: a.ID, StudentID: a.StudentID, Deadline: a.Deadline, Grace: g}
}

// NewSeed returns a random seed for an attempt's draw.
func NewSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

// HasQuestion reports whether the question is one of the attempt's slots.
func (a *Attempt) HasQuestion(id int64) bool {
	for _, s := range a.Slots {
		if s.QuestionID == id {
			return true
		}
	}
	return false
}

// Store keeps banks, questions, tests, attempts and answers in PostgreSQL. Every method
// takes the site: a record of another site is ENotFound.
type Store interface {
	CreateBank(ctx context.Context, b *Bank) error
	FindBank(ctx context.Context, siteID, id int64) (*Bank, error)
	ListBanks(ctx context.Context, siteID int64) ([]Bank, error)

	// CreateQuestions stores prepared questions in the bank in one transaction, all or
	// none, filling their IDs and times.
	CreateQuestions(ctx context.Context, siteID, bankID int64, qs []Question) error
	// UpdateQuestion replaces a prepared question's fields (not its bank).
	UpdateQuestion(ctx context.Context, q *Question) error
	FindQuestion(ctx context.Context, siteID, id int64) (*Question, error)
	// ListQuestions returns the bank's questions by category, then ID.
	ListQuestions(ctx context.Context, siteID, bankID int64) ([]Question, error)
	// QuestionsByID returns the site's questions with the IDs (missing ones are left out).
	QuestionsByID(ctx context.Context, siteID int64, ids []int64) ([]Question, error)
	// QuestionsForTest returns what Pick needs for t: its fixed questions and every
	// question of the categories its random items draw from.
	QuestionsForTest(ctx context.Context, t *Test) ([]Question, error)

	CreateTest(ctx context.Context, t *Test) error
	UpdateTest(ctx context.Context, t *Test) error
	FindTest(ctx context.Context, siteID, id int64) (*Test, error)

	// StartAttempt stores a new started attempt, numbering it, with an intake row that
	// asks for its workflow (see PendingAttemptIntake). A student with an open
	// attempt at the test gets EConflict "quiz.attempt_open" (the database's unique index
	// decides, so two requests at once cannot both start); one who has used allowed attempts
	// (0: unlimited) EConflict "quiz.attempts_used".
	StartAttempt(ctx context.Context, a *Attempt, allowed int) error
	FindAttempt(ctx context.Context, siteID, id int64) (*Attempt, error)
	// PendingAttemptIntake returns up to limit attempts whose workflow is not started yet.
	PendingAttemptIntake(ctx context.Context, limit int) ([]AttemptStart, error)
	// MarkAttemptIntakeStarted forgets the intake rows of attempts whose workflow runs.
	MarkAttemptIntakeStarted(ctx context.Context, attemptIDs []int64) error
	// StudentAttempt returns the attempt only if it is the student's, else ENotFound.
	StudentAttempt(ctx context.Context, siteID, studentID, id int64) (*Attempt, error)
	// OpenAttempt returns the student's started attempt at the test, or ENotFound.
	OpenAttempt(ctx context.Context, siteID, testID, studentID int64) (*Attempt, error)
	// CountAttempts returns how many attempts the student has made at the test.
	CountAttempts(ctx context.Context, siteID, testID, studentID int64) (int, error)
	ListAttempts(ctx context.Context, siteID, testID int64) ([]Attempt, error)

	// SaveAnswer stores an autosave of a started attempt whose cutoff is not past at now.
	// An attempt that is not started or past its cutoff is EConflict "quiz.attempt_closed"
	// and nothing changes; a question outside the attempt is EInvalid "quiz.not_in_attempt".
	SaveAnswer(ctx context.Context, siteID int64, s Save, now time.Time) (SaveOutcome, error)
	// Answers returns the attempt's stored answers by question ID.
	Answers(ctx context.Context, siteID, attemptID int64) ([]Answer, error)
	// Submit moves a started attempt to submitted (closed with closed) at the time; it
	// returns false when the attempt was not started any more (a repeat is harmless).
	Submit(ctx context.Context, siteID, attemptID int64, at time.Time, closed bool) (bool, error)
	// RecordGrades stores the grades of a submitted (or graded, for a regrade) attempt's
	// answers and its score in one transaction; the attempt is graded when pending is 0.
	// A hand grade's GradedBy is kept.
	RecordGrades(ctx context.Context, siteID, attemptID int64, grades []Answer, score float64, pending int, at time.Time) (*Attempt, error)
	// GradeAnswer records a teacher's fraction for one answer (an essay); the caller then
	// recomputes the attempt with GradeAttempt and RecordGrades.
	GradeAnswer(ctx context.Context, siteID, attemptID, questionID int64, fraction float64, teacherID int64) error
}
