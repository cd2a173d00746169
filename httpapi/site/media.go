package site

import (
	"net/http"
	"net/url"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/media"
)

// ServeMedia serves a public file of the site on its host, with range requests.
func (s *Server) ServeMedia(w http.ResponseWriter, r *http.Request) { s.serveMediaFile(w, r, false) }

// ServeMediaThumb serves an image's thumbnail.
func (s *Server) ServeMediaThumb(w http.ResponseWriter, r *http.Request) {
	s.serveMediaFile(w, r, true)
}

// serveMediaFile answers from GridFS through http.ServeContent, which handles Range,
// If-Range, If-None-Match and HEAD; the file is read chunk by chunk, never whole. Files never
// change (a new upload gets a new ID), so they are cacheable for a year. Another site's file
// is not found on this host.
func (s *Server) serveMediaFile(w http.ResponseWriter, r *http.Request, thumb bool) {
	site := web.SiteFrom(r.Context())
	if s.Media == nil || site == nil {
		s.NotFound(w, r)
		return
	}
	m, rc, err := s.Media.Open(r.Context(), site.ID, chi.URLParam(r, "mediaID"), thumb)
	switch sitecore.ErrorCode(err) {
	case "":
	case sitecore.ENotFound:
		s.NotFound(w, r)
		return
	default:
		s.ErrorPage(w, r, err)
		return
	}
	defer rc.Close()
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(web.TransferDeadline))
	ctype, etag := m.ContentType, `"`+m.ID+`"`
	if thumb {
		ctype, etag = m.ThumbType, `"`+m.ID+`-thumb"`
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("X-Content-Type-Options", "nosniff")
	disposition := "inline"
	if m.Kind == sitecore.MediaDocument {
		// Documents are downloaded, never rendered in the site's origin.
		disposition = "attachment"
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	}
	h.Set("Content-Disposition", disposition+"; filename*=UTF-8''"+url.PathEscape(m.Name))
	if media.TooManyRanges(r.Header.Get("Range")) {
		r.Header.Del("Range") // served whole (media.MaxRanges)
	}
	http.ServeContent(w, r, "", m.CreatedAt, rc)
}
