package site

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/locale"
)

// The trainers' desk in the control panel (/{lang}/panel/training): trainers (and the
// operators who appoint them) write the courses for site admins, their lessons in kk, ru and
// en with the rich-text editor, the exams' policies, and the seminars, and mark who attended
// a seminar. Like "my learning" it belongs to the person, not to the school: it is the same
// in every panel a trainer enters. Every form works without script (POST, then a redirect
// to a GET); the editor only improves the lesson bodies' textareas. The pages call the same
// certification service as the JSON API, which checks the trainer on every action; the
// pages refuse everyone else with the panel's 403 page.

var (
	trainingPage        = trainingTemplate("training.html")
	trainingCoursePage  = trainingTemplate("training_course.html")
	trainingLessonPage  = trainingTemplate("training_lesson.html")
	trainingSeminarPage = trainingTemplate("training_seminar.html")
)

// trainingTemplate is learningTemplate with the desk's form parts (training_parts.html).
func trainingTemplate(file string) *template.Template {
	t := template.Must(panelLayout.Clone()).Funcs(learningFuncs)
	return template.Must(t.ParseFS(panelFS, "templates/panel/training_parts.html", "templates/panel/"+file))
}

// formField is one labelled input of a desk form, with what was typed and its error.
type formField struct {
	Name, ID, Label, Value, Type, Lang, Error string
}

// Field describes the input name (labelled by the string labelKey) of type typ ("" for
// text), holding def unless the user typed something; a name ending in .kk, .ru or .en is
// text in that language.
func (v *panelView) Field(name, labelKey, def, typ string) formField {
	f := formField{Name: name, ID: strings.ReplaceAll(name, ".", "-"), Label: v.T(labelKey), Value: v.Val(name, def),
		Type: typ, Error: v.Err(name)}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		if l := sitecore.Lang(name[i+1:]); l == sitecore.Kazakh || l == sitecore.Russian || l == sitecore.English {
			f.Lang = string(l)
			f.Label += " (" + l.Native() + ")"
		}
	}
	return f
}

// trainingStrings are the desk's strings with the rich-text editor's button names
// (locale.PanelContent's "ql." keys), one read-only map per language.
var trainingStrings = sync.OnceValue(func() map[sitecore.Lang]map[string]string {
	out := map[sitecore.Lang]map[string]string{}
	for _, l := range certification.CourseLangs {
		m := map[string]string{}
		for k, s := range locale.PanelContent(l) {
			if strings.HasPrefix(k, "ql.") {
				m[k] = s
			}
		}
		for k, s := range locale.Training(l) {
			m[k] = s
		}
		out[l] = m
	}
	return out
})

// trainingEnter is panelEnter for the trainers' desk: a person who knows the site but is
// no trainer gets the panel's 403 page.
func (s *Server) trainingEnter(w http.ResponseWriter, r *http.Request) (*panelView, bool) {
	if s.Certification == nil {
		s.NotFound(w, r)
		return nil, false
	}
	v, ok := s.panelEnter(w, r, "", "learning")
	if !ok {
		return nil, false
	}
	v.UI = trainingStrings()[v.Lang]
	v.CSS, v.JS = frontend.Path("panel-editor.css"), frontend.Path("panel-editor.js")
	if d := r.URL.Query().Get("done"); d != "" {
		v.Notice = v.T("done." + d)
	}
	trainer, err := s.Certification.Trainer(r.Context(), v.p)
	if err != nil {
		s.ErrorPage(w, r, err)
		return nil, false
	}
	if !trainer {
		v.Kind, v.Title, v.Error, v.Notice = "forbidden", v.shell["forbidden"], sitecore.Message(v.Lang, "cert.trainers_only", nil), ""
		s.renderPanel(w, r, http.StatusForbidden, panelForbidden, v)
		return nil, false
	}
	return v, true
}

// courseTexts reads a text in every course language from the form fields prefix.kk, .ru, .en.
func courseTexts(f map[string][]string, prefix string) map[sitecore.Lang]string {
	out := map[sitecore.Lang]string{}
	for _, l := range certification.CourseLangs {
		if vals := f[prefix+"."+string(l)]; len(vals) > 0 {
			out[l] = vals[0]
		}
	}
	return out
}

// keepValues keeps what the user typed, to show it again next to the errors.
func (v *panelView) keepValues(f map[string][]string) {
	for k, vals := range f {
		if len(vals) > 0 {
			v.Values[k] = vals[0]
		}
	}
}

// formLines splits a textarea into its non-empty lines.
func formLines(s string) []string {
	out := []string{}
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// formInt reads an optional integer field; a value that is no integer is refused naming it.
func formInt(f map[string][]string, field string) (*int, error) {
	vals := f[field]
	if len(vals) == 0 || strings.TrimSpace(vals[0]) == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(vals[0]))
	if err != nil {
		return nil, sitecore.Invalid(field, "field.type", "want", "integer")
	}
	return &n, nil
}

// trainingDesk is the desk's front page.
type trainingDesk struct {
	Courses  []*certification.Course
	Seminars []*certification.Seminar
	Operator bool
}

// PanelTraining lists the courses and seminars and takes the desk's actions: create a
// course or a seminar; operators appoint and dismiss trainers.
func (s *Server) PanelTraining(w http.ResponseWriter, r *http.Request) {
	v, ok := s.trainingEnter(w, r)
	if !ok {
		return
	}
	ctx, status := r.Context(), http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 64<<10)
		f := r.PostForm
		var err error
		switch f.Get("op") {
		case "course":
			var c *certification.Course
			if c, err = s.Certification.CreateCourse(ctx, v.p, certification.CourseInput{Title: courseTexts(f, "title")}); err == nil {
				done(w, r, v.Path("training", "courses", strconv.FormatInt(c.ID, 10)), "course_created")
				return
			}
		case "seminar":
			var sm *certification.Seminar
			if sm, err = s.Certification.CreateSeminar(ctx, v.p, seminarForm(f)); err == nil {
				done(w, r, v.Path("training", "seminars", strconv.FormatInt(sm.ID, 10)), "seminar_created")
				return
			}
		case "appoint", "dismiss":
			err = s.appointTrainer(r, v, f.Get("email"), f.Get("op") == "appoint")
			if err == nil {
				done(w, r, v.Path("training"), "trainer_"+f.Get("op"))
				return
			}
		default:
			err = sitecore.Invalid("op", "field.required")
		}
		v.keepValues(f)
		status = v.fail(err)
	}
	d := &trainingDesk{Operator: v.p.Operator()}
	var err error
	if d.Courses, err = s.Certification.Courses(ctx, v.p); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	if d.Seminars, err = s.Certification.ListSeminars(ctx, v.p); err != nil && sitecore.ErrorCode(err) != sitecore.ENotFound {
		s.ErrorPage(w, r, err)
		return
	}
	v.Title, v.Kind, v.Data = v.T("tr.title"), "training", d
	s.renderPanel(w, r, status, trainingPage, v)
}

// appointTrainer appoints or dismisses the user with the email (operators only; the
// service decides).
func (s *Server) appointTrainer(r *http.Request, v *panelView, email string, appoint bool) error {
	if !v.p.Operator() {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	email = strings.TrimSpace(email)
	if email == "" {
		return sitecore.Invalid("email", "field.required")
	}
	if s.Accounts == nil {
		return sitecore.NotFound("user")
	}
	u, err := s.Accounts.Store.FindUserByEmail(r.Context(), email)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return sitecore.Invalid("email", "cert.trainer_unknown", "value", email)
	}
	if err != nil {
		return err
	}
	return s.Certification.SetTrainer(r.Context(), v.p, s.Actor(r), u.ID, appoint)
}

// seminarForm reads a seminar's form (times are Almaty wall clock).
func seminarForm(f map[string][]string) certification.SeminarInput {
	get := func(k string) string {
		if vals := f[k]; len(vals) > 0 {
			return strings.TrimSpace(vals[0])
		}
		return ""
	}
	in := certification.SeminarInput{Title: courseTexts(f, "title")}
	place, online := get("place"), get("online_url")
	in.Place, in.OnlineURL = &place, &online
	if t, err := parseLocalTime("starts_at", get("starts_at")); err == nil {
		in.StartsAt = &t
	}
	if t, err := parseLocalTime("ends_at", get("ends_at")); err == nil {
		in.EndsAt = &t
	}
	if n, err := strconv.Atoi(get("capacity")); err == nil {
		in.Capacity = &n
	} else {
		zero := 0
		in.Capacity = &zero // refused by the service, naming the field
	}
	return in
}

// trainingCourse is a course's page on the desk.
type trainingCourse struct {
	Course *certification.Course
	Langs  []sitecore.Lang
}

// course finds the course of the request's {courseID}.
func (s *Server) trainingCourse(r *http.Request, v *panelView) (*trainingCourse, error) {
	c, err := s.Certification.Course(r.Context(), v.p, formID(chi.URLParam(r, "courseID")))
	if err != nil {
		return nil, err
	}
	return &trainingCourse{Course: c, Langs: certification.CourseLangs}, nil
}

// PanelTrainingCourse edits a course (titles, summaries, the exams' policies, published)
// and adds lessons.
func (s *Server) PanelTrainingCourse(w http.ResponseWriter, r *http.Request) {
	v, ok := s.trainingEnter(w, r)
	if !ok {
		return
	}
	tc, err := s.trainingCourse(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	ctx, status := r.Context(), http.StatusOK
	path := v.Path("training", "courses", strconv.FormatInt(tc.Course.ID, 10))
	if r.Method == http.MethodPost {
		readForm(w, r, 64<<10)
		f := r.PostForm
		switch f.Get("op") {
		case "lesson":
			var l *certification.Lesson
			if l, err = s.Certification.PutLesson(ctx, v.p, tc.Course.ID, 0, certification.LessonInput{Title: courseTexts(f, "title")}); err == nil {
				done(w, r, path+"/lessons/"+strconv.FormatInt(l.ID, 10), "lesson_added")
				return
			}
		default:
			var in certification.CourseInput
			if in, err = courseForm(f); err == nil {
				if _, err = s.Certification.UpdateCourse(ctx, v.p, tc.Course.ID, in); err == nil {
					done(w, r, path, "saved")
					return
				}
			}
		}
		v.keepValues(f)
		status = v.fail(err)
	}
	v.Title, v.Kind, v.Data = tc.Course.Title[v.Lang], "training-course", tc
	s.renderPanel(w, r, status, trainingCoursePage, v)
}

// courseForm reads the course form: texts, the two exams' policies, published.
func courseForm(f map[string][]string) (certification.CourseInput, error) {
	published := len(f["published"]) > 0
	in := certification.CourseInput{Title: courseTexts(f, "title"), Summary: courseTexts(f, "summary"), Published: &published}
	for _, e := range []struct {
		name string
		to   **certification.ExamPolicyInput
	}{{"exam", &in.Exam}, {"refresher", &in.Refresher}} {
		p := &certification.ExamPolicyInput{}
		var err error
		if p.PassingScore, err = formInt(f, e.name+".passing_score"); err != nil {
			return in, err
		}
		if p.Attempts, err = formInt(f, e.name+".attempts"); err != nil {
			return in, err
		}
		if p.WaitMinutes, err = formInt(f, e.name+".wait_minutes"); err != nil {
			return in, err
		}
		test, err := formInt(f, e.name+".test_id")
		if err != nil {
			return in, err
		}
		if test != nil {
			id := int64(*test)
			p.TestID = &id
		}
		*e.to = p
	}
	return in, nil
}

// trainingLesson is a lesson's page on the desk.
type trainingLesson struct {
	*trainingCourse
	Lesson         *certification.Lesson
	Videos, Media  string // one per line
	Position, Last int
}

// PanelTrainingLesson edits a lesson: its title and body in every course language (the
// body with the rich-text editor, sanitized by the service), its video addresses and media
// library items, and its place in the course.
func (s *Server) PanelTrainingLesson(w http.ResponseWriter, r *http.Request) {
	v, ok := s.trainingEnter(w, r)
	if !ok {
		return
	}
	tc, err := s.trainingCourse(r, v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	id := formID(chi.URLParam(r, "lessonID"))
	tl := &trainingLesson{trainingCourse: tc, Last: len(tc.Course.Lessons)}
	for i, l := range tc.Course.Lessons {
		if l.ID == id {
			tl.Lesson, tl.Position = l, i+1
		}
	}
	if tl.Lesson == nil {
		s.NotFound(w, r)
		return
	}
	var urls []string
	for _, vd := range tl.Lesson.Videos {
		urls = append(urls, vd.URL)
	}
	tl.Videos, tl.Media = strings.Join(urls, "\n"), strings.Join(tl.Lesson.Media, "\n")
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 1<<20)
		f := r.PostForm
		in := certification.LessonInput{Title: courseTexts(f, "title"), Body: courseTexts(f, "body"),
			Videos: formLines(f.Get("videos")), Media: formLines(f.Get("media"))}
		pos, err := formInt(f, "position")
		if err == nil {
			if pos != nil {
				in.Position = *pos
			}
			if _, err = s.Certification.PutLesson(r.Context(), v.p, tc.Course.ID, id, in); err == nil {
				done(w, r, v.Path("training", "courses", strconv.FormatInt(tc.Course.ID, 10)), "lesson_saved")
				return
			}
		}
		v.keepValues(f)
		status = v.fail(err)
		for k, m := range v.Errors { // "videos.2" is a line of the videos field
			if base, _, ok := strings.Cut(k, "."); ok && (base == "videos" || base == "media") {
				v.Errors[base] = m
			}
		}
	}
	v.Title, v.Kind, v.Data = tl.Lesson.Title[v.Lang], "training-lesson", tl
	s.renderPanel(w, r, status, trainingLessonPage, v)
}

// PanelTrainingSeminar shows a seminar with its registrations (confirmed, waiting,
// cancelled) and takes the trainer's attendance marks, one registrant per form.
func (s *Server) PanelTrainingSeminar(w http.ResponseWriter, r *http.Request) {
	v, ok := s.trainingEnter(w, r)
	if !ok {
		return
	}
	ctx, status := r.Context(), http.StatusOK
	id := formID(chi.URLParam(r, "seminarID"))
	if r.Method == http.MethodPost {
		readForm(w, r, 16<<10)
		f := r.PostForm
		mark := certification.AttendanceMark{UserID: formID(f.Get("user_id")), Attended: f.Get("attended") == "1"}
		_, err := s.Certification.MarkAttendance(ctx, v.p, id, mark)
		if err == nil {
			notice := "attended"
			if !mark.Attended {
				notice = "not_attended"
			}
			done(w, r, v.Path("training", "seminars", strconv.FormatInt(id, 10)), notice)
			return
		}
		status = v.fail(err)
	}
	sm, err := s.Certification.Seminar(ctx, v.p, id)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v.Title, v.Kind, v.Data = sm.Title[v.Lang], "training-seminar", sm
	s.renderPanel(w, r, status, trainingSeminarPage, v)
}

// CourseLangs are the languages trainers write in, for the templates.
func (v *panelView) CourseLangs() []sitecore.Lang { return certification.CourseLangs }
