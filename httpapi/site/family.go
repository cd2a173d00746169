package site

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
	"github.com/mektep/mektep/sitecore/render"
)

// The family's side of admissions on the school's own site, server-rendered in the site's
// languages: log in, see open campaigns and apply with documents, follow the applications
// and answer an offer. It works without JavaScript; it uses the same services as the API.

// familyLang returns the page language, answering 404 for a language the site lacks.
func (s *Server) familyLang(w http.ResponseWriter, r *http.Request) (*sitecore.Site, sitecore.Lang, bool) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) {
		s.NotFound(w, r)
		return nil, "", false
	}
	return site, lang, true
}

func (s *Server) familyView(site *sitecore.Site, lang sitecore.Lang, path, titleKey string) *render.FamilyView {
	v := &render.FamilyView{Lang: lang, SiteName: site.Name(lang), Title: render.FamilyText(lang, titleKey)}
	for _, l := range site.Languages {
		v.Languages = append(v.Languages, render.Link{Label: l.Native(), Href: "/" + string(l) + path, Lang: l, Current: l == lang})
	}
	return v
}

func (s *Server) writeFamily(w http.ResponseWriter, r *http.Request, status int, v *render.FamilyView) {
	page, err := s.Theme.Family(v)
	s.writePrivatePage(w, r, status, page, err)
}

// writePrivatePage answers a rendered page that must not be cached or framed (account and
// family pages).
func (s *Server) writePrivatePage(w http.ResponseWriter, r *http.Request, status int, page []byte, err error) {
	if err != nil {
		s.ErrorPage(w, r, sitecore.Internal("render", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form
	// posts, which cross-origin protection must refuse over plain HTTP.
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	w.WriteHeader(status)
	_, _ = w.Write(page)
}

// FamilyLogin shows and handles the login form.
func (s *Server) FamilyLogin(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	v := s.familyView(site, lang, "/login", "login_title")
	v.Login, v.Next = true, r.URL.Query().Get("next")
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
		_ = r.ParseForm()
		v.Next = r.PostForm.Get("next")
		tok, _, err := s.Accounts.Login(r.Context(), r.PostForm.Get("email"), r.PostForm.Get("password"), s.ClientIP(r))
		if err != nil {
			e := sitecore.AsError(err)
			v.Error = sitecore.Message(lang, e.Key, e.Args)
			s.writeFamily(w, r, web.StatusOf(e.Code), v)
			return
		}
		s.SetSession(w, r, tok)
		next, ok := localPath(v.Next)
		if !ok {
			next = "/" + string(lang) + "/admissions"
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.writeFamily(w, r, http.StatusOK, v)
}

// localPath returns next as a path on this site, or false when it could lead elsewhere.
// Browsers read "/\evil.example" and "/<TAB>/evil" as "//evil…", so next must parse with
// net/url as a bare absolute path, start with one slash and hold no backslash or control
// character; the path is then written back from its parsed parts.
func localPath(next string) (string, bool) {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.IndexFunc(next, func(c rune) bool { return c == '\\' || c < 0x20 || c == 0x7f }) >= 0 {
		return "", false
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "", false
	}
	return (&url.URL{Path: u.Path, RawPath: u.RawPath, RawQuery: u.RawQuery, Fragment: u.Fragment}).String(), true
}

// FamilyAdmissions shows the family's applications at this school and the open campaigns.
func (s *Server) FamilyAdmissions(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	p := web.Principal(r)
	if !p.LoggedIn() || p.UserID == 0 {
		http.Redirect(w, r, "/"+string(lang)+"/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return
	}
	v := s.familyView(site, lang, "/admissions", "admissions")
	if r.URL.Query().Get("ok") == "1" {
		v.Notice = render.FamilyText(lang, "submitted")
	}
	s.fillFamily(r, site, lang, v)
	s.writeFamily(w, r, http.StatusOK, v)
}

func (s *Server) fillFamily(r *http.Request, site *sitecore.Site, lang sitecore.Lang, v *render.FamilyView) {
	p := web.Principal(r)
	apps, err := s.Admissions.MyApplications(r.Context(), p)
	if err == nil {
		for _, a := range apps {
			if a.SiteID != site.ID {
				continue
			}
			fa := render.FamilyApplication{ID: a.ID, Number: a.Number, Child: a.ChildName, Code: string(a.Status),
				Status: sitecore.StatusName(a.Status, lang), CanRespond: a.Status == sitecore.AppAdmitted && a.Released}
			if fa.CanRespond && a.OfferExpiresAt != nil {
				fa.Deadline = sitecore.LocalDateTime(*a.OfferExpiresAt)
			}
			v.Applications = append(v.Applications, fa)
		}
	}
	cs, err := s.Admissions.OpenCampaigns(r.Context(), site.ID)
	if err != nil {
		return
	}
	for _, c := range cs {
		fc := render.FamilyCampaign{ID: c.ID, Title: c.Title[lang], Documents: c.RequiredDocuments}
		if fc.Title == "" {
			fc.Title = c.Title[site.DefaultLang()]
		}
		for _, g := range c.Grades {
			fc.Grades = append(fc.Grades, g.Grade)
		}
		for _, l := range c.InstructionLangs {
			fc.Langs = append(fc.Langs, render.Link{Label: l.Native(), Lang: l})
		}
		v.Campaigns = append(v.Campaigns, fc)
	}
}

// formFields are the application form's fields an error is shown next to.
var formFields = []string{"child_name", "child_iin", "birth_date", "grade", "address", "instruction_lang", "phone", "consent"}

// fieldLabel is the form's label of a field, or its name.
func fieldLabel(lang sitecore.Lang, field string) string {
	key := field
	if field == "child_iin" {
		key = "iin"
	}
	if l := render.FamilyText(lang, key); l != "" {
		return l
	}
	return field
}

// formCampaign is the campaign whose form was sent.
func formCampaign(r *http.Request) int64 {
	if vs := r.MultipartForm.Value["campaign_id"]; len(vs) > 0 {
		id, _ := strconv.ParseInt(vs[0], 10, 64)
		return id
	}
	return 0
}

// FamilyApply handles the application form with its documents.
func (s *Server) FamilyApply(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	p := web.Principal(r)
	v := s.familyView(site, lang, "/admissions", "admissions")
	fail := func(err error) {
		e := sitecore.AsError(err)
		s.fillFamily(r, site, lang, v)
		v.Error = s.ErrorDetail(r, e).Message
		if slices.Contains(formFields, e.Field) && r.MultipartForm != nil {
			// Next to the field, in the page's language, naming the field by its label.
			args := map[string]string{}
			for k, a := range e.Args {
				args[k] = a
			}
			args["field"] = fieldLabel(lang, e.Field)
			v.Error = sitecore.Message(lang, e.Key, args)
			v.Field, v.FormCampaign, v.Form = e.Field, formCampaign(r), map[string]string{}
			for _, k := range formFields {
				if vs := r.MultipartForm.Value[k]; len(vs) > 0 {
					v.Form[k] = vs[0]
				}
			}
		} else if e.Field != "" && !strings.Contains(v.Error, e.Field) {
			v.Error += " (" + e.Field + ")"
		}
		s.writeFamily(w, r, web.StatusOf(e.Code), v)
	}
	r.Body = http.MaxBytesReader(w, r.Body, 4*admissions.MaxDocumentSize+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		fail(&sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Args: map[string]string{"limit": "40 MiB"}})
		return
	}
	f := r.MultipartForm
	val := func(k string) string {
		if vs := f.Value[k]; len(vs) > 0 {
			return vs[0]
		}
		return ""
	}
	cid, _ := strconv.ParseInt(val("campaign_id"), 10, 64)
	grade, _ := strconv.Atoi(val("grade"))
	app, err := s.Admissions.Submit(r.Context(), p, site.ID, admissions.NewApplication{
		CampaignID: cid, ChildName: val("child_name"), ChildIIN: val("child_iin"), BirthDate: val("birth_date"),
		Grade: grade, Address: val("address"), InstructionLang: val("instruction_lang"), Phone: val("phone"),
		Priority: val("priority"), Consent: val("consent") == "1",
	})
	if err != nil {
		fail(err)
		return
	}
	for name, files := range f.File {
		kind, ok := strings.CutPrefix(name, "doc-")
		if !ok || len(files) == 0 || files[0].Size == 0 {
			continue
		}
		fh, err := files[0].Open()
		if err != nil {
			continue
		}
		_, err = s.Admissions.UploadDocument(r.Context(), p, app.ID, kind, fh)
		fh.Close()
		if err != nil {
			fail(err)
			return
		}
	}
	http.Redirect(w, r, "/"+string(lang)+"/admissions?ok=1", http.StatusSeeOther)
}

// FamilyOffer accepts or declines an offered seat.
func (s *Server) FamilyOffer(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(chi.URLParam(r, "appID"), 10, 64)
	if err != nil {
		s.NotFound(w, r)
		return
	}
	_ = r.ParseForm()
	if _, err := s.Admissions.RespondToOffer(r.Context(), web.Principal(r), id, r.PostForm.Get("accept") == "1"); err != nil {
		v := s.familyView(site, lang, "/admissions", "admissions")
		v.Error = s.ErrorDetail(r, sitecore.AsError(err)).Message
		s.fillFamily(r, site, lang, v)
		s.writeFamily(w, r, web.StatusOf(sitecore.ErrorCode(err)), v)
		return
	}
	http.Redirect(w, r, "/"+string(lang)+"/admissions", http.StatusSeeOther)
}
