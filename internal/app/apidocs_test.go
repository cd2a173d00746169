package app_test

import (
	"regexp"
	"testing"
)

// TestAPIReferencePage: /api/docs links the embedded Swagger UI, and its assets are served
// from this origin with long caching.
func TestAPIReferencePage(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true})
	r := s.do("GET", "/api/docs", nil)
	if r.Status != 200 || r.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("/api/docs: %d %q", r.Status, r.Header.Get("Content-Security-Policy"))
	}
	links := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(string(r.Body), -1)
	if len(links) != 3 {
		t.Fatalf("/api/docs links %d assets: %s", len(links), r.Body)
	}
	for _, l := range links {
		a := s.do("GET", l[1], nil)
		if a.Status != 200 || len(a.Body) < 100 || a.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: %d, %d bytes", l[1], a.Status, len(a.Body))
		}
	}
}
