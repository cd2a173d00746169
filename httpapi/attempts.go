package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// AttemptStore is what the attempts' JSON API needs of the quiz store.
type AttemptStore interface {
	StudentAttempt(ctx context.Context, siteID, studentID, id int64) (*quiz.Attempt, error)
	SaveAnswer(ctx context.Context, siteID int64, s quiz.Save, now time.Time) (quiz.SaveOutcome, error)
}

// saveAttemptAnswer stores an autosave of the student's own attempt (a school test or an
// olympiad round's): PUT /sites/{id}/attempts/{attemptID}/answers/{questionID} with
// {"seq", "response"}. It is idempotent by seq (a repeated or older save changes nothing and
// says so); another student's attempt is 404, a closed one 409. A 200 means the answer is
// committed: the attempt's submission, by the student or at the deadline, includes it.
func (s *Server) saveAttemptAnswer(w http.ResponseWriter, r *http.Request) {
	p := web.Principal(r)
	if s.Attempts == nil {
		s.Error(w, r, sitecore.NotFound("attempt"))
		return
	}
	if p == nil || p.UserID == 0 {
		s.Error(w, r, sitecore.Errorf(sitecore.EUnauthorized, "login.required"))
		return
	}
	site, err := certID(r, "id", "site")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	attempt, err := certID(r, "attemptID", "attempt")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	question, err := certID(r, "questionID", "question")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var in struct {
		Seq      int64         `json:"seq"`
		Response quiz.Response `json:"response"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	if _, err := s.Attempts.StudentAttempt(r.Context(), site, p.UserID, attempt); err != nil {
		s.Error(w, r, err)
		return
	}
	now := time.Now()
	out, err := s.Attempts.SaveAnswer(r.Context(), site, quiz.Save{AttemptID: attempt, QuestionID: question, Seq: in.Seq,
		Response: in.Response}, now)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.WriteJSON(w, http.StatusOK, map[string]any{"outcome": out, "now": now.UTC()})
}
