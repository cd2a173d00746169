package httpapi

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/media"
)

// The media library, the logo and the disk quota: /api/v1/sites/{id}/media, /logo, /quota;
// and the public files on the site's hosts: /media/{mediaID}/{name}.

func (s *Server) getQuota(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	q, err := s.Quotas.Get(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"quota": q}, err)
}

func (s *Server) setQuota(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in struct {
		LimitBytes int64 `json:"limit_bytes"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	q, err := s.Quotas.SetLimit(r.Context(), web.Principal(r), s.Actor(r), id, in.LimitBytes)
	s.Respond(w, r, http.StatusOK, map[string]any{"quota": q}, err)
}

func (s *Server) listMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
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
	page, err := s.Media.List(r.Context(), web.Principal(r), id, f)
	s.Respond(w, r, http.StatusOK, page, err)
}

func (s *Server) getMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	m, err := s.Media.Get(r.Context(), web.Principal(r), id, chi.URLParam(r, "mediaID"))
	s.Respond(w, r, http.StatusOK, map[string]any{"media": m}, err)
}

// updateMedia sets a file's alternative texts: {"alt": {"kk": "...", "ru": "..."}}.
func (s *Server) updateMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in struct {
		Alt map[string]string `json:"alt"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	m, err := s.Media.SetAlt(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "mediaID"), in.Alt)
	s.Respond(w, r, http.StatusOK, map[string]any{"media": m}, err)
}

func (s *Server) deleteMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Media.Delete(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "mediaID")))
}

// uploadMedia takes a multipart form with a "file" part, or the file as the raw body with
// its name in ?name= (or a Content-Disposition header). Access is checked before the body
// is read.
func (s *Server) uploadMedia(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	if err := s.Media.Authorize(web.Principal(r), id, sitecore.ActionEdit); err != nil {
		s.Error(w, r, err)
		return
	}
	in, err := s.readUpload(w, r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, err := s.Media.Upload(r.Context(), web.Principal(r), s.Actor(r), id, in)
	if err == nil {
		w.Header().Set("Location", "/api/v1/sites/"+strconv.FormatInt(id, 10)+"/media/"+m.ID)
	}
	s.Respond(w, r, http.StatusCreated, map[string]any{"media": m}, err)
}

// setLogo uploads an image (like uploadMedia) and makes it the site's logo.
func (s *Server) setLogo(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	if err := s.Media.Authorize(web.Principal(r), id, sitecore.ActionPublish); err != nil {
		s.Error(w, r, err)
		return
	}
	in, err := s.readUpload(w, r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	m, err := s.Media.SetLogo(r.Context(), web.Principal(r), s.Actor(r), id, in)
	s.Respond(w, r, http.StatusOK, map[string]any{"logo": m}, err)
}

func (s *Server) clearLogo(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Media.ClearLogo(r.Context(), web.Principal(r), s.Actor(r), id))
}

// readUpload finds the file of an upload request: the "file" part of a multipart form, or
// the body itself. The body is capped a little above the largest file allowed.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request) (media.Upload, error) {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(web.TransferDeadline))
	_ = rc.SetWriteDeadline(time.Now().Add(web.TransferDeadline))
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
