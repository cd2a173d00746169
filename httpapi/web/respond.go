package web

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
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
