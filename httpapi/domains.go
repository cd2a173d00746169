package httpapi

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
)

// The school's own domains: claim one, prove it by a DNS TXT record, unbind it.

func (s *Server) claimDomain(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in struct {
		Host string `json:"host"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	c, err := s.Accounts.ClaimDomain(r.Context(), web.Principal(r), s.Actor(r), id, in.Host)
	s.Respond(w, r, http.StatusCreated, map[string]any{"claim": c}, err)
}

func (s *Server) verifyDomain(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	c, err := s.Accounts.VerifyDomain(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "host"))
	if err == nil {
		s.InvalidateSite(id)
	}
	s.Respond(w, r, http.StatusOK, map[string]any{"claim": c}, err)
}

func (s *Server) unbindDomain(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	err := s.Accounts.UnbindDomain(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "host"))
	if err == nil {
		s.InvalidateSite(id)
	}
	s.Respond(w, r, http.StatusNoContent, nil, err)
}
