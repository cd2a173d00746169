package quiz

import (
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Review is what a student sees of a submitted attempt.
type Review string

// Review rules.
const (
	ReviewScore      Review = "score"         // the score only, as soon as it is final
	ReviewAfterClose Review = "answers_after" // the score, then own answers and the key once the window has closed
	ReviewNothing    Review = "nothing"       // nothing (olympiads until results are released)
)

// GraceMode is what happens to an attempt that is still open at its deadline (as Moodle's
// "when time expires").
type GraceMode string

// Grace modes.
const (
	// GraceSubmit submits the attempt at the deadline with what was saved.
	GraceSubmit GraceMode = "submit"
	// GraceLastSave accepts saves for Grace.Seconds after the deadline (the browser's last
	// autosave may be in flight), then submits.
	GraceLastSave GraceMode = "last_save"
	// GraceNever does not count an attempt the student did not submit in time: it is
	// closed unsubmitted with no score.
	GraceNever GraceMode = "never"
)

// MaxGraceSeconds bounds Grace.Seconds.
const MaxGraceSeconds = 600

// Grace is a test's policy at the deadline.
type Grace struct {
	Mode    GraceMode `json:"mode"`
	Seconds int       `json:"seconds,omitempty"` // GraceLastSave only
}

// AudienceKind is who may take a test.
type AudienceKind string

// Audiences.
const (
	AudienceClass      AudienceKind = "class"      // the students of one class (Ref is the class)
	AudienceSchool     AudienceKind = "school"     // the school's students
	AudienceOrgUnit    AudienceKind = "org_unit"   // the students of an org unit's schools (Ref is the unit)
	AudienceRegistered AudienceKind = "registered" // anyone with an account
)

// Audience is who may take a test.
type Audience struct {
	Kind AudienceKind `json:"kind"`
	Ref  string       `json:"ref,omitempty"`
}

// Item is one entry of a test: a fixed question (QuestionID), or Count questions drawn at
// random per attempt from a bank's Category. Points, if not zero, overrides the questions'
// own points.
type Item struct {
	QuestionID int64   `json:"question_id,omitempty"`
	BankID     int64   `json:"bank_id,omitempty"`
	Category   string  `json:"category,omitempty"`
	Count      int     `json:"count,omitempty"`
	Points     float64 `json:"points,omitempty"`
}

// Random reports whether the item draws questions at random.
func (it Item) Random() bool { return it.QuestionID == 0 }

// Limits of a test.
const (
	MaxItems         = 200
	MaxTestQuestions = 500
	MaxTimeLimit     = 24 * time.Hour
)

// Test is a test of a school: its questions, timing and rules.
type Test struct {
	ID               int64         `json:"id" db:"id"`
	SiteID           int64         `json:"site_id" db:"site_id"`
	Title            Text          `json:"title" db:"title"`
	Subject          string        `json:"subject" db:"subject"`
	Grade            int           `json:"grade" db:"grade"` // 1..11, 0 for any
	Items            []Item        `json:"items" db:"items"`
	ShuffleQuestions bool          `json:"shuffle_questions" db:"shuffle_questions"`
	ShuffleOptions   bool          `json:"shuffle_options" db:"shuffle_options"`
	TimeLimit        time.Duration `json:"time_limit" db:"time_limit"` // 0: the window alone limits
	Opens            time.Time     `json:"opens" db:"opens"`
	Closes           time.Time     `json:"closes" db:"closes"`
	AttemptsAllowed  int           `json:"attempts_allowed" db:"attempts_allowed"` // 0: unlimited
	Review           Review        `json:"review" db:"review"`
	Grace            Grace         `json:"grace" db:"grace"`
	Audience         Audience      `json:"audience" db:"audience"`
	Created          time.Time     `json:"created_at" db:"created_at"`
	Updated          time.Time     `json:"updated_at" db:"updated_at"`
}

// Prepare fills defaults (review "score", grace "submit") and validates the test.
func (t *Test) Prepare() error {
	t.Subject = strings.TrimSpace(t.Subject)
	if t.Review == "" {
		t.Review = ReviewScore
	}
	if t.Grace.Mode == "" {
		t.Grace.Mode = GraceSubmit
	}
	return t.Validate()
}

// Validate checks a test without changing it. A test needs a closing time or a time
// limit, so that every attempt has a deadline.
func (t *Test) Validate() error {
	if err := t.Title.validate("title", true, 500); err != nil {
		return err
	}
	if len([]rune(t.Subject)) > 200 {
		return sitecore.Invalid("subject", "field.too_long", "field", "subject", "max", "200")
	}
	if t.Grade < 0 || t.Grade > 12 {
		return sitecore.Invalid("grade", "quiz.grade", "value", itoa(t.Grade))
	}
	if len(t.Items) == 0 {
		return sitecore.Invalid("items", "quiz.items_none")
	}
	if len(t.Items) > MaxItems {
		return sitecore.Invalid("items", "quiz.options_many", "max", itoa(MaxItems))
	}
	total := 0
	for i, it := range t.Items {
		f := "items[" + itoa(i) + "]"
		switch {
		case it.QuestionID < 0 || (it.QuestionID == 0 && (it.BankID <= 0 || it.Count <= 0)):
			return sitecore.Invalid(f, "quiz.item", "field", f)
		case it.QuestionID > 0 && (it.Count != 0 || it.Category != ""):
			return sitecore.Invalid(f, "quiz.item", "field", f)
		case !finite(it.Points) || it.Points < 0 || it.Points > 1000:
			return sitecore.Invalid(f+".points", "quiz.points", "value", ftoa(it.Points))
		}
		total += max(1, it.Count)
	}
	if total > MaxTestQuestions {
		return sitecore.Invalid("items", "quiz.options_many", "max", itoa(MaxTestQuestions))
	}
	if t.TimeLimit < 0 || t.TimeLimit > MaxTimeLimit || t.TimeLimit%time.Second != 0 {
		return sitecore.Invalid("time_limit", "quiz.time_limit", "max", itoa(int(MaxTimeLimit/time.Minute)))
	}
	if t.TimeLimit == 0 && t.Closes.IsZero() {
		return sitecore.Invalid("closes", "quiz.no_deadline")
	}
	if !t.Opens.IsZero() && !t.Closes.IsZero() && !t.Closes.After(t.Opens) {
		return sitecore.Invalid("closes", "quiz.window")
	}
	if t.AttemptsAllowed < 0 || t.AttemptsAllowed > 100 {
		return sitecore.Invalid("attempts_allowed", "quiz.attempts", "value", itoa(t.AttemptsAllowed))
	}
	switch t.Review {
	case ReviewScore, ReviewAfterClose, ReviewNothing:
	default:
		return sitecore.Invalid("review", "quiz.review", "value", string(t.Review))
	}
	switch t.Grace.Mode {
	case GraceSubmit, GraceNever:
		if t.Grace.Seconds != 0 {
			return sitecore.Invalid("grace.seconds", "quiz.grace", "max", itoa(MaxGraceSeconds))
		}
	case GraceLastSave:
		if t.Grace.Seconds <= 0 || t.Grace.Seconds > MaxGraceSeconds {
			return sitecore.Invalid("grace.seconds", "quiz.grace", "max", itoa(MaxGraceSeconds))
		}
	default:
		return sitecore.Invalid("grace.mode", "quiz.grace_mode", "value", string(t.Grace.Mode))
	}
	switch t.Audience.Kind {
	case AudienceSchool, AudienceRegistered:
	case AudienceClass, AudienceOrgUnit:
		if strings.TrimSpace(t.Audience.Ref) == "" {
			return sitecore.Invalid("audience.ref", "field.required", "field", "audience.ref")
		}
	default:
		return sitecore.Invalid("audience.kind", "quiz.audience", "value", string(t.Audience.Kind))
	}
	return nil
}
