package httpapi

import (
	"html/template"
	"net/http"

	"github.com/mektep/mektep/frontend"
)

// apiDocsPage is the readable API reference: Swagger UI (from npm, embedded) over
// /api/openapi.yaml. Its scripts come from this origin only.
var apiDocsPage = template.Must(template.New("api-docs").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mektep API reference</title><link rel="stylesheet" href="{{.CSS}}"></head>
<body><main id="api"><p>The reference needs JavaScript; the description itself is at <a href="/api/openapi.yaml">/api/openapi.yaml</a>.</p></main>
<script src="{{.Bundle}}"></script><script src="{{.Init}}"></script></body></html>
`))

func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	_ = apiDocsPage.Execute(w, map[string]string{"CSS": frontend.Path("swagger-ui.css"),
		"Bundle": frontend.Path("swagger-ui-bundle.js"), "Init": frontend.Path("api-docs.js")})
}
