package httpapi

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

// Maintenance notices, for operators: /api/v1/maintenance.

func (s *Server) listMaintenance(w http.ResponseWriter, r *http.Request) {
	ms, err := s.Maintenance.List(r.Context(), web.Principal(r))
	s.Respond(w, r, http.StatusOK, map[string]any{"maintenance": ms}, err)
}

func (s *Server) scheduleMaintenance(w http.ResponseWriter, r *http.Request) {
	var in sitecore.MaintenanceInput
	if !s.Decode(w, r, &in) {
		return
	}
	m, err := s.Maintenance.Schedule(r.Context(), web.Principal(r), s.Actor(r), in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"maintenance": m}, err)
}

func (s *Server) getMaintenance(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "noticeID", "maintenance")
	if !ok {
		return
	}
	m, err := s.Maintenance.Get(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"maintenance": m}, err)
}

func (s *Server) postponeMaintenance(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "noticeID", "maintenance")
	if !ok {
		return
	}
	var in sitecore.MaintenanceChange
	if !s.Decode(w, r, &in) {
		return
	}
	m, err := s.Maintenance.Postpone(r.Context(), web.Principal(r), s.Actor(r), id, in)
	s.Respond(w, r, http.StatusOK, map[string]any{"maintenance": m}, err)
}

func (s *Server) cancelMaintenance(w http.ResponseWriter, r *http.Request) {
	id, ok := s.IDParam(w, r, "noticeID", "maintenance")
	if !ok {
		return
	}
	m, err := s.Maintenance.Cancel(r.Context(), web.Principal(r), s.Actor(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"maintenance": m}, err)
}
