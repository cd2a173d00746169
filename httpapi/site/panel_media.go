package site

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
	"github.com/mektep/mektep/sitecore/media"
)

// The media library of the control panel: the files with thumbnails, newest first, the
// disk quota with its 70/90 % warnings, uploads of several files at once (a plain
// multipart form; panel.js sends each file on its own with a progress bar), alt text per
// language and deletion. Everything goes through media.Service as in the JSON API.

var mediaPage = sitePage("media.html")

// mediaPageSize is how many files one page of the library shows.
const mediaPageSize = 48

// mediaView is the model of the media page.
type mediaView struct {
	Items      []mediaRow
	Kind       string
	Total      int
	Prev, Next string
	Quota      *quotaBar
	CanEdit    bool
	Failed     []string // files of the last upload that were refused, with the reason
}

// mediaRow is one file with its alt texts as fields.
type mediaRow struct {
	*sitecore.MediaItem
	Alt     []langText
	AltText string // the alt text in the page's language, else the file's name
}

// quotaBar is the disk quota as the page shows it.
type quotaBar struct {
	*sitecore.Quota
	Percent int
	Level   string // "", "warn" (70 %) or "alert" (90 %)
}

func newQuotaBar(q *sitecore.Quota) *quotaBar {
	if q == nil || q.LimitBytes <= 0 {
		return nil
	}
	b := &quotaBar{Quota: q, Percent: int(q.UsedBytes * 100 / q.LimitBytes)}
	switch {
	case b.Percent >= 90:
		b.Level = "alert"
	case b.Percent >= 70:
		b.Level = "warn"
	}
	return b
}

// PanelMedia lists the library; its forms post here: uploads (multipart, files in "file"),
// op=alt and op=delete.
func (s *Server) PanelMedia(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionMedia, "media")
	if !ok {
		return
	}
	v.UI = locale.PanelSite(v.Lang)
	status := http.StatusOK
	var failed []string
	if r.Method == http.MethodPost {
		var err error
		if isMultipart(r) {
			var res []uploadResult
			if res, err = s.uploadMedia(w, r, v, nil); err == nil {
				failed, err = s.uploadOutcome(w, r, v, res)
				if err == nil && failed == nil {
					return // answered
				}
			}
		} else {
			err = s.mediaAction(w, r, v)
			if err == nil {
				notice := "saved"
				if r.PostForm.Get("op") == "delete" {
					notice = "deleted"
				}
				done(w, r, v.Path("media"), notice)
				return
			}
		}
		if err != nil {
			status = v.fail(err)
		} else {
			status = http.StatusBadRequest
		}
	}
	q := r.URL.Query()
	kind, err := sitecore.ParseMediaKind("kind", q.Get("kind"))
	if err != nil {
		kind = ""
	}
	offset, _ := strconv.Atoi(q.Get("offset"))
	page, err := s.Media.List(r.Context(), v.p, v.Site.ID, sitecore.MediaFilter{Kind: kind, Limit: mediaPageSize, Offset: max(offset, 0)})
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	mv := &mediaView{Kind: string(kind), Total: page.Total, CanEdit: v.Can(string(sitecore.SectionMedia), "edit"), Failed: failed}
	for _, m := range page.Items {
		row := mediaRow{MediaItem: m, AltText: langPick(m.Alt, v)}
		if row.AltText == "" {
			row.AltText = m.Name
		}
		for _, l := range v.Site.Languages {
			name := "alt." + m.ID + "." + string(l)
			row.Alt = append(row.Alt, langText{Lang: l, Label: l.Native(), Name: name, Text: v.Val(name, m.Alt[l])})
		}
		mv.Items = append(mv.Items, row)
	}
	link := func(off int) string {
		u := url.Values{}
		if kind != "" {
			u.Set("kind", string(kind))
		}
		if off > 0 {
			u.Set("offset", strconv.Itoa(off))
		}
		if len(u) == 0 {
			return v.Path("media")
		}
		return v.Path("media") + "?" + u.Encode()
	}
	if page.Offset > 0 {
		mv.Prev = link(max(page.Offset-mediaPageSize, 0))
	}
	if page.Offset+len(page.Items) < page.Total {
		mv.Next = link(page.Offset + mediaPageSize)
	}
	if s.Quotas != nil {
		if qt, err := s.Quotas.Get(r.Context(), v.p, v.Site.ID); err == nil {
			mv.Quota = newQuotaBar(qt)
		}
	}
	v.Title, v.Kind, v.Data = v.T("media.title"), "media", mv
	s.renderPanel(w, r, status, mediaPage, v)
}

// mediaAction sets a file's alt texts or deletes it.
func (s *Server) mediaAction(w http.ResponseWriter, r *http.Request, v *panelView) error {
	readForm(w, r, 64<<10)
	f := r.PostForm
	for k, vs := range f {
		v.Values[k] = vs[0]
	}
	id := f.Get("id")
	switch f.Get("op") {
	case "alt":
		alt := map[string]string{}
		for _, l := range v.Site.Languages {
			alt[string(l)] = f.Get("alt." + id + "." + string(l))
		}
		_, err := s.Media.SetAlt(r.Context(), v.p, s.Actor(r), v.Site.ID, id, alt)
		if e := sitecore.AsError(err); e.Field != "" && strings.HasPrefix(e.Field, "alt.") {
			e.Field = "alt." + id + strings.TrimPrefix(e.Field, "alt")
			return e
		}
		return err
	case "delete":
		return s.Media.Delete(r.Context(), v.p, s.Actor(r), v.Site.ID, id)
	}
	return sitecore.Invalid("op", "field.unknown")
}

// uploadMedia stores every file of a multipart upload in the library (media:edit, checked
// before the body is read); then, if not nil, calls after with each stored file (a
// gallery adds it as an item).
func (s *Server) uploadMedia(w http.ResponseWriter, r *http.Request, v *panelView, after func(uploadPart, *sitecore.MediaItem) error) ([]uploadResult, error) {
	if err := s.Media.Authorize(v.p, v.Site.ID, sitecore.ActionEdit); err != nil {
		return nil, err
	}
	return s.eachUpload(w, r, func(in uploadPart) (*sitecore.MediaItem, error) {
		m, err := s.Media.Upload(r.Context(), v.p, s.Actor(r), v.Site.ID, in.Upload)
		if err == nil && after != nil {
			err = after(in, m)
		}
		return m, err
	})
}

// uploadOutcome answers an upload: panel.js (Accept: application/json) gets JSON with each
// file's result; a form gets a redirect with a notice when every file was stored. Otherwise
// it returns the refused files with their reasons (and, if no file was stored at all, the
// first refusal as the error, so a single file's message lands next to the field).
func (s *Server) uploadOutcome(w http.ResponseWriter, r *http.Request, v *panelView, res []uploadResult) ([]string, error) {
	var failed []string
	stored := 0
	for _, u := range res {
		if u.Err != nil {
			e := sitecore.AsError(u.Err)
			failed = append(failed, u.Name+": "+sitecore.Message(v.Lang, cmpKey(e), e.Args))
		} else {
			stored++
		}
	}
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		status := http.StatusCreated
		if failed != nil {
			status = web.StatusOf(sitecore.AsError(firstErr(res)).Code)
		}
		w.Header().Set("Cache-Control", "no-store")
		s.WriteJSON(w, status, map[string]any{"stored": stored, "failed": failed})
		return nil, nil
	}
	if failed == nil {
		done(w, r, r.URL.Path, "created")
		return nil, nil
	}
	if stored == 0 && len(res) == 1 {
		return nil, res[0].Err
	}
	v.Error = v.T("media.some_failed")
	return failed, nil
}

func cmpKey(e *sitecore.Error) string {
	if e.Key != "" {
		return e.Key
	}
	return e.Code
}

func firstErr(res []uploadResult) error {
	for _, u := range res {
		if u.Err != nil {
			return u.Err
		}
	}
	return nil
}

// uploadPart is one file of a multipart upload with the text fields sent before it.
type uploadPart struct {
	media.Upload
	Fields url.Values
}

// uploadResult is what became of one file.
type uploadResult struct {
	Name  string
	Media *sitecore.MediaItem
	Err   error
}

// maxUploadFiles bounds the files of one form.
const maxUploadFiles = 50

// eachUpload streams the files of a multipart form (parts named "file") to store, one by
// one, without keeping them in memory or on disk; text fields must come before the
// files (forms list them first). No file at all is a "file" field error.
func (s *Server) eachUpload(w http.ResponseWriter, r *http.Request, store func(uploadPart) (*sitecore.MediaItem, error)) ([]uploadResult, error) {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(web.TransferDeadline))
	_ = rc.SetWriteDeadline(time.Now().Add(web.TransferDeadline))
	perFile := max(s.Media.MaxSize(sitecore.MediaVideo), s.Media.MaxSize(sitecore.MediaImage)) + 1<<20
	r.Body = http.MaxBytesReader(w, r.Body, perFile*2)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, sitecore.Invalid("file", "field.required")
	}
	fields := url.Values{}
	var res []uploadResult
	for len(res) < maxUploadFiles {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		if part.FormName() != "file" {
			b, _ := io.ReadAll(io.LimitReader(part, 64<<10))
			fields.Add(part.FormName(), string(b))
			_ = part.Close()
			continue
		}
		if part.FileName() == "" {
			_ = part.Close()
			continue
		}
		m, err := store(uploadPart{Upload: media.Upload{Name: part.FileName(), Length: -1, Body: part}, Fields: fields})
		res = append(res, uploadResult{Name: part.FileName(), Media: m, Err: err})
		_ = part.Close()
	}
	if len(res) == 0 {
		return nil, sitecore.Invalid("file", "field.required")
	}
	return res, nil
}

// isMultipart reports whether a POST is a multipart form (an upload).
func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data"
}
