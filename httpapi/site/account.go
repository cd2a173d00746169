package site

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
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
