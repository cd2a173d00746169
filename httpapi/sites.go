package httpapi

import (
	"net/http"
	"strconv"

	"github.com/mektep/mektep/httpapi/web"
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
	if err := requireOperator(r); err != nil {
		s.unauthorized(w, r, err)
		return
	}
	body, err := web.ReadBody(r, web.MaxJSONBody)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.idempotent(w, r, "operator:"+strconv.FormatInt(web.Principal(r).UserID, 10)+":POST /api/v1/sites", body, func(w http.ResponseWriter) {
		var req sitecore.NewSite
		if err := web.DecodeJSON(body, &req); err != nil {
			s.Error(w, r, err)
			return
		}
		st, created, err := s.Provisioner.Provision(r.Context(), req)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		site, resp := st.Site, siteResponseOf(st)
		if ri := web.InfoFrom(r.Context()); ri != nil {
			ri.Site, ri.WorkflowID = site.ID, resp.WorkflowID
		}
		s.Log.InfoContext(r.Context(), "site requested", "slug", site.Slug, "created", created)
		status := http.StatusOK
		if created {
			status = http.StatusAccepted
			w.Header().Set("Location", resp.StatusURL)
		}
		s.WriteJSON(w, status, resp)
	})
}

// getSite handles GET /api/v1/sites/{id}: the site and its provisioning progress.
func (s *Server) getSite(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	p := web.Principal(r)
	if !p.Operator() && !p.HasRole(id, sitecore.RoleOwner, sitecore.RoleAdmin) {
		if !p.LoggedIn() {
			s.unauthorized(w, r, sitecore.Errorf(sitecore.EUnauthorized, "login.required"))
			return
		}
		s.Error(w, r, sitecore.NotFound("site"))
		return
	}
	st, err := s.Provisioner.Status(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if ri := web.InfoFrom(r.Context()); ri != nil {
		ri.Site, ri.WorkflowID = id, st.WorkflowID
	}
	s.WriteJSON(w, http.StatusOK, siteResponseOf(st))
}

// requireOperator admits only platform operators (the bootstrap token or an operator's
// session); anonymous callers get 401 and everyone else 403.
func requireOperator(r *http.Request) error {
	p := web.Principal(r)
	switch {
	case p.Operator():
		return nil
	case !p.LoggedIn():
		return sitecore.Errorf(sitecore.EUnauthorized, "unauthorized")
	default:
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
}

func siteResponseOf(st *sitecore.ProvisionStatus) siteResponse {
	return siteResponse{ProvisionStatus: st, StatusURL: "/api/v1/sites/" + strconv.FormatInt(st.Site.ID, 10)}
}
