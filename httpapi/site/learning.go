package site

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/quiz"
)

// "My learning" in a school's control panel (/{lang}/panel/learning): the courses for site
// admins with the person's progress, their exam attempts, certificates and seminars; a
// course's lessons (rich text, images, files, videos) marked done one by one; and the exam,
// a plain form (no script needed) over the same certification service as the JSON API.
// Training is the person's, not the school's: the page is the same in every panel they
// enter, and shows only their own records.

var (
	learningPage       = learningTemplate("learning.html")
	learningCoursePage = learningTemplate("learning_course.html")
	learningLessonPage = learningTemplate("learning_lesson.html")
	learningExamPage   = learningTemplate("learning_exam.html")
)

// learningFuncs are the learning templates' helpers besides the panel's: fill puts values
// into a string's {placeholders} (pairs of name and value).
var learningFuncs = template.FuncMap{
	"fill": func(s string, kv ...any) string {
		for i := 0; i+1 < len(kv); i += 2 {
			s = strings.ReplaceAll(s, "{"+fmt.Sprint(kv[i])+"}", fmt.Sprint(kv[i+1]))
		}
		return s
	},
	"pct": func(score, max float64) int {
		if max <= 0 {
			return 0
		}
		return int(score * 100 / max)
	},
	"idstr": func(id int64) string { return strconv.FormatInt(id, 10) },
	// tr is a trainer's text in the page language, else in the first language it has.
	"tr": func(m map[sitecore.Lang]string, l sitecore.Lang) string {
		if m[l] != "" {
			return m[l]
		}
		for _, o := range certification.CourseLangs {
			if m[o] != "" {
				return m[o]
			}
		}
		return ""
	},
}

// learningTemplate is panelPage with learningFuncs.
func learningTemplate(file string) *template.Template {
	t := template.Must(panelLayout.Clone()).Funcs(learningFuncs)
	return template.Must(t.ParseFS(panelFS, "templates/panel/"+file))
}

// learningView is the "my learning" page.
type learningView struct {
	Courses      []courseRow
	Attempts     []attemptRow
	Certificates []*certification.Certificate
	Seminars     []*certification.Seminar
	PublicURL    string
	Trainer      bool // links to the trainers' desk
}

// courseRow is a course with the person's enrolment in it (nil if not enrolled).
type courseRow struct {
	Course  *certification.Course
	Enrol   *certification.Enrollment
	Percent int
}

// attemptRow is an exam attempt with its course's title.
type attemptRow struct {
	Course string
	certification.Attempt
}

// learningEnter is panelEnter for the learning pages, with the certification service's
// strings; nil when the platform runs without it.
func (s *Server) learningEnter(w http.ResponseWriter, r *http.Request) (*panelView, bool) {
	if s.Certification == nil {
		s.NotFound(w, r)
		return nil, false
	}
	v, ok := s.panelEnter(w, r, "", "learning")
	if ok {
		v.UI = locale.Learning(v.Lang)
		v.JS = "" // the pages are plain forms
	}
	return v, ok
}

// PanelLearning shows "my learning" and takes its actions: enrol in a course, register
// for or cancel a seminar.
func (s *Server) PanelLearning(w http.ResponseWriter, r *http.Request) {
	v, ok := s.learningEnter(w, r)
	if !ok {
		return
	}
	ctx, status := r.Context(), http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 16<<10)
		f := r.PostForm
		var err error
		id := formID(f.Get("id"))
		switch f.Get("op") {
		case "enroll":
			if _, err = s.Certification.Enroll(ctx, v.p, id, 0); err == nil {
				done(w, r, v.Path("learning", "courses", strconv.FormatInt(id, 10)), "enrolled")
				return
			}
		case "register":
			if _, err = s.Certification.RegisterSeminar(ctx, v.p, id); err == nil {
				done(w, r, v.Path("learning")+"#seminars", "registered")
				return
			}
		case "cancel":
			if err = s.Certification.CancelSeminar(ctx, v.p, id); err == nil {
				done(w, r, v.Path("learning")+"#seminars", "cancelled")
				return
			}
		default:
			err = sitecore.Invalid("op", "field.required")
		}
		status = v.fail(err)
	}
	if d := r.URL.Query().Get("done"); d != "" {
		v.Notice = v.T("done." + d)
	}
	lv := &learningView{PublicURL: "/certificates/"}
	courses, err := s.Certification.Courses(ctx, v.p)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	mine, err := s.Certification.Learning(ctx, v.p)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	titles := map[int64]string{}
	for _, c := range courses {
		if !c.Published {
			continue
		}
		titles[c.ID] = c.Title[v.Lang]
		row := courseRow{Course: c}
		for _, e := range mine.Enrollments {
			if e.CourseID == c.ID && row.Enrol == nil {
				row.Enrol = e
				if e.LessonCount > 0 {
					row.Percent = 100 * len(e.LessonsDone) / e.LessonCount
				}
			}
		}
		lv.Courses = append(lv.Courses, row)
	}
	for _, e := range mine.Enrollments {
		for _, a := range e.Attempts {
			lv.Attempts = append(lv.Attempts, attemptRow{Course: titles[e.CourseID], Attempt: a})
		}
	}
	slices.SortFunc(lv.Attempts, func(a, b attemptRow) int { return b.StartedAt.Compare(a.StartedAt) })
	lv.Certificates = mine.Certificates
	if lv.Trainer, err = s.Certification.Trainer(ctx, v.p); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if lv.Seminars, err = s.Certification.ListSeminars(ctx, v.p); err != nil && sitecore.ErrorCode(err) != sitecore.ENotFound {
		s.ErrorPage(w, r, err)
		return
	}
	v.Title, v.Kind, v.Data = v.T("learn.title"), "learning", lv
	s.renderPanel(w, r, status, learningPage, v)
}

// Status is a certificate's status now, for the templates.
func (lv *learningView) Status(c *certification.Certificate) string {
	return string(c.StatusAt(time.Now()))
}

// courseView is a course's page.
type courseView struct {
	Course *certification.Course
	Enrol  *certification.Enrollment
	Done   map[int64]bool
	// Lesson is the lesson shown (lesson pages only), with its media.
	Lesson *certification.Lesson
	Media  []*sitecore.MediaItem
	Next   int64
	Exam   *certification.ExamSheet
	Open   bool // the exam may be opened now (its phase)
}

// course loads the course of a learning page and the person's enrolment in it.
func (s *Server) learningCourse(r *http.Request, v *panelView) (*courseView, error) {
	id := formID(chi.URLParam(r, "courseID"))
	c, err := s.Certification.Course(r.Context(), v.p, id)
	if err != nil {
		return nil, err
	}
	cv := &courseView{Course: c, Done: map[int64]bool{}}
	mine, err := s.Certification.Learning(r.Context(), v.p)
	if err != nil {
		return nil, err
	}
	for _, e := range mine.Enrollments {
		if e.CourseID == id && !e.Phase.Final() {
			cv.Enrol = e
			break
		}
	}
	if cv.Enrol != nil {
		for _, l := range cv.Enrol.LessonsDone {
			cv.Done[l] = true
		}
		p := cv.Enrol.Phase
		cv.Open = c.MediaSiteID != 0 && ((p == certification.PhaseExam && c.Exam.TestID != 0) ||
			((p == certification.PhaseCertified || p == certification.PhaseExpired) && c.Refresher.TestID != 0))
	}
	return cv, nil
}

// PanelLearningCourse shows a course: its lessons with the person's progress and the exam.
func (s *Server) PanelLearningCourse(w http.ResponseWriter, r *http.Request) {
	v, ok := s.learningEnter(w, r)
	if !ok {
		return
	}
	cv, err := s.learningCourse(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if d := r.URL.Query().Get("done"); d != "" {
		v.Notice = v.T("done." + d)
	}
	v.Title, v.Kind, v.Data = cv.Course.Title[v.Lang], "course", cv
	s.renderPanel(w, r, http.StatusOK, learningCoursePage, v)
}

// PanelLearningLesson shows a lesson; its POST marks it done and goes to the next one.
func (s *Server) PanelLearningLesson(w http.ResponseWriter, r *http.Request) {
	v, ok := s.learningEnter(w, r)
	if !ok {
		return
	}
	cv, err := s.learningCourse(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	id := formID(chi.URLParam(r, "lessonID"))
	i := slices.IndexFunc(cv.Course.Lessons, func(l *certification.Lesson) bool { return l.ID == id })
	if i < 0 {
		s.NotFound(w, r)
		return
	}
	cv.Lesson = cv.Course.Lessons[i]
	if i+1 < len(cv.Course.Lessons) {
		cv.Next = cv.Course.Lessons[i+1].ID
	}
	coursePath := v.Path("learning", "courses", strconv.FormatInt(cv.Course.ID, 10))
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if _, err := s.Certification.CompleteLesson(r.Context(), v.p, cv.Course.ID, id); err != nil {
			status = v.fail(err)
		} else {
			to := coursePath
			if cv.Next != 0 {
				to += "/lessons/" + strconv.FormatInt(cv.Next, 10)
			}
			done(w, r, to, "lesson_done")
			return
		}
	}
	for _, m := range cv.Lesson.Media {
		if s.Media == nil {
			break
		}
		if item, err := s.Media.Find(r.Context(), cv.Course.MediaSiteID, m); err == nil {
			item.URL = coursePath + "/media/" + item.ID
			cv.Media = append(cv.Media, item)
		}
	}
	if d := r.URL.Query().Get("done"); d != "" {
		v.Notice = v.T("done." + d)
	}
	v.Title, v.Kind, v.Data = cv.Lesson.Title[v.Lang], "lesson", cv
	s.renderPanel(w, r, status, learningLessonPage, v)
}

// PanelLearningMedia serves an image or file of a course's lessons from the training
// site's media library, to people who may see the course.
func (s *Server) PanelLearningMedia(w http.ResponseWriter, r *http.Request) {
	v, ok := s.learningEnter(w, r)
	if !ok {
		return
	}
	if s.Media == nil {
		s.NotFound(w, r)
		return
	}
	cv, err := s.learningCourse(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	id := chi.URLParam(r, "mediaID")
	if !slices.ContainsFunc(cv.Course.Lessons, func(l *certification.Lesson) bool { return slices.Contains(l.Media, id) }) {
		s.NotFound(w, r)
		return
	}
	m, rc, err := s.Media.Open(r.Context(), cv.Course.MediaSiteID, id, false)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", m.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, max-age=3600")
	if m.Kind == sitecore.MediaDocument {
		h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(m.Name))
	}
	http.ServeContent(w, r, "", m.CreatedAt, rc)
}

// PanelLearningExam is the exam: open an attempt, answer, submit. Answers are saved as the
// test engine's autosaves when the form is sent; the grade comes from the attempt's
// workflow, and the process records it (the course page then shows it).
func (s *Server) PanelLearningExam(w http.ResponseWriter, r *http.Request) {
	v, ok := s.learningEnter(w, r)
	if !ok {
		return
	}
	cv, err := s.learningCourse(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	ctx, status := r.Context(), http.StatusOK
	coursePath := v.Path("learning", "courses", strconv.FormatInt(cv.Course.ID, 10))
	if r.Method != http.MethodPost { // the exam is opened from the course page
		http.Redirect(w, r, coursePath, http.StatusSeeOther)
		return
	}
	{
		readForm(w, r, 256<<10)
		f := r.PostForm
		switch f.Get("op") {
		case "submit":
			attempt := formID(f.Get("attempt"))
			sheet, err := s.Certification.ExamSheet(ctx, v.p, cv.Course.ID, attempt)
			seq := time.Now().UnixNano()
			for i := 0; err == nil && sheet != nil && i < len(sheet.Questions); i++ {
				q := sheet.Questions[i]
				resp := formResponse(q, f["q"+strconv.FormatInt(q.QuestionID, 10)])
				_, err = s.Certification.SaveExamAnswer(ctx, v.p, cv.Course.ID, quiz.Save{AttemptID: attempt, QuestionID: q.QuestionID,
					Seq: seq, Response: resp})
			}
			if err == nil {
				if _, err = s.Certification.SubmitExam(ctx, v.p, cv.Course.ID, attempt); err == nil {
					done(w, r, coursePath, "submitted")
					return
				}
			}
			status = v.fail(err)
		default: // open
			if cv.Exam, err = s.Certification.OpenExam(ctx, v.p, cv.Course.ID); err != nil {
				status = v.fail(err)
			}
		}
	}
	v.Title, v.Kind, v.Data = v.T("learn.exam"), "exam", cv
	s.renderPanel(w, r, status, learningExamPage, v)
}

// formResponse reads a question's answer from the form's values.
func formResponse(q quiz.View, vals []string) quiz.Response {
	var first string
	if len(vals) > 0 {
		first = vals[0]
	}
	switch q.Kind {
	case quiz.MultipleChoice:
		return quiz.Response{Choices: vals}
	case quiz.SingleChoice, quiz.TrueFalse:
		return quiz.Response{Choice: first}
	case quiz.Ordering:
		return quiz.Response{Order: vals}
	}
	return quiz.Response{Text: first}
}
