package httpapi

import (
	"context"
	_ "embed"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// healthz answers while the process runs; it checks nothing else, so an orchestrator does
// not restart a healthy process because a database is down.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	s.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz asks every dependency at once and answers 503 naming the ones that do not answer.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	results := make(map[string]string, len(s.Ready))
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	for _, c := range s.Ready {
		wg.Go(func() {
			err := c.Check(ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				s.Log.WarnContext(r.Context(), "readiness check failed", "dependency", c.Name, "error", err)
				results[c.Name] = "unavailable"
				return
			}
			results[c.Name] = "ok"
		})
	}
	wg.Wait()
	var failing []string
	for _, c := range s.Ready { // in the configured order, so the message is stable
		if results[c.Name] != "ok" {
			failing = append(failing, c.Name)
		}
	}
	if len(failing) == 0 {
		s.WriteJSON(w, http.StatusOK, map[string]any{"status": "ready", "checks": results})
		return
	}
	e := sitecore.Unavailable("readyz", strings.Join(failing, ", "), nil)
	w.Header().Set("Retry-After", "5")
	s.WriteJSON(w, http.StatusServiceUnavailable, map[string]any{
		"error": s.ErrorDetail(r, e), "status": "unavailable", "checks": results, "failing": failing,
	})
}

//go:embed openapi.yaml
var openapiDoc []byte

// OpenAPI returns the OpenAPI 3 description the server serves at /api/openapi.yaml; the
// end-to-end tests validate every API request and response against it.
func OpenAPI() []byte { return openapiDoc }

// openapi serves the OpenAPI 3 description of the HTTP surface.
func (s *Server) openapi(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openapiDoc)
}
