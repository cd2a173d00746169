package site

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
	"github.com/mektep/mektep/sitecore/quiz"
)

// A test's results for its teachers: every attempt, statistics per question, and the
// essays waiting for a grade (each with its own small form); the Excel of the same.

type resultsView struct {
	TestID    int64
	Rows      []resultRow
	Stats     []statRow
	Essays    []essayRow
	CanEdit   bool
	Submitted int
}

type resultRow struct {
	AttemptID                           int64
	Student, Email, Status, Score, When string
	Number                              int
}

type statRow struct {
	N                      int
	Label, Kind            string
	Answered, Graded, Full int
	Pending                int
	Mean                   string
}

type essayRow struct {
	AttemptID, QuestionID int64
	Student, Question     string
	Text                  string
	Max                   string
	Field                 string
}

// PanelTestResults shows the results; its POST grades one essay (op=grade).
func (s *Server) PanelTestResults(w http.ResponseWriter, r *http.Request) {
	v, ok := s.testsEnter(w, r)
	if !ok {
		return
	}
	id := formID(chi.URLParam(r, "testID"))
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 16<<10)
		f := r.PostForm
		attempt, question := formID(f.Get("attempt")), formID(f.Get("question"))
		field := "points-" + strconv.FormatInt(attempt, 10) + "-" + strconv.FormatInt(question, 10)
		v.Values[field] = f.Get("points")
		points, err := quiz.ParseFloat("points", f.Get("points"))
		if err == nil {
			_, err = s.Quiz.GradeEssay(r.Context(), v.p, v.Site.ID, attempt, question, points)
		}
		if err != nil {
			if e := sitecore.AsError(err); e.Field == "points" {
				e2 := *e
				e2.Field = field
				err = &e2
			}
			status = v.fail(err)
		} else {
			done(w, r, v.Path("tests", strconv.FormatInt(id, 10), "results"), "graded")
			return
		}
	}
	res, err := s.Quiz.Results(r.Context(), v.p, v.Site.ID, id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	rv := &resultsView{TestID: id, CanEdit: v.Can("tests", "edit")}
	for _, row := range res.Rows {
		rr := resultRow{AttemptID: row.ID, Student: row.StudentName, Email: row.StudentEmail, Number: row.Number,
			Status: v.T("status." + string(row.Status)), When: v.When(row.SubmittedAt)}
		if row.Status == quiz.Graded || row.Status == quiz.Submitted {
			rr.Score = num(row.Score) + " / " + num(row.MaxScore)
			rv.Submitted++
		}
		if rr.Student == "" {
			rr.Student = row.StudentEmail
		}
		rv.Rows = append(rv.Rows, rr)
	}
	for i, st := range res.Questions {
		rv.Stats = append(rv.Stats, statRow{N: i + 1, Label: questionLabel(&st.Question, v.Lang), Kind: v.T("kind." + string(st.Question.Kind)),
			Answered: st.Answered, Graded: st.Graded, Full: st.Full, Pending: st.Pending,
			Mean: strconv.FormatFloat(float64(int(st.Mean*1000+0.5))/10, 'f', -1, 64)})
	}
	for _, e := range res.Essays {
		rv.Essays = append(rv.Essays, essayRow{AttemptID: e.AttemptID, QuestionID: e.Question.ID, Student: e.StudentName,
			Question: questionLabel(&e.Question, v.Lang), Text: e.Text, Max: num(e.MaxPoints),
			Field: "points-" + strconv.FormatInt(e.AttemptID, 10) + "-" + strconv.FormatInt(e.Question.ID, 10)})
	}
	v.Title, v.Kind, v.Data = res.Test.Title.In(v.Lang)+" — "+v.T("tests.results"), "results", rv
	s.renderPanel(w, r, status, testsResultsPage, v)
}

// PanelTestResultsXLSX sends the results as an Excel workbook.
func (s *Server) PanelTestResultsXLSX(w http.ResponseWriter, r *http.Request) {
	v, ok := s.testsEnter(w, r)
	if !ok {
		return
	}
	id := formID(chi.URLParam(r, "testID"))
	res, answers, err := s.Quiz.ResultsExport(r.Context(), v.p, v.Site.ID, id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := excel.WriteQuizResults(&b, v.Lang, res, answers); err != nil {
		s.ErrorPage(w, r, sitecore.Internal("results xlsx", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", `attachment; filename="test-`+strconv.FormatInt(id, 10)+`-results.xlsx"`)
	h.Set("Cache-Control", "no-store")
	_, _ = w.Write(b.Bytes())
}

type classesView struct {
	Classes []quiz.Class
	Missing []string
	CanEdit bool
}

// PanelClasses lists the school's classes; its form puts students in a class by email.
func (s *Server) PanelClasses(w http.ResponseWriter, r *http.Request) {
	v, ok := s.testsEnter(w, r)
	if !ok {
		return
	}
	status := http.StatusOK
	cv := &classesView{CanEdit: v.Can("tests", "edit")}
	if r.Method == http.MethodPost {
		readForm(w, r, 64<<10)
		f := r.PostForm
		v.Values["class"], v.Values["emails"] = f.Get("class"), f.Get("emails")
		emails := strings.FieldsFunc(f.Get("emails"), func(c rune) bool { return c == '\n' || c == ',' || c == ';' || c == ' ' || c == '\r' })
		missing, err := s.Quiz.SetClass(r.Context(), v.p, v.Site.ID, f.Get("class"), emails)
		switch {
		case err != nil:
			status = v.fail(err)
		case len(missing) > 0:
			cv.Missing = missing
			v.Errors["emails"] = v.T("classes.missing") + ": " + strings.Join(missing, ", ")
			v.Error = v.shell["fix_fields"]
			status = http.StatusBadRequest
		default:
			done(w, r, v.Path("tests", "classes"), "saved")
			return
		}
	}
	classes, err := s.Quiz.Classes(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	cv.Classes = classes
	v.Title, v.Kind, v.Data = v.T("tests.classes"), "classes", cv
	s.renderPanel(w, r, status, testsClassesPage, v)
}
