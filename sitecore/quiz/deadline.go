package quiz

import (
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Deadline returns when an attempt started at start ends: the earlier of start+limit and
// the window's end. A zero limit or a zero closes leaves the other; with neither there is
// no deadline (the zero time), which Test.Validate does not allow.
func Deadline(start time.Time, limit time.Duration, closes time.Time) time.Time {
	var d time.Time
	if limit > 0 {
		d = start.Add(limit)
	}
	if !closes.IsZero() && (d.IsZero() || closes.Before(d)) {
		d = closes
	}
	return d
}

// Deadline returns the deadline of an attempt of t started at start.
func (t *Test) Deadline(start time.Time) time.Time { return Deadline(start, t.TimeLimit, t.Closes) }

// SaveCutoff returns the last moment a save of an attempt with the deadline is accepted:
// the deadline itself, or Seconds later under GraceLastSave.
func SaveCutoff(deadline time.Time, g Grace) time.Time {
	if g.Mode == GraceLastSave && g.Seconds > 0 {
		return deadline.Add(time.Duration(g.Seconds) * time.Second)
	}
	return deadline
}

// AcceptsSave reports whether a save made at now counts for an attempt with the deadline.
// A save exactly at the cutoff counts.
func AcceptsSave(now, deadline time.Time, g Grace) bool {
	return !now.After(SaveCutoff(deadline, g))
}

// CanStart reports whether a student who already has used attempts may start one at now:
// nil, or a conflict naming why ("quiz.not_open", "quiz.closed", "quiz.attempts_used").
func (t *Test) CanStart(now time.Time, used int) error {
	switch {
	case !t.Opens.IsZero() && now.Before(t.Opens):
		return sitecore.Conflictf("opens", "quiz.not_open")
	case !t.Closes.IsZero() && !now.Before(t.Closes):
		return sitecore.Conflictf("closes", "quiz.closed")
	case t.AttemptsAllowed > 0 && used >= t.AttemptsAllowed:
		return sitecore.Conflictf("attempts_allowed", "quiz.attempts_used", "max", itoa(t.AttemptsAllowed))
	}
	return nil
}

// Visibility is what the student may see of a finished attempt.
type Visibility struct {
	Score   bool // the total score
	Answers bool // their answers, the key and feedback
}

// Visible returns what the student may see of an attempt of t at now: nothing before the
// score is final (graded); then the score under ReviewScore and ReviewAfterClose, and the
// answers under ReviewAfterClose once the window has closed (or, for a test without a
// closing time, once the attempt is graded).
func (t *Test) Visible(now time.Time, graded bool) Visibility {
	if !graded {
		return Visibility{}
	}
	switch t.Review {
	case ReviewScore:
		return Visibility{Score: true}
	case ReviewAfterClose:
		return Visibility{Score: true, Answers: t.Closes.IsZero() || !now.Before(t.Closes)}
	}
	return Visibility{}
}
