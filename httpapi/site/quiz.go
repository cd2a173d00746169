package site

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/render"
)

// The students' tests on the school's own host: the list of tests a student may take,
// starting one, the attempt (one question per screen), the confirmation before submitting
// and the result as the test's review rule allows.
//
// One question per screen: on a 360 px phone a single question with big targets reads
// better than a long page, the form without JavaScript ("save and next") then saves exactly
// one answer per request with that question's sequence number, and the navigator of
// question numbers shows what is answered. Every screen is a full server-rendered page, so
// a reload, a lost connection or another device resumes from what the server saved.
// quiz.js only adds the autosave (per change and every 15 s, by seq, idempotent) and the
// countdown, which displays the server's deadline against the server's clock; the
// deadline itself is the attempt workflow's durable timer, which submits (or closes) the
// attempt whatever the browser does.

//go:embed templates/quiz.html
var quizHTML string

var quizPage = template.Must(template.New("quiz").Funcs(template.FuncMap{
	"next":      func(n int64) int64 { return n + 1 },
	"html_safe": func(s string) template.HTML { return template.HTML(s) },
}).Parse(quizHTML))

// quizView is what the student's pages render.
type quizView struct {
	Lang      sitecore.Lang
	UI        map[string]string
	SiteName  string
	Title     string
	Kind      string // list, question, confirm, outcome, waiting
	Languages []render.Link
	CSS, JS   string
	Error     string
	Notice    string
	Refresh   int // seconds before the page reloads itself (waiting for the server's timer)

	Offers   []quizOffer
	Attempts []quizAttemptRow

	AttemptID  int64
	TestTitle  string
	Number     int // the question's index, 1-based
	Total      int
	Nav        []quizNavItem
	Q          *quizQuestion
	Deadline   string // RFC 3339, for the script
	ServerNow  string // RFC 3339, for the script
	DeadlineAt string // for people
	Unanswered int
	Outcome    *quizOutcome
	Self       string
}

type quizOffer struct {
	ID                    int64
	Title, State, Window  string
	Limit, AttemptsLeft   string
	OpenAttempt           int64
	CanStart, Unlimited   bool
	Subject, GradeLabel   string
	AttemptsUsed, Allowed int
}

type quizAttemptRow struct {
	ID            int64
	Title, Status string
	Started       string
	Number        int
}

type quizNavItem struct {
	N        int
	Answered bool
	Current  bool
}

type quizQuestion struct {
	ID        int64
	Kind      string
	Text      template.HTML
	Image     string
	Points    string
	Seq       int64
	Options   []quizChoice
	Premises  []quizPremise
	Choices   []quizChoice
	Text1     string // the typed answer
	Positions []int
}

type quizChoice struct {
	ID, Text string
	Checked  bool
	Position int // ordering: the student's position for the item (0: none)
}

type quizPremise struct {
	ID, Text, Chosen string
}

type quizOutcome struct {
	Status       string
	Score        string
	ShowScore    bool
	Answers      bool
	AnswersLater bool // the review rule shows the answers once the window closes
	Pending      bool
	Items        []quizReviewItem
}

type quizReviewItem struct {
	N              int
	Text           template.HTML
	Yours, Key     string
	Points, Max    string
	Feedback       template.HTML
	Right, Partial bool
}

func (s *Server) quizView(site *sitecore.Site, lang sitecore.Lang, path string) *quizView {
	ui := locale.QuizPages(lang)
	v := &quizView{Lang: lang, UI: ui, SiteName: site.Name(lang), Title: ui["title"], Self: "/" + string(lang) + path,
		CSS: frontend.Path("quiz.css"), JS: frontend.Path("quiz.js")}
	for _, l := range site.Languages {
		v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: "/" + string(l) + path, Lang: l, Current: l == lang})
	}
	return v
}

// quizCSP allows the platform's own scripts, styles and the site's images only.
const quizCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func (s *Server) renderQuiz(w http.ResponseWriter, r *http.Request, status int, v *quizView) {
	var b bytes.Buffer
	if err := quizPage.Execute(&b, v); err != nil {
		s.ErrorPage(w, r, sitecore.Internal("render quiz", err))
		return
	}
	w.Header().Set("Content-Security-Policy", quizCSP)
	w.Header().Set("Content-Language", string(v.Lang))
	s.writePrivatePage(w, r, status, b.Bytes(), nil)
}

// quizEnter resolves the site and language and sends anonymous visitors to the login page.
func (s *Server) quizEnter(w http.ResponseWriter, r *http.Request) (*sitecore.Site, sitecore.Lang, *sitecore.Principal, bool) {
	site, lang, ok := s.familyLang(w, r)
	if !ok || s.Quiz == nil {
		if ok {
			s.NotFound(w, r)
		}
		return nil, "", nil, false
	}
	p := web.Principal(r)
	if !p.LoggedIn() || p.UserID == 0 {
		http.Redirect(w, r, "/"+string(lang)+"/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return nil, "", nil, false
	}
	return site, lang, p, true
}

// message is an error in the page language.
func message(lang sitecore.Lang, err error) (int, string) {
	e := sitecore.AsError(err)
	key := e.Key
	if key == "" {
		key = e.Code
	}
	args := map[string]string{"field": e.Field}
	for k, a := range e.Args {
		args[k] = a
	}
	return web.StatusOf(e.Code), sitecore.Message(lang, key, args)
}

// QuizList shows the tests the student may take and the student's attempts.
func (s *Server) QuizList(w http.ResponseWriter, r *http.Request) {
	site, lang, p, ok := s.quizEnter(w, r)
	if !ok {
		return
	}
	s.quizList(w, r, site, lang, p, http.StatusOK, "")
}

func (s *Server) quizList(w http.ResponseWriter, r *http.Request, site *sitecore.Site, lang sitecore.Lang, p *sitecore.Principal, status int, errMsg string) {
	v := s.quizView(site, lang, "/tests")
	v.Kind, v.Error = "list", errMsg
	offers, mine, err := s.Quiz.Offers(r.Context(), p, site.ID, time.Now())
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	titles := map[int64]string{}
	for _, o := range offers {
		t := o.Test
		titles[t.ID] = t.Title.In(lang)
		qo := quizOffer{ID: t.ID, Title: t.Title.In(lang), State: o.State, CanStart: o.State == "open",
			Subject: t.Subject, AttemptsUsed: o.Used, Allowed: t.AttemptsAllowed, Unlimited: o.Left < 0}
		if o.Open != nil {
			qo.OpenAttempt = o.Open.ID
		}
		if o.Left >= 0 {
			qo.AttemptsLeft = strconv.Itoa(o.Left)
		}
		if t.TimeLimit > 0 {
			qo.Limit = strconv.Itoa(int(t.TimeLimit/time.Minute)) + " " + v.UI["minutes"]
			if t.TimeLimit%time.Minute != 0 {
				qo.Limit = strconv.Itoa(int(t.TimeLimit/time.Second)) + " " + v.UI["seconds"]
			}
		}
		switch {
		case !t.Opens.IsZero() && !t.Closes.IsZero():
			qo.Window = formatWhen(t.Opens, lang) + " – " + formatWhen(t.Closes, lang)
		case !t.Closes.IsZero():
			qo.Window = v.UI["until"] + " " + formatWhen(t.Closes, lang)
		case !t.Opens.IsZero():
			qo.Window = v.UI["from"] + " " + formatWhen(t.Opens, lang)
		}
		v.Offers = append(v.Offers, qo)
	}
	for _, a := range mine {
		title := titles[a.TestID]
		if title == "" {
			if t, err := s.Quiz.Store.FindTest(r.Context(), site.ID, a.TestID); err == nil {
				title = t.Title.In(lang)
			}
		}
		v.Attempts = append(v.Attempts, quizAttemptRow{ID: a.ID, Title: title, Status: v.UI["status."+string(a.Status)],
			Started: formatWhen(a.StartedAt, lang), Number: a.Number})
	}
	s.renderQuiz(w, r, status, v)
}

// QuizStart starts (or resumes) an attempt and goes to its first question.
func (s *Server) QuizStart(w http.ResponseWriter, r *http.Request) {
	site, lang, p, ok := s.quizEnter(w, r)
	if !ok {
		return
	}
	id := formID(chi.URLParam(r, "testID"))
	a, err := s.Quiz.Start(r.Context(), p, site.ID, id, time.Now())
	if err != nil {
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			s.NotFound(w, r)
			return
		}
		status, msg := message(lang, err)
		s.quizList(w, r, site, lang, p, status, msg)
		return
	}
	http.Redirect(w, r, "/"+string(lang)+"/tests/attempts/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}
