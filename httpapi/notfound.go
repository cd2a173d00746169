package httpapi

import (
	"net/http"
	"strings"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

// notFound answers an unknown address: a JSON error under the API, the site's not-found
// page elsewhere.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if isAPIPath(r.URL.Path) {
		s.Error(w, r, sitecore.NotFound("route"))
		return
	}
	s.site.NotFound(w, r)
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	e := sitecore.Errorf(sitecore.EInvalid, "method_not_allowed")
	w.Header().Set("Allow", "GET, HEAD, POST")
	d := s.ErrorDetail(r, e)
	s.WriteJSON(w, http.StatusMethodNotAllowed, web.ErrorBody{Error: web.ErrorDetail{Code: "method_not_allowed", Message: d.Message}})
}

func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || p == "/api" || p == "/healthz" || p == "/readyz" || p == "/metrics"
}
