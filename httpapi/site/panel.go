package site

import (
	"bytes"
	"embed"
	"html/template"
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

// The shell of a school's control panel, on the school's own host under /{lang}/panel/.
// Every section's page is built the same way:
//
//	v, ok := s.panelEnter(w, r, sitecore.SectionNews, "news") // login, 404, 403, navigation
//	if !ok { return }
//	if r.Method == http.MethodPost {
//		readForm(w, r, 64<<10)
//		if err := s.News.Update(...); err != nil {
//			status = v.fail(err) // the message goes next to its field, in the page language
//		} else {
//			done(w, r, v.Path("news"), "saved") // POST/redirect/GET with a notice
//			return
//		}
//	}
//	v.Title, v.Data = v.T("news.title"), data
//	s.renderPanel(w, r, status, newsPage, v)
//
// where newsPage = panelPage("news.html") is a template file under templates/panel/ that
// defines "panel-content". Forms are protected like the family pages': the routes sit
// behind http.CrossOriginProtection (httpapi's csrf middleware), and pages are never framed.
// Actions call the same services as the JSON API, which run sitecore.Authorize; the pages
// use the same answer (v.Can, v.CanPage) only to leave out what the user may not do.

//go:embed templates/panel/*.html
var panelFS embed.FS

// panelFuncs are the helpers every panel template may call besides the view's methods.
var panelFuncs = template.FuncMap{
	"add":   func(a, b int) int { return a + b },
	"join":  strings.Join,
	"int64": func(n int) int64 { return int64(n) },
	"list":  func(s ...string) []string { return s },
	// html_safe marks text the services stored sanitized (page and news bodies).
	"html_safe": func(s string) template.HTML { return template.HTML(s) },
}

// panelLayout is the frame around every panel page; it calls "panel-content".
var panelLayout = template.Must(template.New("panel").Funcs(panelFuncs).ParseFS(panelFS, "templates/panel/layout.html"))

// panelPage returns the layout joined with the page files (under templates/panel/), one of
// which defines "panel-content". It panics on a template error, so call it when the
// package loads.
func panelPage(files ...string) *template.Template {
	t := template.Must(panelLayout.Clone())
	for i, f := range files {
		files[i] = "templates/panel/" + f
	}
	return template.Must(t.ParseFS(panelFS, files...))
}

// panelSection is one entry of the panel's navigation: its path under /{lang}/panel/, the
// section whose view permission shows it ("" for the dashboard, shown to everyone who
// knows the site) and its label's key in locale.Panel.
type panelSection struct {
	Path    string
	Section sitecore.Section
}

// panelSections are the panel's navigation, in order. Every section of both halves of the
// panel is listed, so the navigation is the same on every page.
var panelSections = []panelSection{
	{"", ""},
	{"pages", sitecore.SectionPages}, {"news", sitecore.SectionNews}, {"menus", sitecore.SectionMenu},
	{"media", sitecore.SectionMedia}, {"galleries", sitecore.SectionGalleries},
	{"comments", sitecore.SectionComments}, {"communities", sitecore.SectionComments}, {"admissions", sitecore.SectionAdmissions}, {"feedback", sitecore.SectionFeedback},
	{"people", sitecore.SectionUsers}, {"mailboxes", sitecore.SectionUsers}, {"stats", sitecore.SectionStatistics}, {"settings", sitecore.SectionSEO},
	{"tests", sitecore.SectionTests}, {"polls", sitecore.SectionSurveys}, {"events", sitecore.SectionEvents},
	{"learning", ""},
}

// panelNav is one link of the navigation.
type panelNav struct {
	Href, Label string
	Current     bool
}

// panelView is what every panel page renders: the frame (site, language, the sections the
// user may enter) and the page's own data.
type panelView struct {
	Lang     sitecore.Lang
	Site     *sitecore.Site
	SiteName string
	Section  string // the navigation entry that is current ("" for the dashboard)
	Kind     string // the page within the section (list, edit, ...), for the templates
	Title    string
	Notice   string
	// Maintenance is the banner of planned or running maintenance of the site.
	Maintenance string
	Error       string
	Errors      map[string]string // field → message, shown next to the field
	Values      map[string]string // what the user typed, shown again after an error
	Languages   []render.Link
	Nav         []panelNav
	CSS, JS     string // the shell's bundle (panel.css, panel.js), on every page
	// PageCSS and PageJS are the page's own bundle beside the shell's: panel-sort.js for
	// drag-and-drop, panel-editor.js and .css for the rich-text editor.
	PageCSS, PageJS string
	User            string
	// UI are the section's own interface strings; T looks there first, then in the
	// panel's shared ones.
	UI map[string]string
	// Data is the page's own view model.
	Data any

	shell map[string]string
	p     *sitecore.Principal
}

// T returns an interface string: the section's own, else the panel's shared one.
func (v *panelView) T(key string) string {
	if s, ok := v.UI[key]; ok {
		return s
	}
	return v.shell[key]
}

// Can reports whether the user may do action in the whole section; templates leave out or
// disable what it refuses. The services decide again on every action.
func (v *panelView) Can(section, action string) bool {
	return sitecore.Authorize(v.p, v.Site.ID, sitecore.Action(action), sitecore.Resource{Section: sitecore.Section(section)}) == nil
}

// CanPage reports whether the user may do action on the page with this path (root first).
func (v *panelView) CanPage(action string, path []string) bool {
	return sitecore.Authorize(v.p, v.Site.ID, sitecore.Action(action), sitecore.Resource{Section: sitecore.SectionPages, PagePath: path}) == nil
}

// Principal is who is looking at the page.
func (v *panelView) Principal() *sitecore.Principal { return v.p }

// Path is a panel address in the page's language: Path("news", key) is /kk/panel/news/key.
func (v *panelView) Path(parts ...string) string {
	return "/" + string(v.Lang) + "/panel/" + strings.Join(parts, "/")
}

// When writes a time in Almaty the way the page language writes dates, with hours.
func (v *panelView) When(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return render.FormatDate(t, v.Lang) + " " + t.In(sitecore.Almaty).Format("15:04")
}

// Day writes a date the way the page language does.
func (v *panelView) Day(t time.Time) string { return render.FormatDate(t, v.Lang) }

// Num writes an integer with the language's thousands separator.
func (v *panelView) Num(n int64) string { return formatInt(v.Lang, n) }

// Bytes writes a size in KB/MB/GB with the language's decimal separator.
func (v *panelView) Bytes(n int64) string { return formatBytes(v.Lang, n) }

// Err is the message of a form field ("" when it has none).
func (v *panelView) Err(field string) string { return v.Errors[field] }

// Val is what the user typed in a field, or def when the form is shown the first time.
func (v *panelView) Val(field, def string) string {
	if s, ok := v.Values[field]; ok {
		return s
	}
	return def
}

// panelEnter resolves the site and language of a panel request and checks that the user
// may look at section (the dashboard passes ""): anonymous visitors are sent to the login
// page, users who do not know the site get the public 404 (its panel does not leak), the
// others a 403 page with the navigation. It returns the view with the frame filled and the
// notice of a ?done= redirect.
func (s *Server) panelEnter(w http.ResponseWriter, r *http.Request, section sitecore.Section, name string) (*panelView, bool) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if site == nil || !site.HasLang(lang) {
		s.NotFound(w, r)
		return nil, false
	}
	p := web.Principal(r)
	if !p.LoggedIn() {
		http.Redirect(w, r, "/"+string(lang)+"/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return nil, false
	}
	if !p.Knows(site.ID) {
		s.NotFound(w, r)
		return nil, false
	}
	shell := locale.Panel(lang)
	v := &panelView{Lang: lang, Site: site, SiteName: site.Name(lang), Section: name, User: p.Name,
		Errors: map[string]string{}, Values: map[string]string{},
		CSS: frontend.Path("panel.css"), JS: frontend.Path("panel.js"), shell: shell, p: p}
	if v.User == "" {
		v.User = p.Email
	}
	v.Maintenance = s.Banners.Text(site.ID, lang, time.Now())
	rest := strings.TrimPrefix(r.URL.Path, "/"+string(lang))
	for _, l := range site.Languages {
		v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: "/" + string(l) + rest, Lang: l, Current: l == lang})
	}
	for _, ps := range panelSections {
		if ps.Section == "" || sitecore.MayEnterSection(p, site.ID, ps.Section, sitecore.ActionView) {
			key := "nav." + ps.Path
			if ps.Path == "" {
				key = "nav.dashboard"
			}
			v.Nav = append(v.Nav, panelNav{Href: v.Path(ps.Path), Label: shell[key], Current: ps.Path == name})
		}
	}
	if section != "" && !sitecore.MayEnterSection(p, site.ID, section, sitecore.ActionView) {
		v.Kind, v.Title, v.Error = "forbidden", shell["forbidden"], shell["forbidden_text"]
		s.renderPanel(w, r, http.StatusForbidden, panelForbidden, v)
		return nil, false
	}
	if d := r.URL.Query().Get("done"); d != "" {
		v.Notice = shell["done."+d]
	}
	return v, true
}

// panelForbidden is the page of a section the user may not enter (the layout alone).
var panelForbidden = panelPage("forbidden.html")

// panelCSP is the panel's Content-Security-Policy: scripts and styles only from the
// platform's assets; images of the site and previews' video embeds.
const panelCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
	"frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// renderPanel writes a panel page: page (from panelPage) inside the layout.
func (s *Server) renderPanel(w http.ResponseWriter, r *http.Request, status int, page *template.Template, v *panelView) {
	var b bytes.Buffer
	if err := page.ExecuteTemplate(&b, "panel-layout", v); err != nil {
		s.ErrorPage(w, r, sitecore.Internal("render panel", err))
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", panelCSP)
	h.Set("Content-Language", string(v.Lang))
	s.writePrivatePage(w, r, status, b.Bytes(), nil)
}

// fail shows a service's refusal in the page language: next to its field when the form
// has one (with a line above the form that says so), above the form otherwise. It returns
// the status to answer with.
func (v *panelView) fail(err error) int {
	e := sitecore.AsError(err)
	args := e.Args
	if e.Field != "" {
		args = map[string]string{"field": e.Field}
		for k, a := range e.Args {
			args[k] = a
		}
	}
	key := e.Key
	if key == "" {
		key = e.Code
	}
	msg := sitecore.Message(v.Lang, key, args)
	if e.Field != "" && e.Code == sitecore.EInvalid {
		v.Errors[e.Field] = msg
		if v.Error == "" {
			v.Error = v.shell["fix_fields"]
		}
	} else {
		v.Error = msg
	}
	return web.StatusOf(e.Code)
}

// readForm reads a url-encoded or multipart form of at most limit bytes; a form that is
// too big reads as empty, which the services then refuse field by field.
func readForm(w http.ResponseWriter, r *http.Request, limit int64) {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		_ = r.ParseMultipartForm(8 << 20)
		return
	}
	_ = r.ParseForm()
}

// done answers a successful POST with a redirect to where its result is seen, with the key
// of a notice (locale.Panel "done.<notice>") the next page shows.
func done(w http.ResponseWriter, r *http.Request, to, notice string) {
	if notice != "" {
		sep := "?"
		if strings.Contains(to, "?") {
			sep = "&"
		}
		to += sep + "done=" + url.QueryEscape(notice)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// formID reads a positive ID from a form or URL value (0 when it is not one).
func formID(s string) int64 {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// parseLocalTime reads a datetime-local value as an Almaty time.
func parseLocalTime(field, s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, sitecore.Almaty); err == nil {
			return t, nil
		}
	}
	return time.Time{}, sitecore.Invalid(field, "schedule.past")
}

// formatInt groups thousands: a no-break space in kk and ru, a comma in en.
func formatInt(l sitecore.Lang, n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "\u00a0"
	if l == sitecore.English {
		sep = ","
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatBytes writes a size with one decimal in the unit that fits, with the language's
// decimal separator (a comma in kk and ru).
func formatBytes(l sitecore.Lang, n int64) string {
	units := locale.Panel(l)
	f, unit := float64(n), "unit.b"
	for _, u := range []string{"unit.kb", "unit.mb", "unit.gb"} {
		if f < 1024 {
			break
		}
		f, unit = f/1024, u
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if unit == "unit.b" {
		s = strconv.FormatInt(n, 10)
	}
	if l != sitecore.English {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "\u00a0" + units[unit]
}
