package olympiad

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// Registration is one participant's place in a round: the contest (subject and grade), the
// school they represent with its district and region (read from the organisation tree when
// they register), whether they were invited as a qualifier of the previous round, and the
// attempt made for them when the round started (test tasks).
type Registration struct {
	ID            int64     `json:"id"`
	SiteID        int64     `json:"site_id"`
	RoundID       int64     `json:"round_id"`
	ParticipantID int64     `json:"participant_id"`
	SchoolID      int64     `json:"school_id"`
	DistrictID    int64     `json:"district_id,omitempty"`
	RegionID      int64     `json:"region_id,omitempty"`
	Subject       string    `json:"subject"`
	Grade         int       `json:"grade"`
	Invited       bool      `json:"invited"`
	TestID        int64     `json:"test_id,omitempty"` // the task's test; 0 for a paper task
	AttemptID     int64     `json:"attempt_id,omitempty"`
	Created       time.Time `json:"created_at"`
}

// Result is a participant's result in a round with their places once ranked. Items are the
// jury's points per item of a paper task. Pending counts essays still waiting for a grade
// when the results were collected.
type Result struct {
	RegistrationID int64     `json:"registration_id"`
	RoundID        int64     `json:"round_id"`
	Score          float64   `json:"score"`
	MaxScore       float64   `json:"max_score"`
	Items          []float64 `json:"items,omitempty"`
	Absent         bool      `json:"absent"`
	Pending        int       `json:"pending"`
	Place          int       `json:"place"`
	SchoolPlace    int       `json:"school_place"`
	DistrictPlace  int       `json:"district_place"`
	RegionPlace    int       `json:"region_place"`
	Qualified      bool      `json:"qualified"`
}

// AppealStatus is where an appeal is.
type AppealStatus string

// Appeal statuses.
const (
	AppealOpen       AppealStatus = "open"
	AppealAccepted   AppealStatus = "accepted"   // the jury changed the points
	AppealRejected   AppealStatus = "rejected"   // the jury kept the points
	AppealUnanswered AppealStatus = "unanswered" // not decided by the freeze: the points stay
)

// MaxAppealText bounds an appeal's and a decision's text, in characters.
const MaxAppealText = 4000

// Appeal is a participant contesting the grading of one question (a test's question ID, or
// the 1-based item number of a paper task).
type Appeal struct {
	ID             int64        `json:"id"`
	SiteID         int64        `json:"site_id"`
	RoundID        int64        `json:"round_id"`
	RegistrationID int64        `json:"registration_id"`
	ParticipantID  int64        `json:"participant_id"`
	QuestionID     int64        `json:"question_id"`
	Text           string       `json:"text"`
	Status         AppealStatus `json:"status"`
	Decision       string       `json:"decision,omitempty"`
	PointsBefore   float64      `json:"points_before"`
	PointsAfter    float64      `json:"points_after"`
	JuryMemberID   int64        `json:"jury_member_id,omitempty"`
	FiledAt        time.Time    `json:"filed_at"`
	DecidedAt      time.Time    `json:"decided_at,omitzero"`
}

// Decision is a jury member's answer to an appeal: accepted with the question's new points,
// or rejected, with a comment for the participant.
type Decision struct {
	AppealID     int64   `json:"appeal_id"`
	JuryMemberID int64   `json:"jury_member_id"`
	Accept       bool    `json:"accept"`
	Points       float64 `json:"points"` // the question's points after an accepted appeal
	Comment      string  `json:"comment"`
}

// Diploma is a participant's diploma or certificate of a round. Code is its public
// verification code (see NewCode); a diploma is visible to the lookup once published.
type Diploma struct {
	ID             int64     `json:"id"`
	SiteID         int64     `json:"site_id"`
	RoundID        int64     `json:"round_id"`
	RegistrationID int64     `json:"registration_id"`
	Award          Award     `json:"award"`
	Place          int       `json:"place"`
	Score          float64   `json:"score"`
	Code           string    `json:"code"`
	Issued         time.Time `json:"issued_at"`
	Published      time.Time `json:"published_at,omitzero"`
}

// DiplomaView is what a printed diploma and the public verification show.
type DiplomaView struct {
	Code        string        `json:"code"`
	Award       Award         `json:"award"`
	Participant string        `json:"participant"`
	School      string        `json:"school"`
	Olympiad    string        `json:"olympiad"`
	Stage       Stage         `json:"stage"`
	Subject     string        `json:"subject"`
	Grade       int           `json:"grade"`
	Place       int           `json:"place"`
	Score       float64       `json:"score"`
	MaxScore    float64       `json:"max_score"`
	Issued      time.Time     `json:"issued_at"`
	Organiser   string        `json:"organiser"`
	Lang        sitecore.Lang `json:"lang"`
}

// ResultRow is one line of the results export: a result with its participant's and
// school's names and the names of the school's district and region in the language asked.
type ResultRow struct {
	Standing
	MaxScore    float64
	Pending     int
	Qualified   bool
	Award       Award
	Participant string
	School      string
	District    string
	Region      string
}

// ParticipantRow is one line of the participants export.
type ParticipantRow struct {
	Registration
	Participant string
	Email       string
	School      string
	District    string
	Region      string
}

// AppealRow is one line of the appeals export.
type AppealRow struct {
	Appeal
	Participant string
	School      string
	JuryMember  string
}

// Recipient is whom an olympiad email goes to, read by the activity that sends it (the
// workflow carries only IDs).
type Recipient struct {
	RegistrationID int64
	Email          string
	Name           string
	Lang           sitecore.Lang
}

// Store keeps olympiads in PostgreSQL. Every method takes the organiser's site: a record of
// another site is ENotFound. Only VerifyDiploma, the public lookup by code, takes none.
type Store interface {
	// CreateOlympiad stores a prepared olympiad with its rounds and jury in one transaction,
	// filling the IDs. A test of a task that is not the site's is ENotFound.
	CreateOlympiad(ctx context.Context, o *Olympiad) error
	// FindOlympiad returns the olympiad with its rounds (by number) and jury.
	FindOlympiad(ctx context.Context, siteID, id int64) (*Olympiad, error)
	FindRound(ctx context.Context, siteID, roundID int64) (*Round, error)
	// AdvanceRound moves the round to status to unless it has reached it already, and returns
	// the status after (a step that runs twice changes nothing).
	AdvanceRound(ctx context.Context, siteID, roundID int64, to RoundStatus) (RoundStatus, error)

	// Register stores a participant's registration for the first round at now: registration
	// must be open (EConflict "olympiad.registration_closed"), the school in the organiser's
	// tree (EInvalid "olympiad.school_outside"), the round must have a task for the subject
	// and grade (EInvalid "olympiad.no_task"), and a second registration for the round is
	// EConflict "olympiad.registered". It fills ID, the district and the region.
	Register(ctx context.Context, r *Registration, now time.Time) error
	FindRegistration(ctx context.Context, siteID, id int64) (*Registration, error)
	// ParticipantRegistration returns the participant's registration for the round, or
	// ENotFound.
	ParticipantRegistration(ctx context.Context, siteID, roundID, participantID int64) (*Registration, error)
	// RegistrationsWithoutAttempt returns up to limit registrations of test tasks that have
	// no attempt yet, by ID.
	RegistrationsWithoutAttempt(ctx context.Context, siteID, roundID int64, limit int) ([]Registration, error)
	// LinkAttempt records the attempt made for a registration.
	LinkAttempt(ctx context.Context, siteID, registrationID, attemptID int64) error

	// The attempts of a round whose deadlines the round's workflow holds (they have no
	// workflow of their own, so a round of 20,000 needs no 20,000 workflow starts).

	// StartRoundAttempt stores a started attempt for the registration and links it in one
	// statement, with no intake row. A registration with an attempt already is EConflict
	// "olympiad.attempt_linked"; an open attempt of the student at the test is EConflict
	// "quiz.attempt_open".
	StartRoundAttempt(ctx context.Context, a *quiz.Attempt, registrationID int64) error
	// CloseDueRoundAttempts closes up to limit of the round's started attempts whose save
	// cutoff is at or before at (submitted as of the cutoff, closed as of the deadline
	// under GraceNever), after the autosaves in flight, and returns how many.
	CloseDueRoundAttempts(ctx context.Context, siteID, roundID int64, at time.Time, limit int) (int, error)
	// UngradedRoundAttempts returns up to limit IDs above after of the round's submitted
	// attempts never graded, by ID.
	UngradedRoundAttempts(ctx context.Context, siteID, roundID, after int64, limit int) ([]int64, error)
	// NextRoundDeadline returns the earliest save cutoff of the round's started attempts,
	// or the zero time when none is open.
	NextRoundDeadline(ctx context.Context, siteID, roundID int64) (time.Time, error)
	// AttemptsWithAnswers returns the attempts with the IDs and their stored answers by
	// attempt, to grade many at once.
	AttemptsWithAnswers(ctx context.Context, siteID int64, ids []int64) ([]quiz.Attempt, map[int64][]quiz.Answer, error)
	// RecordManyGrades stores the grades and scores of many submitted or graded attempts in
	// one transaction (others are left as they are) and returns how many it graded.
	RecordManyGrades(ctx context.Context, siteID int64, gs []quiz.AttemptGrades, at time.Time) (int, error)
	// CountRegistrations returns how many participants the round has.
	CountRegistrations(ctx context.Context, siteID, roundID int64) (int, error)

	// EnterScores records the jury's points per item of a paper task before the results are
	// released (afterwards points change only through appeals: EConflict
	// "olympiad.results_released").
	EnterScores(ctx context.Context, siteID, registrationID int64, items []float64, juryID int64) error
	// CollectResults copies the scores of the round's attempts into its results (absent when
	// there is no attempt, it was closed unscored or a paper task has no points) and returns
	// how many results the round has.
	CollectResults(ctx context.Context, siteID, roundID int64) (int, error)
	// Entries returns the round's results as ranking needs them.
	Entries(ctx context.Context, siteID, roundID int64) ([]Entry, error)
	// SetPlaces stores the places of ranked standings.
	SetPlaces(ctx context.Context, siteID, roundID int64, s []Standing) error
	// ParticipantResult returns a participant's result; before the release it is ENotFound
	// "olympiad.results_hidden", so nothing leaks early.
	ParticipantResult(ctx context.Context, siteID, roundID, participantID int64) (*Result, error)
	// Participants returns the IDs of the round's participants with a result, sorted.
	Participants(ctx context.Context, siteID, roundID int64) ([]int64, error)
	// SetResultScore replaces a result's score (after an appeal changed an attempt's grade).
	SetResultScore(ctx context.Context, siteID, registrationID int64, score float64) error

	// FileAppeal stores an open appeal from the registration's participant about a question
	// of their attempt (or an item of their paper task), filling ID, PointsBefore and
	// FiledAt. Another participant's registration is ENotFound; a question not in it EInvalid
	// "olympiad.appeal_question"; a second appeal of the same question EConflict
	// "olympiad.appeal_repeated".
	FileAppeal(ctx context.Context, a *Appeal) error
	FindAppeal(ctx context.Context, siteID, id int64) (*Appeal, error)
	// AppealOf returns the appeal of a registration's question, or ENotFound.
	AppealOf(ctx context.Context, siteID, registrationID, questionID int64) (*Appeal, error)
	// DecideAppeal records the decision of an open appeal at the time; for a paper task an
	// accepted appeal also sets the item's points and the score. Deciding it again with the
	// same decision changes nothing; another decision of a decided appeal is EConflict
	// "olympiad.appeal_decided".
	DecideAppeal(ctx context.Context, siteID int64, d Decision, at time.Time) (*Appeal, error)
	// OpenAppeals returns the IDs of the round's open appeals.
	OpenAppeals(ctx context.Context, siteID, roundID int64) ([]int64, error)
	// CloseOpenAppeals marks the round's open appeals unanswered and returns how many.
	CloseOpenAppeals(ctx context.Context, siteID, roundID int64, at time.Time) (int, error)

	// Qualify marks the registrations as qualified and registers them for the next round
	// (invited, same contest and school); returns the next round's invited registrations.
	Qualify(ctx context.Context, siteID, roundID, nextRoundID int64, registrationIDs []int64) (int, error)
	// IssueDiplomas stores diplomas; a registration's diploma issued before keeps its code.
	IssueDiplomas(ctx context.Context, siteID int64, ds []Diploma) error
	// PublishDiplomas makes the round's diplomas visible to the lookup and returns how many.
	PublishDiplomas(ctx context.Context, siteID, roundID int64, at time.Time) (int, error)
	// DiplomaView returns a registration's diploma as printed, in lang.
	DiplomaView(ctx context.Context, siteID, registrationID int64, lang sitecore.Lang) (*DiplomaView, error)
	// VerifyDiploma is the public lookup: the published diploma with the code (normalised
	// with NormalizeCode), or ENotFound.
	VerifyDiploma(ctx context.Context, code string, lang sitecore.Lang) (*DiplomaView, error)

	// Recipients returns up to limit recipients of the round's registrations with IDs above
	// after, by ID; qualifiedOnly keeps the qualifiers.
	Recipients(ctx context.Context, siteID, roundID, after int64, limit int, qualifiedOnly bool) ([]Recipient, error)
	// EachResultRow, EachParticipantRow and EachAppealRow stream the round's rows for the
	// exports (results by contest and place, participants and appeals by ID), names in lang.
	EachResultRow(ctx context.Context, siteID, roundID int64, lang sitecore.Lang, fn func(*ResultRow) error) error
	EachParticipantRow(ctx context.Context, siteID, roundID int64, lang sitecore.Lang, fn func(*ParticipantRow) error) error
	EachAppealRow(ctx context.Context, siteID, roundID int64, lang sitecore.Lang, fn func(*AppealRow) error) error
}
