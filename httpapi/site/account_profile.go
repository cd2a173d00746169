package site

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/render"
)

// profileFields and passwordFields are the fields of the profile page's two forms.
var (
	profileFields  = []string{"full_name", "lang", "phone", "visibility"}
	passwordFields = []string{"current_password", "new_password"}
)

// AccountProfile shows the caller's profile and saves its form (name, language of emails,
// phone, who sees the profile) through the accounts service's UpdateProfile, as PATCH
// /api/v1/me does.
func (s *Server) AccountProfile(w http.ResponseWriter, r *http.Request) {
	_, v, ok := s.accountEnter(w, r, "profile")
	if !ok {
		return
	}
	p := web.Principal(r)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		if !accountForm(w, r, v) {
			s.showProfile(w, r, v, http.StatusRequestEntityTooLarge)
			return
		}
		f := r.PostForm
		for _, k := range profileFields {
			v.Values[k] = f.Get(k)
		}
		name, lang, phone, vis := f.Get("full_name"), f.Get("lang"), f.Get("phone"), f.Get("visibility")
		_, err := s.Accounts.UpdateProfile(r.Context(), p, accounts.ProfileUpdate{FullName: &name, Lang: &lang, Phone: &phone, Visibility: &vis})
		if err == nil {
			http.Redirect(w, r, "/"+string(v.Lang)+"/account?saved=1", http.StatusSeeOther)
			return
		}
		status = accountFieldError(v, profileFields, err)
	} else {
		switch {
		case r.URL.Query().Get("saved") == "1":
			v.Notice = v.UI["saved"]
		case r.URL.Query().Get("password") == "1":
			v.Notice = v.UI["password_changed"]
		case r.URL.Query().Get("email") == "1":
			v.Notice = v.UI["email_change_sent"]
		}
	}
	s.showProfile(w, r, v, status)
}

// AccountPassword changes the caller's password (current and new, the strength rule of
// registration); every other session ends and this browser gets a new one.
func (s *Server) AccountPassword(w http.ResponseWriter, r *http.Request) {
	_, v, ok := s.accountEnter(w, r, "profile")
	if !ok {
		return
	}
	if !accountForm(w, r, v) {
		s.showProfile(w, r, v, http.StatusRequestEntityTooLarge)
		return
	}
	tok, err := s.Accounts.ChangePassword(r.Context(), web.Principal(r), r.PostForm.Get("current_password"), r.PostForm.Get("new_password"))
	if err != nil {
		s.showProfile(w, r, v, accountFieldError(v, passwordFields, err))
		return
	}
	s.SetSession(w, r, tok)
	http.Redirect(w, r, "/"+string(v.Lang)+"/account?password=1", http.StatusSeeOther)
}

// emailFields are the fields of the email-change form; its password field has its own
// name, as the password form above it asks for the current password too.
var emailFields = []string{"new_email", "email_password"}

// AccountEmail asks to move the account to a new address (new_email, with the current
// password): a link goes to the new address and a notice to the current one; nothing
// changes until the link is opened (ConfirmEmailPage).
func (s *Server) AccountEmail(w http.ResponseWriter, r *http.Request) {
	_, v, ok := s.accountEnter(w, r, "profile")
	if !ok {
		return
	}
	if !accountForm(w, r, v) {
		s.showProfile(w, r, v, http.StatusRequestEntityTooLarge)
		return
	}
	v.Values["new_email"] = r.PostForm.Get("new_email")
	err := s.Accounts.RequestEmailChange(r.Context(), web.Principal(r), r.PostForm.Get("new_email"), r.PostForm.Get("email_password"))
	if err != nil {
		e := *sitecore.AsError(err)
		if e.Field == "current_password" {
			e.Field = "email_password"
		}
		s.showProfile(w, r, v, accountFieldError(v, emailFields, &e))
		return
	}
	http.Redirect(w, r, "/"+string(v.Lang)+"/account?email=1", http.StatusSeeOther)
}

// showProfile fills the profile page from the stored account; values already in the view
// (a refused form) are kept as typed.
func (s *Server) showProfile(w http.ResponseWriter, r *http.Request, v *accountView, status int) {
	me, err := s.Accounts.Me(r.Context(), web.Principal(r))
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v.User = me.User
	if v.PendingEmail, err = s.Accounts.PendingEmailChange(r.Context(), web.Principal(r)); err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	stored := map[string]string{"full_name": me.User.FullName, "lang": string(me.User.Lang), "phone": me.User.Phone,
		"visibility": string(me.User.Visibility)}
	for k, val := range stored {
		if _, typed := v.Values[k]; !typed {
			v.Values[k] = val
		}
	}
	for _, l := range sitecore.DefaultLanguages {
		v.EmailLangs = append(v.EmailLangs, render.Link{Label: l.Native(), Lang: l, Current: string(l) == v.Values["lang"]})
	}
	s.writeAccount(w, r, status, v)
}
