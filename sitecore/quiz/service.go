package quiz

import (
	"context"
	"time"
)

// GradeStored grades a submitted (or, for a regrade, graded) attempt from what the store
// holds: its slots, the questions as they are now (a corrected key counts) and the saved
// answers with any hand grades. It records the grades and returns the attempt after them.
// The attempt workflow's grading activity runs it; so does a regrade after a teacher's grade.
func GradeStored(ctx context.Context, s Store, siteID, attemptID int64, at time.Time) (*Attempt, error) {
	a, err := s.FindAttempt(ctx, siteID, attemptID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(a.Slots))
	for i, sl := range a.Slots {
		ids[i] = sl.QuestionID
	}
	qs, err := s.QuestionsByID(ctx, siteID, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Question, len(qs))
	for i := range qs {
		byID[qs[i].ID] = &qs[i]
	}
	saved, err := s.Answers(ctx, siteID, attemptID)
	if err != nil {
		return nil, err
	}
	grades, score, pending := GradeAttempt(a.Slots, byID, saved)
	return s.RecordGrades(ctx, siteID, attemptID, grades, score, pending, at)
}
