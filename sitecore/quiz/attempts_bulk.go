package quiz

// AttemptGrades are the grades of one attempt's slots and its score, as GradeAttempt makes
// them, for recording many attempts at once (an olympiad round's deadline).
type AttemptGrades struct {
	AttemptID int64
	Grades    []Answer
	Score     float64
	Pending   int
}
