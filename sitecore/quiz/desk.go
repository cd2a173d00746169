package quiz

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Service is what the pages of tests call, students' and teachers' alike: it decides who
// may do what (sitecore.Authorize in section "tests" for teachers, the test's audience for
// students) and then uses the Store and the attempt's workflow. It holds no state.
type Service struct {
	Store   Store
	Lists   Lister
	Process AttemptProcess
	// Images stores the pictures of an imported Moodle file in the media library (nil:
	// files with pictures are refused).
	Images ImageStore
	Log    *slog.Logger
}

// AttemptProcess is the attempt's workflow as the service drives it (workflows.AttemptClient).
type AttemptProcess interface {
	// StartAttempt starts the workflow that owns the attempt's deadline.
	StartAttempt(ctx context.Context, s AttemptStart) error
	// SubmitAttempt submits the student's attempt and returns once it is submitted.
	SubmitAttempt(ctx context.Context, attemptID, studentID int64) error
	// RegradeAttempt grades the attempt again; EConflict "quiz.attempt_closed" once the
	// workflow has ended.
	RegradeAttempt(ctx context.Context, attemptID int64) error
}

// Lister answers the listings of the pages (sitecore/postgres).
type Lister interface {
	// ListTests returns the site's tests, newest first.
	ListTests(ctx context.Context, siteID int64) ([]Test, error)
	// StudentAttempts returns the student's attempts in the site, newest first.
	StudentAttempts(ctx context.Context, siteID, studentID int64) ([]Attempt, error)
	// TestResults returns the test's attempts with the students' names, by student then number.
	TestResults(ctx context.Context, siteID, testID int64) ([]ResultRow, error)
	// TestAnswers returns every stored answer of the test's attempts.
	TestAnswers(ctx context.Context, siteID, testID int64) ([]Answer, error)
	// OlympiadTests returns the site's tests that are tasks of its olympiad rounds (their
	// attempts are made by the olympiad, never by a student's start).
	OlympiadTests(ctx context.Context, siteID int64) ([]int64, error)
	// StudentClass returns the student's class in the site ("" when none).
	StudentClass(ctx context.Context, siteID, userID int64) (string, error)
	// SetClass puts the site's students with the emails in the class, all or none: when
	// some emails are not the site's students it returns them and changes nothing.
	SetClass(ctx context.Context, siteID int64, class string, emails []string) (missing []string, err error)
	// Classes returns the site's classes with their sizes.
	Classes(ctx context.Context, siteID int64) ([]Class, error)
	// MemberOfOrgUnit reports whether the user has a role in a school of the unit or below.
	MemberOfOrgUnit(ctx context.Context, userID, unitID int64) (bool, error)
}

// ImageStore keeps the pictures of an imported file: it stores data under name in the
// site's media library as the user and returns the item's ID and address.
type ImageStore interface {
	StoreImage(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, name string, data []byte) (id, url string, err error)
}

// Class is a class of a school and how many students are in it.
type Class struct {
	Name     string
	Students int
}

// ResultRow is an attempt with its student, for the teacher's results.
type ResultRow struct {
	Attempt
	StudentName  string
	StudentEmail string
}

var testsSection = sitecore.Resource{Section: sitecore.SectionTests}

// teacher checks the action in section "tests".
func teacher(p *sitecore.Principal, siteID int64, a sitecore.Action) error {
	return sitecore.Authorize(p, siteID, a, testsSection)
}

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// Banks returns the site's question banks (tests:view).
func (s *Service) Banks(ctx context.Context, p *sitecore.Principal, siteID int64) ([]Bank, error) {
	if err := teacher(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	return s.Store.ListBanks(ctx, siteID)
}

// CreateBank stores a new bank (tests:edit).
func (s *Service) CreateBank(ctx context.Context, p *sitecore.Principal, b *Bank) error {
	if err := teacher(p, b.SiteID, sitecore.ActionEdit); err != nil {
		return err
	}
	b.Subject = strings.TrimSpace(b.Subject)
	if err := b.Name.validate("name", true, 200); err != nil {
		return err
	}
	if len([]rune(b.Subject)) > 200 {
		return sitecore.Invalid("subject", "field.too_long", "field", "subject", "max", "200")
	}
	if b.Grade < 0 || b.Grade > 12 {
		return sitecore.Invalid("grade", "quiz.grade", "value", itoa(b.Grade))
	}
	return s.Store.CreateBank(ctx, b)
}

// QuestionFilter narrows the bank's list.
type QuestionFilter struct {
	BankID   int64  // 0: every bank
	Kind     Kind   // "": every type
	Category string // a category or its prefix ("Алгебра" also shows "Алгебра/Теңдеулер")
	Text     string // words in the question's name or text, any language, case folded
}

// Questions returns the site's questions that pass the filter, by bank, category, ID
// (tests:view). Teachers see keys here: this is the bank, not a student's view.
func (s *Service) Questions(ctx context.Context, p *sitecore.Principal, siteID int64, f QuestionFilter) ([]Question, error) {
	if err := teacher(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	banks, err := s.Store.ListBanks(ctx, siteID)
	if err != nil {
		return nil, err
	}
	needle := strings.ToLower(strings.TrimSpace(f.Text))
	cat := strings.TrimSpace(f.Category)
	var out []Question
	for _, b := range banks {
		if f.BankID != 0 && b.ID != f.BankID {
			continue
		}
		qs, err := s.Store.ListQuestions(ctx, siteID, b.ID)
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			if f.Kind != "" && q.Kind != f.Kind {
				continue
			}
			if cat != "" && q.Category != cat && !strings.HasPrefix(q.Category, cat+"/") {
				continue
			}
			if needle != "" && !matchesText(q, needle) {
				continue
			}
			out = append(out, q)
		}
	}
	return out, nil
}

func matchesText(q Question, needle string) bool {
	if strings.Contains(strings.ToLower(q.Name), needle) {
		return true
	}
	for _, t := range q.Text {
		if strings.Contains(strings.ToLower(t), needle) {
			return true
		}
	}
	return false
}

// Import formats.
const (
	FormatMoodle = "moodle"
	FormatExcel  = "xlsx"
)

// ImportedFile is a bank file read by a format's reader: its questions and, for Moodle,
// the pictures each question's text refers to (Images[i] belongs to Questions[i]).
type ImportedFile struct {
	Questions []Question
	Images    [][]Image
}

// Image is a picture embedded in an imported question: its file name as the text refers to
// it (Ref, e.g. "@@PLUGINFILE@@/cat.png") and its bytes.
type Image struct {
	Ref  string
	Name string
	Data []byte
}

// Reader reads a bank file in a format; lang is the language of texts without markup.
type Reader func(r io.Reader, lang sitecore.Lang) (*ImportedFile, error)

// Import reads a bank file with read and stores its questions in the bank, all or none
// (tests:edit). Pictures go to the media library first (which needs media:edit too); the
// question's text then points at them and the first is the question's image. On a file
// with problems it returns quiz.Problems through Problems.Failed, and nothing is stored.
func (s *Service) Import(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, bankID int64, read Reader, r io.Reader, lang sitecore.Lang) (int, error) {
	if err := teacher(p, siteID, sitecore.ActionEdit); err != nil {
		return 0, err
	}
	if _, err := s.Store.FindBank(ctx, siteID, bankID); err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			return 0, sitecore.Invalid("bank", "field.required", "field", "bank")
		}
		return 0, err
	}
	f, err := read(r, lang)
	if err != nil {
		return 0, err
	}
	for i := range f.Questions {
		if i >= len(f.Images) || len(f.Images[i]) == 0 {
			continue
		}
		if s.Images == nil {
			return 0, sitecore.Invalid("file", "quiz.import_images")
		}
		q := &f.Questions[i]
		for _, img := range f.Images[i] {
			id, url, err := s.Images.StoreImage(ctx, p, a, siteID, img.Name, img.Data)
			if err != nil {
				if c := sitecore.ErrorCode(err); c == sitecore.EForbidden || c == sitecore.ENotFound {
					return 0, sitecore.Invalid("file", "quiz.import_images")
				}
				e := sitecore.AsError(err)
				if e.Code == sitecore.EInvalid || e.Code == sitecore.ETooLarge {
					ps := Problems{}
					ps.Add(i+1, "file", q.Name, err)
					return 0, ps.Failed()
				}
				return 0, err
			}
			for l, t := range q.Text {
				q.Text[l] = strings.ReplaceAll(t, img.Ref, url)
			}
			if q.MediaID == "" {
				q.MediaID = id
			}
		}
	}
	if err := s.Store.CreateQuestions(ctx, siteID, bankID, f.Questions); err != nil {
		return 0, err
	}
	return len(f.Questions), nil
}

// Tests returns the site's tests (tests:view).
func (s *Service) Tests(ctx context.Context, p *sitecore.Principal, siteID int64) ([]Test, error) {
	if err := teacher(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	return s.Lists.ListTests(ctx, siteID)
}

// Test returns one test for its teachers (tests:view).
func (s *Service) Test(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Test, error) {
	if err := teacher(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	return s.Store.FindTest(ctx, siteID, id)
}

// SaveTest validates and stores a new test (ID 0) or changes one (tests:edit). Every item
// must name the site's own questions or banks.
func (s *Service) SaveTest(ctx context.Context, p *sitecore.Principal, t *Test) error {
	if err := teacher(p, t.SiteID, sitecore.ActionEdit); err != nil {
		return err
	}
	if err := t.Prepare(); err != nil {
		return err
	}
	for i, it := range t.Items {
		f := "items[" + itoa(i) + "]"
		if it.Random() {
			if _, err := s.Store.FindBank(ctx, t.SiteID, it.BankID); err != nil {
				return notFoundAs(err, f)
			}
		} else if _, err := s.Store.FindQuestion(ctx, t.SiteID, it.QuestionID); err != nil {
			return notFoundAs(err, f)
		}
	}
	if t.ID == 0 {
		return s.Store.CreateTest(ctx, t)
	}
	if _, err := s.Store.FindTest(ctx, t.SiteID, t.ID); err != nil {
		return err
	}
	return s.Store.UpdateTest(ctx, t)
}

// notFoundAs turns a reference to something the site does not have into a field error.
func notFoundAs(err error, field string) error {
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return sitecore.Invalid(field, "quiz.item", "field", field)
	}
	return err
}

// SetClass puts students of the site in a class by their emails (tests:edit); emails that
// are not the site's students are returned.
func (s *Service) SetClass(ctx context.Context, p *sitecore.Principal, siteID int64, class string, emails []string) ([]string, error) {
	if err := teacher(p, siteID, sitecore.ActionEdit); err != nil {
		return nil, err
	}
	class = strings.TrimSpace(class)
	if class == "" {
		return nil, sitecore.Invalid("class", "field.required", "field", "class")
	}
	if len([]rune(class)) > 40 {
		return nil, sitecore.Invalid("class", "field.too_long", "field", "class", "max", "40")
	}
	var clean []string
	for _, e := range emails {
		if e = strings.ToLower(strings.TrimSpace(e)); e != "" {
			clean = append(clean, e)
		}
	}
	if len(clean) == 0 {
		return nil, sitecore.Invalid("emails", "field.required", "field", "emails")
	}
	if len(clean) > 500 {
		return nil, sitecore.Invalid("emails", "quiz.options_many", "max", "500")
	}
	return s.Lists.SetClass(ctx, siteID, class, clean)
}

// Classes returns the site's classes (tests:view).
func (s *Service) Classes(ctx context.Context, p *sitecore.Principal, siteID int64) ([]Class, error) {
	if err := teacher(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	return s.Lists.Classes(ctx, siteID)
}

// QuestionStat is how one question of a test went over all its attempts.
type QuestionStat struct {
	Question Question
	Answered int     // attempts with an answer saved
	Graded   int     // answers graded
	Pending  int     // essays waiting for a teacher
	Mean     float64 // the mean fraction of graded answers, 0..1
	Full     int     // answers with full marks
}

// PendingEssay is an essay of an attempt that waits for a teacher.
type PendingEssay struct {
	AttemptID   int64
	StudentName string
	Question    Question
	Text        string
	MaxPoints   float64
}

// Results is a test's results for its teachers.
type Results struct {
	Test      *Test
	Rows      []ResultRow
	Questions []QuestionStat
	Essays    []PendingEssay
}

// Results returns the test's attempts, statistics per question and the essays to grade
// (tests:view).
func (s *Service) Results(ctx context.Context, p *sitecore.Principal, siteID, testID int64) (*Results, error) {
	if err := teacher(p, siteID, sitecore.ActionView); err != nil {
		return nil, err
	}
	t, err := s.Store.FindTest(ctx, siteID, testID)
	if err != nil {
		return nil, err
	}
	rows, err := s.Lists.TestResults(ctx, siteID, testID)
	if err != nil {
		return nil, err
	}
	answers, err := s.Lists.TestAnswers(ctx, siteID, testID)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, r := range rows {
		for _, sl := range r.Slots {
			if !seen[sl.QuestionID] {
				seen[sl.QuestionID] = true
				ids = append(ids, sl.QuestionID)
			}
		}
	}
	qs, err := s.Store.QuestionsByID(ctx, siteID, ids)
	if err != nil {
		return nil, err
	}
	res := &Results{Test: t, Rows: rows}
	idx := map[int64]int{}
	for _, q := range qs {
		idx[q.ID] = len(res.Questions)
		res.Questions = append(res.Questions, QuestionStat{Question: q})
	}
	byAttempt := map[int64]ResultRow{}
	for _, r := range rows {
		byAttempt[r.ID] = r
	}
	sums := make([]float64, len(res.Questions))
	for _, a := range answers {
		i, ok := idx[a.QuestionID]
		if !ok {
			continue
		}
		st := &res.Questions[i]
		st.Answered++
		r := byAttempt[a.AttemptID]
		switch {
		case a.Graded:
			st.Graded++
			sums[i] += a.Fraction
			if a.Fraction >= 1 {
				st.Full++
			}
		case st.Question.Kind == Essay && (r.Status == Submitted || r.Status == Graded):
			st.Pending++
			res.Essays = append(res.Essays, PendingEssay{AttemptID: a.AttemptID, StudentName: r.StudentName,
				Question: st.Question, Text: a.Response.Text, MaxPoints: slotPoints(r.Slots, a.QuestionID)})
		}
	}
	for i := range res.Questions {
		if g := res.Questions[i].Graded; g > 0 {
			res.Questions[i].Mean = sums[i] / float64(g)
		}
	}
	// Essays left empty are graded 0 by the machine; an essay never answered has no row,
	// so an attempt whose pending count is above the rows found still shows it.
	for _, r := range rows {
		if r.Pending == 0 || (r.Status != Submitted && r.Status != Graded) {
			continue
		}
		for _, sl := range r.Slots {
			i, ok := idx[sl.QuestionID]
			if !ok || res.Questions[i].Question.Kind != Essay || hasAnswer(answers, r.ID, sl.QuestionID) {
				continue
			}
			res.Essays = append(res.Essays, PendingEssay{AttemptID: r.ID, StudentName: r.StudentName,
				Question: res.Questions[i].Question, MaxPoints: sl.Points})
		}
	}
	slices.SortStableFunc(res.Essays, func(a, b PendingEssay) int { return cmpInt64(a.AttemptID, b.AttemptID) })
	return res, nil
}

func hasAnswer(as []Answer, attemptID, questionID int64) bool {
	for _, a := range as {
		if a.AttemptID == attemptID && a.QuestionID == questionID {
			return true
		}
	}
	return false
}

func slotPoints(slots []Slot, questionID int64) float64 {
	for _, sl := range slots {
		if sl.QuestionID == questionID {
			return sl.Points
		}
	}
	return 0
}

// GradeEssay records a teacher's points for an essay of a submitted attempt and grades the
// attempt again (tests:edit). points must be within 0 and the slot's points.
func (s *Service) GradeEssay(ctx context.Context, p *sitecore.Principal, siteID, attemptID, questionID int64, points float64) (*Attempt, error) {
	if err := teacher(p, siteID, sitecore.ActionEdit); err != nil {
		return nil, err
	}
	a, err := s.Store.FindAttempt(ctx, siteID, attemptID)
	if err != nil {
		return nil, err
	}
	if a.Status != Submitted && a.Status != Graded {
		return nil, sitecore.Conflictf("attempt", "quiz.attempt_open")
	}
	var max float64 = -1
	for _, sl := range a.Slots {
		if sl.QuestionID == questionID {
			max = sl.Points
		}
	}
	if max < 0 {
		return nil, sitecore.Invalid("question", "quiz.not_in_attempt")
	}
	if !finite(points) || points < 0 || points > max {
		return nil, sitecore.Invalid("points", "quiz.grade_points", "max", ftoa(max))
	}
	fraction := 0.0
	if max > 0 {
		fraction = points / max
	}
	if err := s.Store.GradeAnswer(ctx, siteID, attemptID, questionID, fraction, p.UserID); err != nil {
		return nil, err
	}
	err = s.Process.RegradeAttempt(ctx, attemptID)
	if sitecore.ErrorCode(err) == sitecore.EConflict {
		// The workflow has ended (it waits for essays for 60 days): grade here.
		return GradeStored(ctx, s.Store, siteID, attemptID, time.Now())
	}
	if err != nil {
		return nil, err
	}
	return s.Store.FindAttempt(ctx, siteID, attemptID)
}

// ResultsExport returns what the Excel of a test's results needs (tests:view).
func (s *Service) ResultsExport(ctx context.Context, p *sitecore.Principal, siteID, testID int64) (*Results, map[int64][]Answer, error) {
	res, err := s.Results(ctx, p, siteID, testID)
	if err != nil {
		return nil, nil, err
	}
	answers, err := s.Lists.TestAnswers(ctx, siteID, testID)
	if err != nil {
		return nil, nil, err
	}
	by := map[int64][]Answer{}
	for _, a := range answers {
		by[a.AttemptID] = append(by[a.AttemptID], a)
	}
	return res, by, nil
}

// ParseFloat reads a number typed in a form: a comma or a point as the decimal separator.
func ParseFloat(field, s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(s), ",", ".", 1), 64)
	if err != nil || !finite(f) {
		return 0, sitecore.Invalid(field, "quiz.number", "field", field, "value", s)
	}
	return f, nil
}

var errNoAudience = errors.New("audience")
