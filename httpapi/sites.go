package httpapi

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
)

// siteResponse is the body of the site endpoints.
type siteResponse struct {
	*sitecore.ProvisionStatus
	StatusURL string `json:"status_url"`
}

// createSite handles POST /api/v1/sites: an operator asks for a new school site. The answer
// is 202 with the site and where to follow its provisioning, or 200 with the existing site
// when the same request was made before.
func (s *Server) createSite(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r, maxJSONBody)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.idempotent(w, r, "operator:POST /api/v1/sites", body, func(w http.ResponseWriter) {
		var req sitecore.NewSite
		if err := decodeJSON(body, &req); err != nil {
			s.Error(w, r, err)
			return
		}
		st, created, err := s.Provisioner.Provision(r.Context(), req)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		site, resp := st.Site, siteResponseOf(st)
		if ri := infoFrom(r.Context()); ri != nil {
			ri.Site, ri.WorkflowID = site.ID, resp.WorkflowID
		}
		s.Log.InfoContext(r.Context(), "site requested", "slug", site.Slug, "created", created)
		status := http.StatusOK
		if created {
			status = http.StatusAccepted
			w.Header().Set("Location", resp.StatusURL)
		}
		s.writeJSON(w, status, resp)
	})
}

// getSite handles GET /api/v1/sites/{id}: the site and its provisioning progress.
func (s *Server) getSite(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		s.Error(w, r, sitecore.NotFound("site"))
		return
	}
	st, err := s.Provisioner.Status(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if ri := infoFrom(r.Context()); ri != nil {
		ri.Site, ri.WorkflowID = id, st.WorkflowID
	}
	s.writeJSON(w, http.StatusOK, siteResponseOf(st))
}

func siteResponseOf(st *sitecore.ProvisionStatus) siteResponse {
	return siteResponse{ProvisionStatus: st, StatusURL: "/api/v1/sites/" + strconv.FormatInt(st.Site.ID, 10)}
}
