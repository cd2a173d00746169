package httpapi

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore/certification"
)

// Seminars for site admins: trainers publish and change them and mark attendance; admins
// register (or wait in line) and cancel.

func (s *Server) listSeminars(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusOK, "seminars", func() (any, error) {
		return s.Certification.ListSeminars(r.Context(), web.Principal(r))
	})
}

func (s *Server) createSeminar(w http.ResponseWriter, r *http.Request) {
	var in certification.SeminarInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.certCall(w, r, http.StatusCreated, "seminar", func() (any, error) {
		return s.Certification.CreateSeminar(r.Context(), web.Principal(r), in)
	})
}

func (s *Server) getSeminar(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusOK, "seminar", func() (any, error) {
		id, err := certID(r, "seminarID", "seminar")
		if err != nil {
			return nil, err
		}
		return s.Certification.Seminar(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) updateSeminar(w http.ResponseWriter, r *http.Request) {
	var in certification.SeminarInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.certCall(w, r, http.StatusOK, "seminar", func() (any, error) {
		id, err := certID(r, "seminarID", "seminar")
		if err != nil {
			return nil, err
		}
		return s.Certification.UpdateSeminar(r.Context(), web.Principal(r), id, in)
	})
}

func (s *Server) registerSeminar(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusOK, "registration", func() (any, error) {
		id, err := certID(r, "seminarID", "seminar")
		if err != nil {
			return nil, err
		}
		return s.Certification.RegisterSeminar(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) cancelSeminar(w http.ResponseWriter, r *http.Request) {
	s.certCall(w, r, http.StatusNoContent, "", func() (any, error) {
		id, err := certID(r, "seminarID", "seminar")
		if err != nil {
			return nil, err
		}
		return nil, s.Certification.CancelSeminar(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) markSeminarAttendance(w http.ResponseWriter, r *http.Request) {
	var in certification.AttendanceMark
	if !s.Decode(w, r, &in) {
		return
	}
	s.certCall(w, r, http.StatusOK, "registration", func() (any, error) {
		id, err := certID(r, "seminarID", "seminar")
		if err != nil {
			return nil, err
		}
		return s.Certification.MarkAttendance(r.Context(), web.Principal(r), id, in)
	})
}
