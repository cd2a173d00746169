package site

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/render"
)

// The front door of every school site for people without an account: register (with the
// consent Kazakhstan's personal-data law asks for), the forgotten-password form, and the
// landing page of the confirmation link. Forms work without JavaScript (POST, then the page
// again with a notice or the errors next to their fields, in the page language); they call
// the same accounts service as the JSON API.

//go:embed templates/frontdoor.html
var frontDoorHTML string

var frontDoorPage = template.Must(template.New("frontdoor").Parse(frontDoorHTML))

type frontDoorView struct {
	Lang                       sitecore.Lang
	UI                         map[string]string
	Kind, Title, SiteName, CSS string
	Notice, Error              string
	Languages                  []render.Link
	Values, Errors             map[string]string
}

func (s *Server) frontDoorView(site *sitecore.Site, lang sitecore.Lang, kind, path, titleKey string) *frontDoorView {
	ui := locale.FrontDoor(lang)
	v := &frontDoorView{Lang: lang, UI: ui, Kind: kind, Title: ui[titleKey], CSS: frontend.Path("survey.css"),
		Values: map[string]string{}, Errors: map[string]string{}}
	if site != nil {
		v.SiteName = site.Name(lang)
		for _, l := range site.Languages {
			v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: "/" + string(l) + path, Lang: l, Current: l == lang})
		}
	}
	return v
}

// fieldError puts a service's error next to its field (or above the form).
func fieldError(v *frontDoorView, lang sitecore.Lang, err error) int {
	e := sitecore.AsError(err)
	msg := sitecore.Message(lang, e.Key, e.Args)
	if _, known := map[string]bool{"full_name": true, "email": true, "password": true, "consent": true}[e.Field]; known {
		v.Errors[e.Field] = msg
	} else {
		v.Error = msg
	}
	return web.StatusOf(e.Code)
}

func (s *Server) writeFrontDoor(w http.ResponseWriter, r *http.Request, status int, v *frontDoorView) {
	var b bytes.Buffer
	if err := frontDoorPage.Execute(&b, v); err != nil {
		s.ErrorPage(w, r, sitecore.Internal("render", err))
		return
	}
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	s.writePrivatePage(w, r, status, b.Bytes(), nil)
}

// RegisterPage shows and handles the registration form.
func (s *Server) RegisterPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	v := s.frontDoorView(site, lang, "register", "/register", "register_title")
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		_ = r.ParseForm()
		v.Values["full_name"], v.Values["email"] = r.PostForm.Get("full_name"), r.PostForm.Get("email")
		if r.PostForm.Get("consent") != "yes" {
			v.Errors["consent"] = v.UI["consent_required"]
			status = http.StatusBadRequest
		} else if _, err := s.Accounts.Register(r.Context(), accounts.Registration{Email: r.PostForm.Get("email"),
			Password: r.PostForm.Get("password"), FullName: r.PostForm.Get("full_name"), Lang: string(lang)}); err != nil {
			status = fieldError(v, lang, err)
		} else {
			v.Notice = v.UI["registered"]
		}
	}
	s.writeFrontDoor(w, r, status, v)
}

// ForgotPasswordPage asks for a reset link; it says the same whether or not the address
// has an account.
func (s *Server) ForgotPasswordPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	v := s.frontDoorView(site, lang, "forgot", "/forgot-password", "forgot_title")
	status := http.StatusOK
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
		_ = r.ParseForm()
		v.Values["email"] = r.PostForm.Get("email")
		if err := s.Accounts.RequestPasswordReset(r.Context(), r.PostForm.Get("email")); err != nil {
			status = fieldError(v, lang, err)
		} else {
			v.Notice = v.UI["reset_sent"]
		}
	}
	s.writeFrontDoor(w, r, status, v)
}

// VerifyEmailPage is where the confirmation link of a registration leads (on the platform's
// address, in the account's language or ?lang=).
func (s *Server) VerifyEmailPage(w http.ResponseWriter, r *http.Request) {
	lang := sitecore.Lang(r.URL.Query().Get("lang"))
	if lang != sitecore.Kazakh && lang != sitecore.Russian && lang != sitecore.English {
		lang = web.Lang(r)
	}
	v := s.frontDoorView(nil, lang, "verify", "", "verify_title")
	status := http.StatusOK
	if u, err := s.Accounts.VerifyEmail(r.Context(), r.URL.Query().Get("token")); err != nil {
		v.Error, status = v.UI["verify_failed"], http.StatusBadRequest
	} else {
		v.Notice = locale.FrontDoor(u.Lang)["verified"]
		v.Lang = u.Lang
	}
	s.writeFrontDoor(w, r, status, v)
}

// ConfirmEmailPage is where the link of an email change leads (on the platform's address):
// opening it moves the account to the new address.
func (s *Server) ConfirmEmailPage(w http.ResponseWriter, r *http.Request) {
	lang := sitecore.Lang(r.URL.Query().Get("lang"))
	if lang != sitecore.Kazakh && lang != sitecore.Russian && lang != sitecore.English {
		lang = web.Lang(r)
	}
	v := s.frontDoorView(nil, lang, "verify", "", "confirm_email_title")
	status := http.StatusOK
	if u, err := s.Accounts.ConfirmEmailChange(r.Context(), r.URL.Query().Get("token")); err != nil {
		v.Error, status = v.UI["email_change_failed"], web.StatusOf(sitecore.ErrorCode(err))
		if sitecore.ErrorCode(err) == sitecore.EConflict {
			e := sitecore.AsError(err)
			v.Error = sitecore.Message(lang, e.Key, e.Args)
		}
	} else {
		v.Notice = locale.FrontDoor(u.Lang)["email_changed"]
		v.Lang = u.Lang
	}
	s.writeFrontDoor(w, r, status, v)
}
