package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/excel"
)

// Respond writes v, or the error.
func (s *Responder) Respond(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	s.WriteJSON(w, status, v)
}

// IDParam parses a positive integer path parameter; anything else is "not found".
func (s *Responder) IDParam(w http.ResponseWriter, r *http.Request, name, what string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil || id <= 0 {
		s.Error(w, r, sitecore.NotFound(what))
		return 0, false
	}
	return id, true
}

// SiteParam parses {id} of the site routes and notes the site for the logs.
func (s *Responder) SiteParam(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, ok := s.IDParam(w, r, "id", "site")
	if ok {
		if ri := InfoFrom(r.Context()); ri != nil {
			ri.Site = id
		}
	}
	return id, ok
}

// XLSXHeaders sets the headers of a workbook download named name: an attachment that no
// cache keeps (workbooks hold personal data); size, when known (> 0), is its length.
func XLSXHeaders(w http.ResponseWriter, name string, size int64) {
	h := w.Header()
	h.Set("Content-Type", excel.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "private, no-store")
	if size > 0 {
		h.Set("Content-Length", strconv.FormatInt(size, 10))
	}
}

// WriteXLSX sends a workbook built in memory.
func WriteXLSX(w http.ResponseWriter, name string, data []byte) {
	XLSXHeaders(w, name, int64(len(data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
}

// SendXLSX streams a stored workbook (an export's file) of size bytes and closes it.
func SendXLSX(w http.ResponseWriter, name string, size int64, rc io.ReadCloser) {
	defer rc.Close()
	XLSXHeaders(w, name, size)
	_, _ = io.Copy(w, rc)
}
