package httpapi

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore/admissions"
)

// grantAgeException admits a child outside the grade's age range with a reason (audited):
// POST /api/v1/sites/{id}/admissions/campaigns/{campaignID}/age-exceptions
// {"child_iin": "...", "grade": 1, "reason": "..."}.
func (s *Server) grantAgeException(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	cid, ok := s.IDParam(w, r, "campaignID", "campaign")
	if !ok {
		return
	}
	var in admissions.NewAgeException
	if !s.Decode(w, r, &in) {
		return
	}
	e, err := s.Admissions.GrantAgeException(r.Context(), web.Principal(r), s.Actor(r), id, cid, in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"age_exception": e}, err)
}
