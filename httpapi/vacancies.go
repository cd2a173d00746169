package httpapi

// Vacancies: a school's vacancies (CRUD, section "vacancies") and the public platform-wide
// list of open vacancies filterable by region or district and subject. The handlers only
// parse and call vacancy.Service (docs/syndication.md#vacancies).

import (
	"net/http"
	"strconv"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/vacancy"
)

func (s *Server) listVacancies(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "vacancies", func(id int64) (any, error) {
		return s.Vacancies.List(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) createVacancy(w http.ResponseWriter, r *http.Request) {
	var in vacancy.Input
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "vacancy", func(id int64) (any, error) {
		return s.Vacancies.Create(r.Context(), web.Principal(r), id, in)
	})
}

func (s *Server) getVacancy(w http.ResponseWriter, r *http.Request) {
	vid, ok := s.IDParam(w, r, "vacancyID", "vacancy")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusOK, "vacancy", func(id int64) (any, error) {
		return s.Vacancies.Get(r.Context(), web.Principal(r), id, vid)
	})
}

func (s *Server) updateVacancy(w http.ResponseWriter, r *http.Request) {
	vid, ok := s.IDParam(w, r, "vacancyID", "vacancy")
	if !ok {
		return
	}
	var in vacancy.Input
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "vacancy", func(id int64) (any, error) {
		return s.Vacancies.Update(r.Context(), web.Principal(r), id, vid, in)
	})
}

func (s *Server) deleteVacancy(w http.ResponseWriter, r *http.Request) {
	vid, ok := s.IDParam(w, r, "vacancyID", "vacancy")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		return nil, s.Vacancies.Delete(r.Context(), web.Principal(r), id, vid)
	})
}

// searchVacancies is the platform-wide list (public): ?org_unit= (a region or district),
// ?subject=, ?lang=, ?page=, ?size=.
func (s *Server) searchVacancies(w http.ResponseWriter, r *http.Request) {
	lang, page, size, err := portalQuery(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var unit int64
	if v := r.URL.Query().Get("org_unit"); v != "" {
		if unit, err = strconv.ParseInt(v, 10, 64); err != nil || unit <= 0 {
			s.Error(w, r, sitecore.Invalid("org_unit", "field.type", "want", "integer"))
			return
		}
	}
	items, total, err := s.Vacancies.Search(r.Context(), unit, r.URL.Query().Get("subject"), lang, page, size)
	if items == nil {
		items = []vacancy.Listed{}
	}
	s.Respond(w, r, http.StatusOK, map[string]any{"vacancies": items, "total": total, "page": max(page, 1)}, err)
}
