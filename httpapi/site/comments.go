package site

import (
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// maxCommentForm is the largest comment form read, multipart or not: a comment is at most
// 2,000 characters, which even percent-encoded fit well below it.
const maxCommentForm = 64 << 10

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
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentForm)
	// Another unreadable form leaves the body empty, which the comment service refuses.
	var tooLarge *http.MaxBytesError
	if err := r.ParseMultipartForm(maxCommentForm); errors.As(err, &tooLarge) {
		s.commentError(w, lang, &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Args: map[string]string{"limit": "64 KiB"}})
		return
	}
	if r.MultipartForm != nil {
		defer func() { _ = r.MultipartForm.RemoveAll() }()
	}
	n, err := s.Content.FindNewsBySlug(r.Context(), site.ID, lang, slug)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	c, err := s.Comments.Post(r.Context(), p, site.ID, n.Key, r.PostFormValue("body"))
	if err != nil {
		s.commentError(w, lang, sitecore.AsError(err))
		return
	}
	if c.Status == sitecore.CommentPending {
		back += "?pending=1"
	}
	http.Redirect(w, r, back+"#comments-h", http.StatusSeeOther)
}

// commentError answers a refused comment as plain text in the page's language, naming the
// field (the message of a too long comment has a {field}).
func (s *Server) commentError(w http.ResponseWriter, lang sitecore.Lang, e *sitecore.Error) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(web.StatusOf(e.Code))
	_, _ = w.Write([]byte(web.Localized(lang, e) + "\n"))
}
