package httpapi

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/media"
)

// The media library, the logo and the disk quota: /api/v1/sites/{id}/media, /logo, /quota;
// and the public files on the site's hosts: /media/{mediaID}/{name}.

// uploadDeadline is how long an upload may take to arrive: a 200 MiB video on a school's
// slow line needs far longer than the server's default read timeout.
const uploadDeadline = time.Hour

func (s *Server) getQuota(w http.ResponseWriter, r *http.Request) {
	id, ok := s.siteParam(w, r)
	if !ok {
		return
	}
	q, err := s.Quotas.Get(r.Context(), principal(r), id)
	s.respond(w, r, http.StatusOK, map[string]any{"quota": q}, err)
}

func (s *Server) setQuota(w http.ResponseWriter, r *http.Request) {
	id, ok := s.siteParam(w, r)
	if !ok {
		return
	}
	var in struct {
		LimitBytes int64 `json:"limit_bytes"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	q, err := s.Quotas.SetLimit(r.Context(), principal(r), s.actor(r), id, in.LimitBytes)
	s.respond(w, r, http.StatusOK, map[string]any{"quota": q}, err)
}

func (s *Server) listMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := s.siteParam(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	kind, err := sitecore.ParseMediaKind("kind", q.Get("kind"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f := sitecore.MediaFilter{Kind: kind}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"limit", &f.Limit}, {"offset", &f.Offset}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				s.Error(w, r, sitecore.Invalid(p.name, "field.type", "want", "a number ≥ 0"))
				return
			}
			*p.dst = n
		}
	}
	page, err := s.Media.List(r.Context(), principal(r), id, f)
	s.respond(w, r, http.StatusOK, page, err)
}

func (s *Server) getMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := s.siteParam(w, r)
	if !ok {
		return
	}
	m, err := s.Media.Get(r.Context(), principal(r), id, chi.URLParam(r, "mediaID"))
	s.respond(w, r, http.StatusOK, map[string]any{"media": m}, err)
}

func (s *Server) deleteMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := s.siteParam(w, r)
	if !ok {
		return
	}
	s.respond(w, r, http.StatusNoContent, nil, s.Media.Delete(r.Context(), principal(r), s.actor(r), id, chi.URLParam(r, "mediaID")))
}

// uploadMedia takes a multipart form with a "file" part, or the file as the raw body with
// its name in ?name= (or a Content-Disposition header). Access is checked before the body
// is read.
func (s *Server) uploadMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := s.siteParam(w, r)
	if !ok {
		return
	}
	if err := s.Media.Authorize(principal(r), id, sitecore.ActionEdit); err != nil {
		s.Error(w, r, err)
		return
	}
	in, err := s.readUpload(w, r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, err := s.Media.Upload(r.Context(), principal(r), s.actor(r), id, in)
	if err == nil {
		w.Header().Set("Location", "/api/v1/sites/"+strconv.FormatInt(id, 10)+"/media/"+m.ID)
	}
	s.respond(w, r, http.StatusCreated, map[string]any{"media": m}, err)
}

// setLogo uploads an image (like uploadMedia) and makes it the site's logo.
func (s *Server) setLogo(w http.ResponseWriter, r *http.Request) {
	id, ok := s.siteParam(w, r)
	if !ok {
		return
	}
	if err := s.Media.Authorize(principal(r), id, sitecore.ActionPublish); err != nil {
		s.Error(w, r, err)
		return
	}
	in, err := s.readUpload(w, r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, err := s.Media.SetLogo(r.Context(), principal(r), s.actor(r), id, in)
	s.respond(w, r, http.StatusOK, map[string]any{"logo": m}, err)
}

func (s *Server) clearLogo(w http.ResponseWriter, r *http.Request) {
	id, ok := s.siteParam(w, r)
	if !ok {
		return
	}
	s.respond(w, r, http.StatusNoContent, nil, s.Media.ClearLogo(r.Context(), principal(r), s.actor(r), id))
}

// readUpload finds the file of an upload request: the "file" part of a multipart form, or
// the body itself. The body is capped a little above the largest file allowed.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (media.Upload, error) {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(uploadDeadline))
	_ = rc.SetWriteDeadline(time.Now().Add(uploadDeadline))
	maxBody := max(s.Media.MaxSize(sitecore.MediaVideo), s.Media.MaxSize(sitecore.MediaImage)) + 1<<20
	if r.ContentLength > maxBody {
		return media.Upload{}, &sitecore.Error{Code: sitecore.ETooLarge, Key: "body.too_large", Field: "file",
			Args: map[string]string{"limit": strconv.FormatInt(maxBody>>20, 10) + " MiB"}}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		mr, err := r.MultipartReader()
		if err != nil {
			return media.Upload{}, sitecore.Invalid("file", "field.required")
		}
		for range 20 { // a few text fields may come first
			part, err := mr.NextPart()
			if err != nil {
				break
			}
			if part.FormName() == "file" {
				return media.Upload{Name: part.FileName(), Length: -1, Body: part}, nil
			}
			_, _ = io.Copy(io.Discard, io.LimitReader(part, 64<<10))
			_ = part.Close()
		}
		return media.Upload{}, sitecore.Invalid("file", "field.required")
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		if _, params, err := mime.ParseMediaType(r.Header.Get("Content-Disposition")); err == nil {
			name = params["filename"]
		}
	}
	length := r.ContentLength
	if length == 0 {
		length = -1
	}
	return media.Upload{Name: name, Length: length, Body: r.Body}, nil
}

// serveMedia serves a public file of the site on its host, with range requests.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) { s.serveMediaFile(w, r, false) }

// serveMediaThumb serves an image's thumbnail.
func (s *Server) serveMediaThumb(w http.ResponseWriter, r *http.Request) {
	s.serveMediaFile(w, r, true)
}

// serveMediaFile answers from GridFS through http.ServeContent, which handles Range,
// If-Range, If-None-Match and HEAD; the file is read chunk by chunk, never whole. Files never
// change (a new upload gets a new ID), so they are cacheable for a year. Another site's file
// is not found on this host.
func (s *Server) serveMediaFile(w http.ResponseWriter, r *http.Request, thumb bool) {
	site := siteFrom(r.Context())
	if s.Media == nil || site == nil {
		s.publicNotFound(w, r)
		return
	}
	m, rc, err := s.Media.Open(r.Context(), site.ID, chi.URLParam(r, "mediaID"), thumb)
	switch sitecore.ErrorCode(err) {
	case "":
	case sitecore.ENotFound:
		s.publicNotFound(w, r)
		return
	default:
		s.publicError(w, r, err)
		return
	}
	defer rc.Close()
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(uploadDeadline))
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
