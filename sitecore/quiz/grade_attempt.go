package quiz

// GradeAttempt grades every slot of an attempt from its saved answers and returns one graded
// Answer per slot (in slot order), the score and how many answers wait for a teacher.
// A slot without an answer earns 0; a slot whose question is gone from questions earns 0 and
// is not pending. An answer graded by hand (GradedBy set: a teacher's grade of an essay, or
// an olympiad jury's decision on an appeal) keeps its grade.
func GradeAttempt(slots []Slot, questions map[int64]*Question, saved []Answer) (grades []Answer, score float64, pending int) {
	byQ := make(map[int64]Answer, len(saved))
	for _, a := range saved {
		byQ[a.QuestionID] = a
	}
	grades = make([]Answer, 0, len(slots))
	for _, s := range slots {
		a := byQ[s.QuestionID]
		a.QuestionID = s.QuestionID
		q, ok := questions[s.QuestionID]
		switch {
		case !ok:
			a.Graded, a.Fraction, a.Points = true, 0, 0
		case a.GradedBy != 0:
			a.Graded = true
			a.Points = Points(Result{Fraction: a.Fraction}, s.Points)
		default:
			r := Grade(q, a.Response)
			if r.Manual && a.Response.Text != "" {
				a.Graded, a.Fraction, a.Points = false, 0, 0
				pending++
			} else {
				// an unanswered essay needs no teacher: it earns nothing
				a.Graded, a.Fraction, a.Points = true, r.Fraction, Points(r, s.Points)
			}
		}
		score += a.Points
		grades = append(grades, a)
	}
	return grades, roundPoints(score), pending
}

func roundPoints(f float64) float64 {
	return float64(int64(f*100+0.5)) / 100
}
