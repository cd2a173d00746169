package httpapi

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"go.yaml.in/yaml/v3"

	"github.com/mektep/mektep/httpapi/web"
)

// TestOpenAPIDescribesEveryRoute walks the router and fails for any registered route and
// method that the OpenAPI document does not describe, and for documented routes that do not
// exist, so the document cannot drift from the code.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	var doc struct {
		OpenAPI string                    `yaml:"openapi"`
		Paths   map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(openapiDoc, &doc); err != nil {
		t.Fatalf("openapi.yaml does not parse: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q, want 3.x", doc.OpenAPI)
	}
	s := &Server{}
	registered := map[string]bool{}
	err := chi.Walk(s.Handler(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		route = strings.TrimSuffix(route, "/*") // chi marks mounted sub-routers
		if route == "" {
			route = "/"
		}
		key := strings.ToLower(method) + " " + route
		registered[key] = true
		if _, ok := doc.Paths[route][strings.ToLower(method)]; !ok {
			t.Errorf("route %s %s is not in openapi.yaml", method, route)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(registered) < 10 {
		t.Fatalf("walked only %d routes: %v", len(registered), registered)
	}
	// /metrics has a listener of its own (MEKTEP_METRICS_ADDR): no school's host answers it.
	if registered["get /metrics"] {
		t.Error("/metrics is on the public router")
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			if !registered[method+" "+path] {
				t.Errorf("openapi.yaml documents %s %s, which is not registered", strings.ToUpper(method), path)
			}
		}
	}
	// Every error code the server maps to a status is listed in the document.
	var codes struct {
		Components struct {
			Schemas struct {
				ErrorDetail struct {
					Properties struct {
						Code struct {
							Enum []string `yaml:"enum"`
						} `yaml:"code"`
					} `yaml:"properties"`
				} `yaml:"ErrorDetail"`
			} `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(openapiDoc, &codes); err != nil {
		t.Fatal(err)
	}
	enum := codes.Components.Schemas.ErrorDetail.Properties.Code.Enum
	for _, code := range web.Codes() {
		if !slices.Contains(enum, code) {
			t.Errorf("error code %q missing from ErrorDetail.code in openapi.yaml (has %v)", code, enum)
		}
	}
}
