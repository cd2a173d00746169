package httpapi

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore/accounts"
)

// siteChildLinkRequests lists the link requests parents made on the school's site (from
// their account pages), for the school to check and answer.
func (s *Server) siteChildLinkRequests(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	rs, err := s.Accounts.SiteChildLinkRequests(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"requests": rs}, err)
}

// decideChildLinkRequest answers a parent's link request: {"approve": true|false,
// "remark": "..."} (a remark is required to decline); the parent is emailed.
func (s *Server) decideChildLinkRequest(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	rid, ok := s.IDParam(w, r, "requestID", "child_link_request")
	if !ok {
		return
	}
	var in accounts.ChildLinkAnswer
	if !s.Decode(w, r, &in) {
		return
	}
	q, err := s.Accounts.DecideChildLinkRequest(r.Context(), web.Principal(r), s.Actor(r), id, rid, in)
	s.Respond(w, r, http.StatusOK, map[string]any{"request": q}, err)
}
