package certification

import (
	"strconv"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// ExamPolicy is how an exam is passed: the score needed (percent of the maximum), how many
// attempts a person has, and how long to wait after a graded attempt before the next one.
// It travels in the workflow's state, so every field survives JSON.
type ExamPolicy struct {
	PassingScore int `json:"passing_score"` // percent, 1–100
	Attempts     int `json:"attempts"`
	WaitMinutes  int `json:"wait_minutes"`
	// TestID is the test of the test engine that is this exam (0 until one is chosen).
	TestID int64 `json:"test_id,omitempty"`
}

// Wait is the waiting time between attempts.
func (p ExamPolicy) Wait() time.Duration { return time.Duration(p.WaitMinutes) * time.Minute }

// DefaultExam and DefaultRefresher are the policies of a course that names none: the final
// exam at 80 % with three attempts a day apart; the refresher at 80 % with two.
var (
	DefaultExam      = ExamPolicy{PassingScore: 80, Attempts: 3, WaitMinutes: 24 * 60}
	DefaultRefresher = ExamPolicy{PassingScore: 80, Attempts: 2, WaitMinutes: 24 * 60}
)

// ExamPolicyInput is a policy as submitted; absent fields take the default's value.
type ExamPolicyInput struct {
	PassingScore *int   `json:"passing_score"`
	Attempts     *int   `json:"attempts"`
	WaitMinutes  *int   `json:"wait_minutes"`
	TestID       *int64 `json:"test_id"`
}

func (in *ExamPolicyInput) policy(field string, def ExamPolicy) (ExamPolicy, error) {
	p := def
	if in == nil {
		return p, nil
	}
	if in.PassingScore != nil {
		if *in.PassingScore < 1 || *in.PassingScore > 100 {
			return p, sitecore.Invalid(field+".passing_score", "cert.passing_score")
		}
		p.PassingScore = *in.PassingScore
	}
	if in.Attempts != nil {
		if *in.Attempts < 1 || *in.Attempts > maxAttempts {
			return p, sitecore.Invalid(field+".attempts", "cert.attempts", "max", strconv.Itoa(maxAttempts))
		}
		p.Attempts = *in.Attempts
	}
	if in.WaitMinutes != nil {
		if *in.WaitMinutes < 0 || *in.WaitMinutes > maxWaitHours*60 {
			return p, sitecore.Invalid(field+".wait_minutes", "cert.wait_minutes", "max", strconv.Itoa(maxWaitHours*60))
		}
		p.WaitMinutes = *in.WaitMinutes
	}
	if in.TestID != nil {
		if *in.TestID < 0 {
			return p, sitecore.Invalid(field+".test_id", "field.required")
		}
		p.TestID = *in.TestID
	}
	return p, nil
}

// ExamResult is what the grader (the test engine, or a trainer recording a result) reports
// about an attempt: its ID in the test engine, the score, the maximum, and the grader's
// verdict.
type ExamResult struct {
	AttemptID int64   `json:"attempt_id"`
	Score     float64 `json:"score"`
	MaxScore  float64 `json:"max_score"`
	Passed    bool    `json:"passed"`
}

// Validate checks the result's numbers.
func (r ExamResult) Validate() error {
	switch {
	case r.AttemptID <= 0:
		return sitecore.Invalid("attempt_id", "field.required")
	case r.MaxScore <= 0:
		return sitecore.Invalid("max_score", "cert.score")
	case r.Score < 0 || r.Score > r.MaxScore:
		return sitecore.Invalid("score", "cert.score")
	}
	return nil
}

// Passes reports whether the result passes the policy: the grader says it passed and the
// score reaches the passing score.
func (p ExamPolicy) Passes(r ExamResult) bool {
	return r.Passed && r.MaxScore > 0 && r.Score*100 >= float64(p.PassingScore)*r.MaxScore
}

// NextAttempt says whether a new attempt may start at now after used graded attempts, the
// last graded at last: nil, or an error naming why not (no attempts left; the waiting time,
// with the moment it ends).
func (p ExamPolicy) NextAttempt(used int, last, now time.Time) error {
	if used >= p.Attempts {
		return sitecore.Conflictf("attempt", "cert.no_attempts", "max", strconv.Itoa(p.Attempts))
	}
	if used > 0 {
		if until := last.Add(p.Wait()); now.Before(until) {
			return sitecore.Conflictf("attempt", "cert.wait", "until", until.In(sitecore.Almaty).Format("2006-01-02 15:04"))
		}
	}
	return nil
}
