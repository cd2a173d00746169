package certification

import (
	"context"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/quiz"
)

// examTarget is the exam a person in an enrolment may take now: the final exam while in
// the exam phase, the refresher while certified or expired; the test of the course's
// training site (MediaSiteID) that is that exam.
func (s *Service) examTarget(ctx context.Context, p *sitecore.Principal, courseID int64) (*Enrollment, int64, ExamPolicy, error) {
	if err := loggedIn(p); err != nil {
		return nil, 0, ExamPolicy{}, err
	}
	if s.Exams == nil {
		return nil, 0, ExamPolicy{}, sitecore.Conflictf("exam", "cert.no_test")
	}
	c, err := s.Store.FindCourse(ctx, courseID)
	if err != nil {
		return nil, 0, ExamPolicy{}, err
	}
	e, err := s.Store.CurrentEnrollment(ctx, p.UserID, c.Kind)
	if err != nil || e.CourseID != courseID {
		return nil, 0, ExamPolicy{}, sitecore.NotFound("enrollment")
	}
	var pol ExamPolicy
	switch e.Phase {
	case PhaseExam:
		pol = c.Exam
	case PhaseCertified, PhaseExpired:
		pol = c.Refresher
	default:
		return nil, 0, ExamPolicy{}, sitecore.Conflictf("phase", "cert.phase", "value", string(e.Phase))
	}
	if pol.TestID == 0 || c.MediaSiteID == 0 {
		return nil, 0, ExamPolicy{}, sitecore.Conflictf("exam", "cert.no_test")
	}
	return e, c.MediaSiteID, pol, nil
}

// OpenExam opens an attempt of the caller's exam in the course (or returns the open one):
// the test engine makes the attempt, then the certification process accepts it, which
// enforces the attempts and the waiting time (EConflict naming when the next attempt may
// start). An attempt the process refuses is closed unscored at once.
func (s *Service) OpenExam(ctx context.Context, p *sitecore.Principal, courseID int64) (*ExamSheet, error) {
	e, site, pol, err := s.examTarget(ctx, p, courseID)
	if err != nil {
		return nil, err
	}
	a, fresh, err := s.Exams.Open(ctx, site, pol.TestID, p.UserID)
	if err != nil {
		return nil, err
	}
	if err := s.Process.StartExam(ctx, p.UserID, e.Kind, ExamStart{AttemptID: a.ID, SiteID: site, TestID: pol.TestID}); err != nil {
		if fresh {
			if derr := s.Exams.Discard(ctx, site, a.ID); derr != nil && s.Log != nil {
				s.Log.Warn("refused exam attempt left open", "attempt", a.ID, "err", derr)
			}
		}
		return nil, err
	}
	return s.Exams.Sheet(ctx, site, p.UserID, a.ID)
}

// ExamSheet returns the caller's exam attempt in the course.
func (s *Service) ExamSheet(ctx context.Context, p *sitecore.Principal, courseID, attemptID int64) (*ExamSheet, error) {
	site, err := s.examSite(ctx, p, courseID)
	if err != nil {
		return nil, err
	}
	return s.Exams.Sheet(ctx, site, p.UserID, attemptID)
}

// SaveExamAnswer autosaves an answer of the caller's open exam attempt.
func (s *Service) SaveExamAnswer(ctx context.Context, p *sitecore.Principal, courseID int64, sv quiz.Save) (quiz.SaveOutcome, error) {
	site, err := s.examSite(ctx, p, courseID)
	if err != nil {
		return "", err
	}
	if sv.QuestionID <= 0 {
		return "", sitecore.Invalid("question_id", "field.required")
	}
	if err := sv.Validate(); err != nil {
		return "", err
	}
	return s.Exams.Save(ctx, site, p.UserID, sv)
}

// SubmitExam finishes the caller's exam attempt. The attempt is graded by its workflow and
// the certification process, which watches it, records the result: a pass issues (or
// renews) the certificate, a fail uses an attempt.
func (s *Service) SubmitExam(ctx context.Context, p *sitecore.Principal, courseID, attemptID int64) (*ExamSheet, error) {
	site, err := s.examSite(ctx, p, courseID)
	if err != nil {
		return nil, err
	}
	if err := s.Exams.Submit(ctx, site, p.UserID, attemptID); err != nil {
		return nil, err
	}
	return s.Exams.Sheet(ctx, site, p.UserID, attemptID)
}

// examSite is the training site of the course, where the caller's exam attempts are
// (whatever the enrolment's phase: a submitted attempt is read after the phase moved on).
// The engine finds only the caller's own attempts there.
func (s *Service) examSite(ctx context.Context, p *sitecore.Principal, courseID int64) (int64, error) {
	if err := loggedIn(p); err != nil {
		return 0, err
	}
	if s.Exams == nil {
		return 0, sitecore.NotFound("attempt")
	}
	c, err := s.Store.FindCourse(ctx, courseID)
	if err != nil {
		return 0, err
	}
	if c.MediaSiteID == 0 {
		return 0, sitecore.NotFound("attempt")
	}
	return c.MediaSiteID, nil
}
