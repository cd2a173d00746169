package activities

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore/quiz"
)

// Quiz runs the steps of an attempt of an online test against PostgreSQL.
type Quiz struct {
	Store quiz.Store
}

// SubmitAttemptInput submits an attempt at At (the workflow's time); Closed closes it
// without a score instead (GraceNever).
type SubmitAttemptInput struct {
	SiteID, AttemptID int64
	At                time.Time
	Closed            bool
}

// SubmitAttempt moves a started attempt to submitted or closed and returns its status
// after. An attempt that was not started any more keeps its status (a retry after a crash
// changes nothing). The store waits for autosaves in flight, so every acknowledged save is
// part of the attempt.
func (q *Quiz) SubmitAttempt(ctx context.Context, in SubmitAttemptInput) (quiz.Status, error) {
	done, err := q.Store.Submit(ctx, in.SiteID, in.AttemptID, in.At, in.Closed)
	switch {
	case err != nil:
		return "", asTemporal(err)
	case done && in.Closed:
		return quiz.Closed, nil
	case done:
		return quiz.Submitted, nil
	}
	a, err := q.Store.FindAttempt(ctx, in.SiteID, in.AttemptID)
	if err != nil {
		return "", asTemporal(err)
	}
	return a.Status, nil
}

// GradeAttemptInput grades an attempt at At.
type GradeAttemptInput struct {
	SiteID, AttemptID int64
	At                time.Time
}

// AttemptGrade is an attempt's state after grading.
type AttemptGrade struct {
	Status   quiz.Status
	Score    float64
	MaxScore float64
	Pending  int // answers waiting for a teacher
}

// GradeAttempt grades the attempt from its saved answers and records the grades (see
// quiz.GradeStored). Grading is a pure function of what is stored, so a retry records the
// same grades.
func (q *Quiz) GradeAttempt(ctx context.Context, in GradeAttemptInput) (AttemptGrade, error) {
	a, err := quiz.GradeStored(ctx, q.Store, in.SiteID, in.AttemptID, in.At)
	if err != nil {
		return AttemptGrade{}, asTemporal(err)
	}
	return AttemptGrade{Status: a.Status, Score: a.Score, MaxScore: a.MaxScore, Pending: a.Pending}, nil
}
