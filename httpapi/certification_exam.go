package httpapi

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore/quiz"
)

// The final exam (and the refresher) through the test engine: the admin opens an attempt of
// the course's exam, autosaves answers, submits; the certification process watches the
// attempt and records its grade.

func (s *Server) openExam(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusCreated, "exam", func() (any, error) {
		course, err := certID(r, "courseID", "course")
		if err != nil {
			return nil, err
		}
		return s.Certification.OpenExam(r.Context(), web.Principal(r), course)
	})
}

// examAttempt parses the course and attempt of an exam route.
func examAttempt(r *http.Request) (course, attempt int64, err error) {
	if course, err = certID(r, "courseID", "course"); err != nil {
		return 0, 0, err
	}
	attempt, err = certID(r, "attemptID", "attempt")
	return course, attempt, err
}

func (s *Server) getExam(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusOK, "exam", func() (any, error) {
		course, attempt, err := examAttempt(r)
		if err != nil {
			return nil, err
		}
		return s.Certification.ExamSheet(r.Context(), web.Principal(r), course, attempt)
	})
}

func (s *Server) saveExamAnswer(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Seq      int64         `json:"seq"`
		Response quiz.Response `json:"response"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.certCall(w, r, http.StatusOK, "outcome", func() (any, error) {
		course, attempt, err := examAttempt(r)
		if err != nil {
			return nil, err
		}
		q, err := certID(r, "questionID", "question")
		if err != nil {
			return nil, err
		}
		return s.Certification.SaveExamAnswer(r.Context(), web.Principal(r), course,
			quiz.Save{AttemptID: attempt, QuestionID: q, Seq: in.Seq, Response: in.Response})
	})
}

func (s *Server) submitExam(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusOK, "exam", func() (any, error) {
		course, attempt, err := examAttempt(r)
		if err != nil {
			return nil, err
		}
		return s.Certification.SubmitExam(r.Context(), web.Principal(r), course, attempt)
	})
}
