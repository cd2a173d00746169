package olympiad

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// Level is who organises an olympiad, which decides whose students may take part: a
// school's own students, the schools of a district (or city) or of a region of the
// organisation tree, or every school of the platform.
type Level string

// Organiser levels.
const (
	LevelSchool   Level = "school"
	LevelDistrict Level = "district"
	LevelRegion   Level = "region"
	LevelPlatform Level = "platform"
)

// Stage names a round in the usual ladder of Kazakh olympiads.
type Stage string

// Stages.
const (
	StageSchool   Stage = "school"
	StageDistrict Stage = "district"
	StageRegion   Stage = "region"
	StageRepublic Stage = "republic"
)

// Olympiad is one olympiad of an organiser. SiteID is the organiser's site (a school, or the
// site of a district's or region's education department, or the platform's own): everything
// of the olympiad — its tests, attempts, registrations and results — is stored under it, and
// every query is scoped by it. OrgUnitID is the district or region whose schools take part
// (LevelDistrict, LevelRegion); it is 0 for the other levels.
type Olympiad struct {
	ID        int64     `json:"id"`
	SiteID    int64     `json:"site_id"`
	Level     Level     `json:"level"`
	OrgUnitID int64     `json:"org_unit_id,omitempty"`
	Title     quiz.Text `json:"title"`
	Subjects  []string  `json:"subjects"`
	Grades    []int     `json:"grades"`
	// Jury are the users who may decide appeals (and enter paper scores).
	Jury    []int64   `json:"jury"`
	Rounds  []Round   `json:"rounds"`
	Created time.Time `json:"created_at"`
	Updated time.Time `json:"updated_at"`
}

// RoundStatus is where a round is; a round only moves forward through them, in this order.
type RoundStatus string

// Round statuses, in order.
const (
	RoundPlanned      RoundStatus = "planned"
	RoundRegistration RoundStatus = "registration"        // registration is open
	RoundRegClosed    RoundStatus = "registration_closed" // waiting for the start
	RoundRunning      RoundStatus = "running"             // attempts exist; papers are being graded
	RoundResults      RoundStatus = "results"             // results released, appeals open
	RoundAppealsOver  RoundStatus = "appeals_closed"      // no new appeals; the jury finishes
	RoundFrozen       RoundStatus = "frozen"              // ranking final, qualifiers invited
	RoundPublished    RoundStatus = "published"           // diplomas issued and published
)

var roundOrder = []RoundStatus{RoundPlanned, RoundRegistration, RoundRegClosed, RoundRunning, RoundResults,
	RoundAppealsOver, RoundFrozen, RoundPublished}

// Reached reports whether a round in status s has reached status t.
func (s RoundStatus) Reached(t RoundStatus) bool {
	return slices.Index(roundOrder, s) >= slices.Index(roundOrder, t)
}

// ResultsVisible reports whether participants may see results in status s.
func (s RoundStatus) ResultsVisible() bool { return s.Reached(RoundResults) }

// Task is what the participants of one subject and grade do in a round: a test of the quiz
// engine (TestID), or a task set done on paper whose items the jury scores (ItemPoints holds
// each item's maximum). Grade 0 is any grade.
type Task struct {
	Subject    string    `json:"subject"`
	Grade      int       `json:"grade"`
	TestID     int64     `json:"test_id,omitempty"`
	ItemPoints []float64 `json:"item_points,omitempty"`
}

// Paper reports whether the task is graded on paper by the jury.
func (t Task) Paper() bool { return t.TestID == 0 }

// MaxScore returns the most a paper task can score (a test's maximum is its attempts').
func (t Task) MaxScore() float64 {
	var s float64
	for _, p := range t.ItemPoints {
		s += p
	}
	return RoundScore(s)
}

// Round is one round of an olympiad with its schedule. Registration is open in
// [RegistrationOpens, RegistrationCloses) (only the first round takes registrations; later
// rounds take the previous round's qualifiers). Participants are reminded NotifyBefore the
// start. At StartsAt every registered participant of a test task gets an attempt whose
// deadline is min(StartsAt + the test's limit, EndsAt). Results are released at ResultsAt;
// appeals are filed in [ResultsAt, AppealsClose); the ranking is frozen once the appeals are
// closed and decided, at the latest at FreezeBy (undecided appeals then stay unanswered).
type Round struct {
	ID                 int64         `json:"id"`
	SiteID             int64         `json:"site_id"`
	OlympiadID         int64         `json:"olympiad_id"`
	Number             int           `json:"number"` // 1 for the first round
	Stage              Stage         `json:"stage"`
	Tasks              []Task        `json:"tasks"`
	RegistrationOpens  time.Time     `json:"registration_opens"`
	RegistrationCloses time.Time     `json:"registration_closes"`
	NotifyBefore       time.Duration `json:"notify_before"`
	StartsAt           time.Time     `json:"starts_at"`
	EndsAt             time.Time     `json:"ends_at"`
	ResultsAt          time.Time     `json:"results_at"`
	AppealsClose       time.Time     `json:"appeals_close"`
	FreezeBy           time.Time     `json:"freeze_by"`
	Qualify            Rule          `json:"qualify"` // to the next round; ignored for the last
	Awards             Awards        `json:"awards"`
	Status             RoundStatus   `json:"status"`
}

// Task returns the round's task for a subject and grade (a task of grade 0 serves any grade).
func (r *Round) Task(subject string, grade int) (Task, bool) {
	for _, pass := range []bool{true, false} {
		for _, t := range r.Tasks {
			if t.Subject == subject && ((pass && t.Grade == grade) || (!pass && t.Grade == 0)) {
				return t, true
			}
		}
	}
	return Task{}, false
}

// RegistrationOpen reports whether a participant may register for the round at now.
func (r *Round) RegistrationOpen(now time.Time) bool {
	return r.Number == 1 && !now.Before(r.RegistrationOpens) && now.Before(r.RegistrationCloses)
}

// AppealsOpen reports whether an appeal may be filed at now.
func (r *Round) AppealsOpen(now time.Time) bool {
	return !now.Before(r.ResultsAt) && now.Before(r.AppealsClose)
}

// Limits of an olympiad.
const (
	MaxRounds   = 6
	MaxTasks    = 200
	MaxItems    = 100
	MaxJury     = 200
	MaxSubjects = 50
)

// DefaultFreeze is how long after the appeals window the jury has to decide the appeals
// when a round sets no FreezeBy.
const DefaultFreeze = 48 * time.Hour

// Prepare fills defaults (stages school → district → region → republic by number, FreezeBy)
// and validates the olympiad.
func (o *Olympiad) Prepare() error {
	for i := range o.Subjects {
		o.Subjects[i] = strings.TrimSpace(o.Subjects[i])
	}
	stages := []Stage{StageSchool, StageDistrict, StageRegion, StageRepublic}
	for i := range o.Rounds {
		r := &o.Rounds[i]
		r.Number, r.SiteID = i+1, o.SiteID
		if r.Stage == "" && i < len(stages) {
			r.Stage = stages[i]
		}
		if r.FreezeBy.IsZero() && !r.AppealsClose.IsZero() {
			r.FreezeBy = r.AppealsClose.Add(DefaultFreeze)
		}
		if r.Status == "" {
			r.Status = RoundPlanned
		}
		for j := range r.Tasks {
			r.Tasks[j].Subject = strings.TrimSpace(r.Tasks[j].Subject)
		}
	}
	return o.Validate()
}

// Validate checks an olympiad without changing it: the organiser, the subjects and grades,
// and each round's schedule, tasks and rules. A later round starts after the earlier one is
// frozen, since its participants are the earlier one's qualifiers.
func (o *Olympiad) Validate() error {
	switch o.Level {
	case LevelSchool, LevelPlatform:
		if o.OrgUnitID != 0 {
			return sitecore.Invalid("org_unit_id", "olympiad.org_unit")
		}
	case LevelDistrict, LevelRegion:
		if o.OrgUnitID <= 0 {
			return sitecore.Invalid("org_unit_id", "olympiad.org_unit")
		}
	default:
		return sitecore.Invalid("level", "olympiad.level", "value", string(o.Level))
	}
	if o.Title.Empty() {
		return sitecore.Invalid("title", "field.required", "field", "title")
	}
	for l, s := range o.Title {
		if !slices.Contains(quiz.Languages, l) {
			return sitecore.Invalid("title", "lang.unsupported", "value", string(l))
		}
		if len([]rune(s)) > 500 {
			return sitecore.Invalid("title."+string(l), "field.too_long", "field", "title."+string(l), "max", "500")
		}
	}
	if len(o.Subjects) == 0 || len(o.Subjects) > MaxSubjects {
		return sitecore.Invalid("subjects", "olympiad.subjects", "max", itoa(MaxSubjects))
	}
	for i, s := range o.Subjects {
		if s == "" || len([]rune(s)) > 200 || slices.Index(o.Subjects, s) != i {
			return sitecore.Invalid("subjects["+itoa(i)+"]", "olympiad.subjects", "max", itoa(MaxSubjects))
		}
	}
	for i, g := range o.Grades {
		if g < 1 || g > 12 {
			return sitecore.Invalid("grades["+itoa(i)+"]", "quiz.grade", "value", itoa(g))
		}
	}
	if len(o.Jury) > MaxJury {
		return sitecore.Invalid("jury", "quiz.options_many", "max", itoa(MaxJury))
	}
	if len(o.Rounds) == 0 || len(o.Rounds) > MaxRounds {
		return sitecore.Invalid("rounds", "olympiad.rounds", "max", itoa(MaxRounds))
	}
	for i := range o.Rounds {
		if err := o.validateRound(i); err != nil {
			return err
		}
	}
	return nil
}

func (o *Olympiad) validateRound(i int) error {
	r := &o.Rounds[i]
	f := "rounds[" + itoa(i) + "]"
	switch r.Stage {
	case StageSchool, StageDistrict, StageRegion, StageRepublic:
	default:
		return sitecore.Invalid(f+".stage", "olympiad.stage", "value", string(r.Stage))
	}
	// Each time must come after the one before it (registration may close at the start).
	steps := []struct {
		name string
		at   time.Time
		eq   bool // may equal the time before it
	}{
		{"registration_opens", r.RegistrationOpens, false},
		{"registration_closes", r.RegistrationCloses, false},
		{"starts_at", r.StartsAt, true},
		{"ends_at", r.EndsAt, false},
		{"results_at", r.ResultsAt, true},
		{"appeals_close", r.AppealsClose, false},
		{"freeze_by", r.FreezeBy, true},
	}
	for j, s := range steps {
		if s.at.IsZero() {
			return sitecore.Invalid(f+"."+s.name, "field.required", "field", f+"."+s.name)
		}
		if j > 0 {
			prev := steps[j-1].at
			if s.at.Before(prev) || (!s.eq && s.at.Equal(prev)) {
				return sitecore.Invalid(f+"."+s.name, "olympiad.schedule", "field", f+"."+s.name, "after", f+"."+steps[j-1].name)
			}
		}
	}
	if i > 0 {
		if prev := o.Rounds[i-1]; !r.StartsAt.After(prev.FreezeBy) {
			return sitecore.Invalid(f+".starts_at", "olympiad.schedule", "field", f+".starts_at", "after", "rounds["+itoa(i-1)+"].freeze_by")
		}
	}
	if r.NotifyBefore < 0 || r.NotifyBefore > 14*24*time.Hour {
		return sitecore.Invalid(f+".notify_before", "olympiad.notify_before")
	}
	if len(r.Tasks) == 0 || len(r.Tasks) > MaxTasks {
		return sitecore.Invalid(f+".tasks", "olympiad.tasks", "max", itoa(MaxTasks))
	}
	for j, t := range r.Tasks {
		tf := f + ".tasks[" + itoa(j) + "]"
		switch {
		case !slices.Contains(o.Subjects, t.Subject):
			return sitecore.Invalid(tf+".subject", "olympiad.subject_unknown", "value", t.Subject)
		case t.Grade < 0 || t.Grade > 12 || (t.Grade > 0 && len(o.Grades) > 0 && !slices.Contains(o.Grades, t.Grade)):
			return sitecore.Invalid(tf+".grade", "quiz.grade", "value", itoa(t.Grade))
		case t.TestID < 0 || (t.TestID > 0 && len(t.ItemPoints) > 0) || (t.TestID == 0 && len(t.ItemPoints) == 0):
			return sitecore.Invalid(tf, "olympiad.task", "field", tf)
		case len(t.ItemPoints) > MaxItems:
			return sitecore.Invalid(tf+".item_points", "quiz.options_many", "max", itoa(MaxItems))
		}
		for k, p := range t.ItemPoints {
			if math.IsNaN(p) || p <= 0 || p > 1000 {
				return sitecore.Invalid(tf+".item_points["+itoa(k)+"]", "quiz.points", "value", strconv.FormatFloat(p, 'g', -1, 64))
			}
		}
		for _, u := range r.Tasks[:j] {
			if u.Subject == t.Subject && u.Grade == t.Grade {
				return sitecore.Invalid(tf, "olympiad.task_repeated", "field", tf)
			}
		}
	}
	if err := r.Qualify.Validate(f + ".qualify"); err != nil {
		return err
	}
	if i < len(o.Rounds)-1 && r.Qualify.Empty() {
		return sitecore.Invalid(f+".qualify", "olympiad.rule_missing")
	}
	return r.Awards.Validate(f + ".awards")
}

// CheckTest reports whether a test can serve a task of the round: its results stay hidden
// from students (review "nothing": the round releases them), it allows one attempt, and an
// attempt started at the round's start is open then and ends by the round's end.
func (r *Round) CheckTest(t *quiz.Test) error {
	switch {
	case t.Review != quiz.ReviewNothing:
		return sitecore.Invalid("test_id", "olympiad.test_review")
	case t.AttemptsAllowed != 1:
		return sitecore.Invalid("test_id", "olympiad.test_attempts")
	case t.CanStart(r.StartsAt, 0) != nil || t.Deadline(r.StartsAt).After(r.EndsAt):
		return sitecore.Invalid("test_id", "olympiad.test_window")
	}
	return nil
}

// RoundScore rounds points to hundredths, as the quiz engine does, so that equal scores
// compare equal.
func RoundScore(f float64) float64 { return math.Round(f*100) / 100 }

func itoa(i int) string { return strconv.Itoa(i) }
