package quiz

import (
	"context"
	"slices"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// The student's side of the service: the tests a student may take, starting one, the
// attempt as the browser may see it (views, never questions), saving, submitting and the
// review the test allows.

// MayTake reports whether the student p may take test t of the site: a logged-in user in
// the test's audience. Olympiad tests are never offered (the olympiad makes their attempts).
func (s *Service) MayTake(ctx context.Context, p *sitecore.Principal, t *Test) (bool, error) {
	olympiad, err := s.Lists.OlympiadTests(ctx, t.SiteID)
	if err != nil {
		return false, err
	}
	return s.mayTake(ctx, p, t, &audienceCache{olympiad: olympiad})
}

// audienceCache keeps what deciding on many tests of one site for one student reads once.
type audienceCache struct {
	olympiad []int64 // the site's tests that are olympiad tasks
	class    *string // the student's class, once read
	units    map[int64]bool
}

func (s *Service) mayTake(ctx context.Context, p *sitecore.Principal, t *Test, c *audienceCache) (bool, error) {
	if p == nil || p.UserID == 0 || !p.Reaches(t.SiteID) || slices.Contains(c.olympiad, t.ID) {
		return false, nil
	}
	switch t.Audience.Kind {
	case AudienceRegistered:
		return true, nil
	case AudienceSchool:
		return p.HasRole(t.SiteID, sitecore.RoleStudent), nil
	case AudienceClass:
		if !p.HasRole(t.SiteID, sitecore.RoleStudent) {
			return false, nil
		}
		if c.class == nil {
			cl, err := s.Lists.StudentClass(ctx, t.SiteID, p.UserID)
			if err != nil {
				return false, err
			}
			c.class = &cl
		}
		return *c.class == t.Audience.Ref, nil
	case AudienceOrgUnit:
		unit, err := parseID(t.Audience.Ref)
		if err != nil {
			return false, nil
		}
		if ok, seen := c.units[unit]; seen {
			return ok, nil
		}
		ok, err := s.Lists.MemberOfOrgUnit(ctx, p.UserID, unit)
		if err != nil {
			return false, err
		}
		if c.units == nil {
			c.units = map[int64]bool{}
		}
		c.units[unit] = ok
		return ok, nil
	}
	return false, nil
}

// Offer is a test as the student's list shows it.
type Offer struct {
	Test *Test
	// Used is the attempts made; Left the attempts left (-1: unlimited).
	Used, Left int
	// Open is the student's unfinished attempt, if any.
	Open *Attempt
	// State is "open" (may start), "soon" (the window has not opened), "closed" or "used".
	State string
}

// Offers returns the tests of the site the student may take, open ones first, and the
// student's attempts (olympiad attempts included), newest first.
func (s *Service) Offers(ctx context.Context, p *sitecore.Principal, siteID int64, now time.Time) ([]Offer, []Attempt, error) {
	if p == nil || p.UserID == 0 {
		return nil, nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	tests, err := s.Lists.ListTests(ctx, siteID)
	if err != nil {
		return nil, nil, err
	}
	mine, err := s.Lists.StudentAttempts(ctx, siteID, p.UserID)
	if err != nil {
		return nil, nil, err
	}
	olympiad, err := s.Lists.OlympiadTests(ctx, siteID)
	if err != nil {
		return nil, nil, err
	}
	cache := &audienceCache{olympiad: olympiad}
	var out []Offer
	for i := range tests {
		t := &tests[i]
		ok, err := s.mayTake(ctx, p, t, cache)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			continue
		}
		o := Offer{Test: t, Left: -1}
		for j := range mine {
			if mine[j].TestID == t.ID {
				o.Used++
				if mine[j].Status == Started {
					o.Open = &mine[j]
				}
			}
		}
		if t.AttemptsAllowed > 0 {
			o.Left = max(0, t.AttemptsAllowed-o.Used)
		}
		switch err := t.CanStart(now, o.Used); {
		case err == nil:
			o.State = "open"
		case sitecore.AsError(err).Key == "quiz.not_open":
			o.State = "soon"
		case sitecore.AsError(err).Key == "quiz.closed":
			o.State = "closed"
		default:
			o.State = "used"
		}
		if o.Open != nil {
			o.State = "open"
		}
		out = append(out, o)
	}
	return out, mine, nil
}

// Start starts an attempt of the test for the student, or returns the unfinished one (a
// reload, another device). A test the student may not take is "not found".
func (s *Service) Start(ctx context.Context, p *sitecore.Principal, siteID, testID int64, now time.Time) (*Attempt, error) {
	t, err := s.Store.FindTest(ctx, siteID, testID)
	if err != nil {
		return nil, err
	}
	if ok, err := s.MayTake(ctx, p, t); err != nil {
		return nil, err
	} else if !ok {
		return nil, sitecore.NotFound("test")
	}
	if a, err := s.Store.OpenAttempt(ctx, siteID, testID, p.UserID); err == nil {
		return a, nil
	} else if sitecore.ErrorCode(err) != sitecore.ENotFound {
		return nil, err
	}
	used, err := s.Store.CountAttempts(ctx, siteID, testID, p.UserID)
	if err != nil {
		return nil, err
	}
	if err := t.CanStart(now, used); err != nil {
		return nil, err
	}
	bank, err := s.Store.QuestionsForTest(ctx, t)
	if err != nil {
		return nil, err
	}
	a, err := NewAttempt(t, bank, p.UserID, now, NewSeed(), used)
	if err != nil {
		return nil, err
	}
	if err := s.Store.StartAttempt(ctx, a, t.AttemptsAllowed); err != nil {
		if sitecore.AsError(err).Key == "quiz.attempt_open" { // a second tab won the race
			return s.Store.OpenAttempt(ctx, siteID, testID, p.UserID)
		}
		return nil, err
	}
	if err := s.Process.StartAttempt(ctx, a.Start(t.Grace)); err != nil {
		// The intake relay starts it: the attempt's record and intake row are stored.
		s.log().Warn("attempt workflow not started; the relay will", "site", siteID, "attempt", a.ID, "err", err)
	}
	return a, nil
}

// Sitting is an attempt as the student's browser may see it: views of the questions
// (never the questions, which hold the keys), the saved answers and the deadline.
type Sitting struct {
	Attempt *Attempt
	Test    *Test
	Views   []View
	Saved   map[int64]Answer // by question; only Seq and Response are meant for the page
}

// Sitting returns the student's attempt with its views; another student's is "not found".
func (s *Service) Sitting(ctx context.Context, p *sitecore.Principal, siteID, attemptID int64) (*Sitting, error) {
	a, err := s.studentAttempt(ctx, p, siteID, attemptID)
	if err != nil {
		return nil, err
	}
	t, err := s.Store.FindTest(ctx, siteID, a.TestID)
	if err != nil {
		return nil, err
	}
	st := &Sitting{Attempt: a, Test: t, Saved: map[int64]Answer{}}
	if a.Status != Started {
		return st, nil
	}
	ids := make([]int64, len(a.Slots))
	for i, sl := range a.Slots {
		ids[i] = sl.QuestionID
	}
	qs, err := s.Store.QuestionsByID(ctx, siteID, ids)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Question{}
	for i := range qs {
		byID[qs[i].ID] = &qs[i]
	}
	for _, sl := range a.Slots {
		if q := byID[sl.QuestionID]; q != nil {
			st.Views = append(st.Views, StudentView(q, sl, a.Seed, t.ShuffleOptions))
		}
	}
	saved, err := s.Store.Answers(ctx, siteID, attemptID)
	if err != nil {
		return nil, err
	}
	for _, ans := range saved {
		st.Saved[ans.QuestionID] = Answer{AttemptID: ans.AttemptID, QuestionID: ans.QuestionID, Seq: ans.Seq, Response: ans.Response, SavedAt: ans.SavedAt}
	}
	return st, nil
}

func (s *Service) studentAttempt(ctx context.Context, p *sitecore.Principal, siteID, attemptID int64) (*Attempt, error) {
	if p == nil || p.UserID == 0 || !p.Reaches(siteID) {
		return nil, sitecore.NotFound("attempt")
	}
	return s.Store.StudentAttempt(ctx, siteID, p.UserID, attemptID)
}

// Save stores an autosave of the student's attempt (idempotent by seq: a repeated or late
// save changes nothing). A closed attempt is EConflict "quiz.attempt_closed".
func (s *Service) Save(ctx context.Context, p *sitecore.Principal, siteID int64, sv Save, now time.Time) (SaveOutcome, error) {
	if _, err := s.studentAttempt(ctx, p, siteID, sv.AttemptID); err != nil {
		return "", err
	}
	return s.Store.SaveAnswer(ctx, siteID, sv, now)
}

// Submit submits the student's attempt through its workflow. An attempt made moments ago
// (by an olympiad's start, or when starting its workflow failed) may have no workflow yet:
// it is started here (idempotent, as the intake relay does) and the submission sent again.
func (s *Service) Submit(ctx context.Context, p *sitecore.Principal, siteID, attemptID int64) error {
	a, err := s.studentAttempt(ctx, p, siteID, attemptID)
	if err != nil {
		return err
	}
	err = s.Process.SubmitAttempt(ctx, attemptID, p.UserID)
	if sitecore.AsError(err).Key != "quiz.attempt_closed" || a.Status != Started || time.Now().After(a.SaveCutoff) {
		return err
	}
	t, terr := s.Store.FindTest(ctx, siteID, a.TestID)
	if terr != nil {
		return terr
	}
	if serr := s.Process.StartAttempt(ctx, a.Start(t.Grace)); serr != nil {
		return serr
	}
	return s.Process.SubmitAttempt(ctx, attemptID, p.UserID)
}

// Status returns the student's attempt (its status and deadline) for the page's clock.
func (s *Service) Status(ctx context.Context, p *sitecore.Principal, siteID, attemptID int64) (*Attempt, error) {
	return s.studentAttempt(ctx, p, siteID, attemptID)
}

// ReviewItem is one question of a finished attempt as the student may see it once the
// test allows answers: the question (with its key), the student's answer and its points.
type ReviewItem struct {
	Question *Question
	Response Response
	Answered bool
	Points   float64
	Max      float64
	Graded   bool
}

// Outcome is what the student sees of a finished attempt.
type Outcome struct {
	Attempt *Attempt
	Test    *Test
	Visibility
	Items []ReviewItem // only when Visibility.Answers
}

// Outcome returns the student's finished attempt as the test's review rule allows at now:
// nothing, the score, or the score with answers and keys (after the window has closed).
func (s *Service) Outcome(ctx context.Context, p *sitecore.Principal, siteID, attemptID int64, now time.Time) (*Outcome, error) {
	a, err := s.studentAttempt(ctx, p, siteID, attemptID)
	if err != nil {
		return nil, err
	}
	t, err := s.Store.FindTest(ctx, siteID, a.TestID)
	if err != nil {
		return nil, err
	}
	o := &Outcome{Attempt: a, Test: t}
	if a.Status == Started {
		return o, nil
	}
	o.Visibility = t.Visible(now, a.Status == Graded)
	if !o.Answers {
		if !o.Score { // the page shows no number the rule hides
			o.Attempt = &Attempt{ID: a.ID, SiteID: a.SiteID, TestID: a.TestID, StudentID: a.StudentID, Number: a.Number,
				Status: a.Status, StartedAt: a.StartedAt, Deadline: a.Deadline, SubmittedAt: a.SubmittedAt}
		}
		return o, nil
	}
	ids := make([]int64, len(a.Slots))
	for i, sl := range a.Slots {
		ids[i] = sl.QuestionID
	}
	qs, err := s.Store.QuestionsByID(ctx, siteID, ids)
	if err != nil {
		return nil, err
	}
	saved, err := s.Store.Answers(ctx, siteID, attemptID)
	if err != nil {
		return nil, err
	}
	for _, sl := range a.Slots {
		it := ReviewItem{Max: sl.Points}
		for i := range qs {
			if qs[i].ID == sl.QuestionID {
				it.Question = &qs[i]
			}
		}
		for _, ans := range saved {
			if ans.QuestionID == sl.QuestionID {
				it.Response, it.Answered, it.Points, it.Graded = ans.Response, true, ans.Points, ans.Graded
			}
		}
		if it.Question != nil {
			o.Items = append(o.Items, it)
		}
	}
	return o, nil
}

func parseID(s string) (int64, error) {
	var n int64
	if s == "" || len(s) > 18 {
		return 0, errNoAudience
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, errNoAudience
		}
		n = n*10 + int64(c-'0')
	}
	return n, nil
}
