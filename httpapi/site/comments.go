package site

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// PostComment takes the comment form of a news page: a logged-in visitor posts and comes
// back to the item (with a note when the comment waits for moderation).
func (s *Server) PostComment(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	slug := chi.URLParam(r, "slug")
	back := cms.NewsPath(lang, slug)
	if !site.HasLang(lang) {
		s.NotFound(w, r)
		return
	}
	p := web.Principal(r)
	if p == nil || p.UserID == 0 {
		http.Redirect(w, r, "/"+string(lang)+"/login?next="+back, http.StatusSeeOther)
		return
	}
	n, err := s.Content.FindNewsBySlug(r.Context(), site.ID, lang, slug)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	c, err := s.Comments.Post(r.Context(), p, site.ID, n.Key, r.PostFormValue("body"))
	if err != nil {
		e := sitecore.AsError(err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(web.StatusOf(e.Code))
		_, _ = w.Write([]byte(sitecore.Message(lang, e.Key, e.Args) + "\n"))
		return
	}
	if c.Status == sitecore.CommentPending {
		back += "?pending=1"
	}
	http.Redirect(w, r, back+"#comments-h", http.StatusSeeOther)
}
