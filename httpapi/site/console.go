package site

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"maps"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/render"
)

// The support agents' console: server-rendered pages in kk/ru/en at /helpdesk/console/{lang}/
// on the platform's own address (no school site is resolved for them). The queue views with
// their live SLA clocks (console_queue.go), a ticket with every action (console_ticket.go),
// the team, SLA settings and canned responses (console_team.go) and the reports
// (console_reports.go). Every form works without JavaScript (POST, then redirect, or the page
// again with the error next to its field); frontend/src/console.js adds the live clocks,
// presence, the stale-reply warning, canned responses without reload and keyboard
// shortcuts. The pages call the same helpdesk service as the JSON API, which checks every
// right; they only hide what the caller may not do.

//go:embed templates/console.html
var consoleHTML string

var consolePage = template.Must(template.New("console").Funcs(template.FuncMap{
	"stars": func(n int) string { return strings.Repeat("★", n) + strings.Repeat("☆", 5-n) },
}).Parse(consoleHTML))

// consoleLangs are the console's languages.
var consoleLangs = []sitecore.Lang{sitecore.Kazakh, sitecore.Russian, sitecore.English}

// ConsolePoll is how often the console's pages ask for live updates (SLA clocks,
// presence); docs/helpdesk.md says why polling.
const ConsolePoll = 15 * time.Second

// consoleView is what every console page shows; one of the page parts is filled.
type consoleView struct {
	Lang      sitecore.Lang
	UI        map[string]string
	Title     string
	Page      string // "login", "queue", "ticket", "team", "settings", "reports", "rate"
	Base      string // "/helpdesk/console/kk"
	Languages []render.Link
	Nav       []render.Link
	Me        string
	Lead      bool
	Operator  bool
	CSS, JS   string
	PollMS    int64
	Notice    string
	Error     string
	Errors    map[string]string // field → message
	Values    map[string]string // what the form held

	Queue    *queueView
	Ticket   *ticketView
	Team     *teamView
	Settings *settingsView
	Reports  *reportsView
	Rate     *rateView
	// Maintenance is the operators' maintenance notices page (console_maintenance.go).
	Maintenance *maintenanceView
	Next        string
}

func (s *Server) consoleLang(w http.ResponseWriter, r *http.Request) (sitecore.Lang, bool) {
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	for _, l := range consoleLangs {
		if l == lang {
			return lang, true
		}
	}
	s.NotFound(w, r)
	return "", false
}

func consoleBase(lang sitecore.Lang) string { return "/helpdesk/console/" + string(lang) }

// newConsoleView builds the frame of a page; path is the page's path after the base.
func (s *Server) newConsoleView(r *http.Request, lang sitecore.Lang, page, path string) *consoleView {
	ui := locale.Console(lang)
	p := web.Principal(r)
	v := &consoleView{Lang: lang, UI: ui, Page: page, Base: consoleBase(lang), Title: ui[page+"_title"],
		CSS: frontend.Path("console.css"), JS: frontend.Path("console.js"), PollMS: consolePoll(r).Milliseconds(),
		Errors: map[string]string{}, Values: map[string]string{}, Lead: p.SupportLead(), Operator: p.Operator()}
	q := ""
	if r.URL.RawQuery != "" && r.Method == http.MethodGet {
		q = "?" + r.URL.RawQuery
	}
	for _, l := range consoleLangs {
		v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: consoleBase(l) + path + q, Lang: l, Current: l == lang})
	}
	if p.SupportAgent() {
		nav := []string{"queue", "team", "settings"}
		if p.SupportLead() {
			nav = append(nav, "reports")
		}
		if p.Operator() && s.Maintenance != nil {
			nav = append(nav, "maintenance")
		}
		for _, n := range nav {
			href := v.Base + "/"
			if n != "queue" {
				href += n
			}
			v.Nav = append(v.Nav, render.Link{Label: ui[n+"_title"], Href: href, Current: n == page})
		}
	}
	return v
}

// consolePoll is the page's polling interval: ConsolePoll, or ?poll= seconds (2 to 60) for
// a wall screen that wants it faster or a laptop on a slow link that wants it slower. Any
// client may poll at any rate anyway; the server's cost per poll is what is bounded.
func consolePoll(r *http.Request) time.Duration {
	if n, err := strconv.Atoi(r.URL.Query().Get("poll")); err == nil {
		return time.Duration(min(max(n, 2), 60)) * time.Second
	}
	return ConsolePoll
}

// consoleCSP lets the pages load their own script and style, show attachments of the
// ticket in a frame of the same origin, and nothing else.
const consoleCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func (s *Server) writeConsole(w http.ResponseWriter, r *http.Request, status int, v *consoleView) {
	if p := web.Principal(r); p.LoggedIn() && p.UserID != 0 {
		if u, err := s.Helpdesk.Accounts.FindUserByID(r.Context(), p.UserID); err == nil {
			v.Me = u.FullName
		}
	}
	var b bytes.Buffer
	if err := consolePage.Execute(&b, v); err != nil {
		s.ErrorPage(w, r, sitecore.Internal("render console", err))
		return
	}
	w.Header().Set("Content-Security-Policy", consoleCSP)
	s.writePrivatePage(w, r, status, b.Bytes(), nil)
}

// consoleAgent sends a visitor who is not logged in to the console's login page and
// answers 404 to anyone who is not on the support team; it reports whether to go on.
func (s *Server) consoleAgent(w http.ResponseWriter, r *http.Request, lang sitecore.Lang) bool {
	p := web.Principal(r)
	if !p.LoggedIn() || p.UserID == 0 {
		next := r.URL.Path
		if r.Method == http.MethodGet && r.URL.RawQuery != "" {
			next += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, consoleBase(lang)+"/login?next="+url.QueryEscape(next), http.StatusSeeOther)
		return false
	}
	if !p.SupportAgent() {
		s.NotFound(w, r)
		return false
	}
	return true
}

// consoleError puts a service's error next to its field when the page has that field, else
// above the form, in the page language; it returns the status to answer.
func consoleError(v *consoleView, err error, fields ...string) int {
	e := sitecore.AsError(err)
	args := e.Args
	if st, ok := args["value"]; ok && v.UI["st_"+st] != "" { // a status, named in the page language
		args = maps.Clone(args)
		args["value"] = v.UI["st_"+st]
	}
	msg := sitecore.Message(v.Lang, e.Key, args)
	if e.Code == sitecore.EInternal {
		msg = sitecore.Message(v.Lang, "internal", nil)
	}
	placed := false
	for _, f := range fields {
		if f == e.Field {
			v.Errors[f], placed = msg, true
		}
	}
	if !placed {
		v.Error = msg
	}
	return web.StatusOf(e.Code)
}

// ConsoleHome sends /helpdesk/console to the queue in the visitor's language.
func (s *Server) ConsoleHome(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, consoleBase(web.Lang(r))+"/", http.StatusSeeOther)
}

// ConsoleLogin shows and handles the console's login form.
func (s *Server) ConsoleLogin(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.consoleLang(w, r)
	if !ok {
		return
	}
	v := s.newConsoleView(r, lang, "login", "/login")
	v.Next = r.URL.Query().Get("next")
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		_ = r.ParseForm()
		v.Next, v.Values["email"] = r.PostForm.Get("next"), r.PostForm.Get("email")
		tok, _, err := s.Accounts.Login(r.Context(), r.PostForm.Get("email"), r.PostForm.Get("password"), s.ClientIP(r))
		if err == nil {
			s.SetSession(w, r, tok)
			next, ok := localPath(v.Next)
			if !ok || !strings.HasPrefix(next, "/helpdesk/console/") {
				next = consoleBase(lang) + "/"
			}
			http.Redirect(w, r, next, http.StatusSeeOther)
			return
		}
		status = consoleError(v, err, "email", "password")
	}
	s.writeConsole(w, r, status, v)
}

// ConsoleLogout ends the session.
func (s *Server) ConsoleLogout(w http.ResponseWriter, r *http.Request) {
	lang, ok := s.consoleLang(w, r)
	if !ok {
		return
	}
	if tok := s.SessionToken(r); tok != "" {
		_ = s.Accounts.Logout(r.Context(), tok)
	}
	s.ClearSession(w, r)
	http.Redirect(w, r, consoleBase(lang)+"/login", http.StatusSeeOther)
}

// Formatting per language: durations in working hours and minutes, percentages and
// ratings with the language's decimal mark, instants in Asia/Almaty.

func fmtDuration(d time.Duration, ui map[string]string) string {
	neg := d < 0
	if neg {
		d = -d
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	var s string
	switch {
	case h >= 24*10:
		s = fmt.Sprintf("%d %s", h/24, ui["unit_d"])
	case h > 0:
		s = fmt.Sprintf("%d %s %d %s", h, ui["unit_h"], m, ui["unit_min"])
	default:
		s = fmt.Sprintf("%d %s", m, ui["unit_min"])
	}
	if neg {
		return "−" + s
	}
	return s
}

func fmtDecimal(x float64, lang sitecore.Lang) string { return fmtPrecise(x, 1, lang) }

// fmtPrecise writes x with at most digits decimals and the language's decimal mark.
func fmtPrecise(x float64, digits int, lang sitecore.Lang) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "—"
	}
	p := math.Pow10(digits)
	s := strconv.FormatFloat(math.Round(x*p)/p, 'f', -1, 64)
	if lang != sitecore.English {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

func fmtPercent(x float64, lang sitecore.Lang) string {
	if lang == sitecore.English {
		return fmtDecimal(x, lang) + "%"
	}
	return fmtDecimal(x, lang) + "\u00a0%"
}

func fmtWhen(t time.Time, lang sitecore.Lang) string {
	return render.FormatDate(t, lang) + " " + t.In(sitecore.Almaty).Format("15:04")
}
