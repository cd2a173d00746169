package httpapi

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
)

// siteChildLinkRequests lists the link requests parents made on the school's site (from
// their account pages), for the school to check and confirm.
func (s *Server) siteChildLinkRequests(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	rs, err := s.Accounts.SiteChildLinkRequests(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"requests": rs}, err)
}
