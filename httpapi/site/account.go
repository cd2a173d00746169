package site

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/render"
)

// ResetPasswordPage serves the page behind the links in reset and invitation emails
// (GET shows the form, POST sets the password). It works without JavaScript and in every
// core language; the token travels in the form, never in logs.
func (s *Server) ResetPasswordPage(w http.ResponseWriter, r *http.Request) {
	lang := web.Lang(r)
	if l := sitecore.Lang(r.URL.Query().Get("lang")); l == sitecore.Kazakh || l == sitecore.Russian || l == sitecore.English {
		lang = l
	}
	txt := locale.ResetPage(lang)
	v := &render.AccountView{Lang: lang, Title: txt[0], Label: txt[1], Submit: txt[2], Token: r.URL.Query().Get("token")}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
		if err := r.ParseForm(); err != nil {
			v.Error = sitecore.Message(lang, "body.too_large", map[string]string{"limit": "8 KiB"})
			status = http.StatusBadRequest
		} else {
			v.Token = r.PostForm.Get("token")
			if err := s.Accounts.ResetPassword(r.Context(), v.Token, r.PostForm.Get("new_password")); err != nil {
				e := sitecore.AsError(err)
				status = web.StatusOf(e.Code)
				v.Error = s.ErrorDetail(r, e).Message
			} else {
				v.Done = txt[3]
			}
		}
	}
	page, err := s.Theme.Account(v)
	s.writePrivatePage(w, r, status, page, err)
}

// A person's own account pages on the school's site (/{lang}/account...): profile with
// password change, children and link requests, applications at this school, helpdesk
// tickets, and signing out everywhere. Like the front door they are server-rendered, work
// without JavaScript (POST, then the page again with a notice, or with the errors next to
// their fields in the page language) and call the same services as the JSON API; every list
// is the caller's own, read through the services with the caller's principal.

//go:embed templates/account.html
var accountHTML string

var accountPage = template.Must(template.New("account").Parse(accountHTML))

// accountSections are the account navigation's entries: path under /{lang}/account and the
// UI key of the label.
var accountSections = []struct{ Key, Path, Label string }{
	{"profile", "", "nav_profile"},
	{"children", "/children", "nav_children"},
	{"applications", "/applications", "nav_applications"},
	{"tickets", "/tickets", "nav_tickets"},
	{"signout", "/sign-out-everywhere", "nav_signout_all"},
}

// accountView is what the account template shows; Section picks the page's part.
type accountView struct {
	Lang                       sitecore.Lang
	UI                         map[string]string
	Section, Title, SiteName   string
	CSS                        string
	Notice, Error              string
	Languages, Nav, EmailLangs []render.Link
	Values, Errors             map[string]string

	User         *sitecore.User
	PendingEmail string // the new address of a change waiting for its link
	Children     []accounts.LinkedChild
	Requests     []accountRequest
	Applications []accountApplication
	App          *accountApplication
	Tickets      []render.HelpdeskRow
}

// accountRequest is a child link request as its parent sees it (never the IIN in full).
type accountRequest struct {
	ChildName, IIN, Date string
	Confirmed, Rejected  bool
	Remark               string // the school's, with its answer
}

// accountApplication is one of the caller's applications at this school.
type accountApplication struct {
	ID                                int64
	Number, Child, Code, Status, Date string
	Grade                             int
	History                           []accountEvent
	CanRespond                        bool
}

// accountEvent is a step of an application's history.
type accountEvent struct{ Date, Status, Code string }

// accountEnter starts an account page: the site's language (404 for one it lacks), a
// logged-in caller (else the login page, coming back here), the view with the navigation.
func (s *Server) accountEnter(w http.ResponseWriter, r *http.Request, section string) (*sitecore.Site, *accountView, bool) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return nil, nil, false
	}
	if p := web.Principal(r); !p.LoggedIn() || p.UserID == 0 {
		http.Redirect(w, r, "/"+string(lang)+"/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return nil, nil, false
	}
	ui := locale.AccountPages(lang)
	v := &accountView{Lang: lang, UI: ui, Section: section, SiteName: site.Name(lang), CSS: frontend.Path("survey.css"),
		Values: map[string]string{}, Errors: map[string]string{}}
	for _, sec := range accountSections {
		href := "/" + string(lang) + "/account" + sec.Path
		v.Nav = append(v.Nav, render.Link{Label: ui[sec.Label], Href: href, Current: sec.Key == section})
		if sec.Key == section {
			v.Title = ui[sec.Label]
		}
	}
	path := strings.TrimPrefix(r.URL.Path, "/"+string(lang))
	for _, l := range site.Languages {
		v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: "/" + string(l) + path, Lang: l, Current: l == lang})
	}
	return site, v, true
}

// accountFieldError puts a service's error next to its field when the form has it, else
// above the form; it returns the status to answer.
func accountFieldError(v *accountView, fields []string, err error) int {
	e := sitecore.AsError(err)
	msg := sitecore.Message(v.Lang, e.Key, e.Args)
	if slices.Contains(fields, e.Field) {
		v.Errors[e.Field] = msg
	} else {
		v.Error = msg
	}
	return web.StatusOf(e.Code)
}

func (s *Server) writeAccount(w http.ResponseWriter, r *http.Request, status int, v *accountView) {
	var b bytes.Buffer
	if err := accountPage.Execute(&b, v); err != nil {
		s.ErrorPage(w, r, sitecore.Internal("render", err))
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	s.writePrivatePage(w, r, status, b.Bytes(), nil)
}

// accountForm reads a small urlencoded form; a body over the limit is reported on the page.
func accountForm(w http.ResponseWriter, r *http.Request, v *accountView) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		v.Error = sitecore.Message(v.Lang, "body.too_large", map[string]string{"limit": "16 KiB"})
		return false
	}
	return true
}

// localDate is a date as the account pages show it (Asia/Almaty).
func localDate(t time.Time) string { return t.In(sitecore.Almaty).Format("02.01.2006") }
