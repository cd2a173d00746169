package frontend

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAssetsAreBuiltAndServed(t *testing.T) {
	if !Built() {
		t.Fatal("frontend/dist holds no build: run `make assets` (make test does)")
	}
	for _, name := range []string{"panel.js", "panel.css", "axe.min.js", "api-docs.js", "swagger-ui-bundle.js"} {
		p := Path(name)
		if p == "" {
			t.Fatalf("%s missing from the manifest", name)
		}
		rec := httptest.NewRecorder()
		Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != 200 || rec.Body.Len() == 0 || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d, %d bytes, %q", p, rec.Code, rec.Body.Len(), rec.Header().Get("Cache-Control"))
		}
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Header.Set("Accept-Encoding", "gzip, br")
		gz := httptest.NewRecorder()
		Handler().ServeHTTP(gz, req)
		zr, err := gzip.NewReader(gz.Body)
		if err != nil || gz.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s gzip: %v %q", p, err, gz.Header().Get("Content-Encoding"))
		}
		plain, _ := io.ReadAll(zr)
		if string(plain) != rec.Body.String() {
			t.Errorf("%s: the gzip copy differs from the file", p)
		}
	}
	for _, bad := range []string{"/assets/manifest.json", "/assets/../assets.go", "/assets/.keep", "/assets/nope.js"} {
		rec := httptest.NewRecorder()
		Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, bad, nil))
		if rec.Code != 404 {
			t.Errorf("%s: %d", bad, rec.Code)
		}
	}
}
