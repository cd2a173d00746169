package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/mektep/mektep/httpapi"
)

// untypedRoutes lists the route groups (paths in openapi.yaml, with everything under them)
// whose schemas are not typed yet: requests to them must still match a documented route,
// but neither their requests, nor their status codes, nor their bodies are checked. Every other /api/v1
// route is checked in full. The list may only shrink: type a group's schemas, delete its
// line, run the group's tests (e.g. go test ./internal/app -run 'TestNews').
var untypedRoutes = []string{}

// contract is the OpenAPI document prepared for validation, loaded once per test binary.
var contract = sync.OnceValues(func() (*contractDoc, error) {
	openapi3.DefineStringFormatCallback("email", func(v string) error {
		a, err := mail.ParseAddress(v)
		if err != nil || a.Address != v {
			return fmt.Errorf("not an email address")
		}
		return nil
	})
	// Uploads and downloads that are not JSON are checked by their content type only.
	for _, ct := range []string{"application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "text/csv", "application/zip", "application/octet-stream",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
	doc, err := openapi3.NewLoader().LoadFromData(httpapi.OpenAPI())
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background(), openapi3.EnableSchemaFormatValidation()); err != nil {
		return nil, err
	}
	closeObjects(doc)
	doc.Servers = nil // tests reach every school's host at the test server's address
	r, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &contractDoc{Router: r, errorSchema: doc.Components.Schemas["Error"].Value}, nil
})

// contractDoc is openapi.yaml ready to validate exchanges.
type contractDoc struct {
	routers.Router
	errorSchema *openapi3.Schema
}

// undocumented checks the answer to a request for a route openapi.yaml does not have: the
// server must refuse it (404 or 405) with the standard Error body.
func (d *contractDoc) undocumented(t testing.TB, what string, status int, body []byte) {
	var v any
	err := json.Unmarshal(body, &v)
	if err == nil {
		err = d.errorSchema.VisitJSON(v)
	}
	if (status != 404 && status != 405) || err != nil {
		t.Errorf("contract: %s is not in openapi.yaml, and the server answered %d: %v\nbody: %.300s", what, status, err, body)
	}
}

// closeObjects makes every object schema that lists its properties refuse other ones, as
// the server's decoder does for requests (DisallowUnknownFields); for responses, it makes
// a field the document does not name fail the test. A schema that states
// additionalProperties keeps what it states.
func closeObjects(doc *openapi3.T) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(*openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if len(s.Properties) > 0 && s.AdditionalProperties.Has == nil && s.AdditionalProperties.Schema == nil {
			no := false
			s.AdditionalProperties.Has = &no
		}
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		walk(s.AdditionalProperties.Schema)
		for _, l := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf, s.AllOf} {
			for _, r := range l {
				walk(r)
			}
		}
	}
	for _, s := range doc.Components.Schemas {
		walk(s)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				for _, mt := range op.RequestBody.Value.Content {
					walk(mt.Schema)
				}
			}
			for _, resp := range op.Responses.Map() {
				if resp.Value != nil {
					for _, mt := range resp.Value.Content {
						walk(mt.Schema)
					}
				}
			}
		}
	}
}

// contractTransport checks every /api/v1 exchange against openapi.yaml: the route must be
// documented; a request the document rejects must be refused by the server (4xx); the
// response's status must be documented for the route and its JSON body must match the
// schema (other bodies, such as xlsx, pdf and html, are checked by content type only).
type contractTransport struct {
	t    testing.TB
	base http.RoundTripper
}

// newClient is the HTTP client of the end-to-end tests: it does not follow redirects and it
// validates the API contract. jar may be nil.
func newClient(t testing.TB, jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		Transport:     &contractTransport{t: t, base: http.DefaultTransport},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (c *contractTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") {
		return c.base.RoundTrip(req)
	}
	what := req.Method + " " + req.URL.Path
	doc, err := contract()
	if err != nil {
		c.t.Errorf("contract: openapi.yaml: %v", err)
		return c.base.RoundTrip(req)
	}
	var reqBody []byte
	if req.Body != nil {
		if reqBody, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	route, params, err := doc.FindRoute(req)
	if err == nil && untyped(route.Path) {
		return c.base.RoundTrip(req)
	}
	if err != nil {
		resp, err := c.base.RoundTrip(req)
		if err != nil {
			return resp, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if err == nil {
			doc.undocumented(c.t, what, resp.StatusCode, body)
		}
		return resp, nil
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus: true, MultiError: true}
	opts.WithCustomSchemaErrorFunc(func(e *openapi3.SchemaError) string {
		return "/" + strings.Join(e.JSONPointer(), "/") + ": " + e.Reason
	})
	if binaryBody(route.Operation, req.Header.Get("Content-Type")) {
		opts.ExcludeRequestBody = true // a file: the content type is all there is to check
	}
	probe := req.Clone(req.Context())
	probe.Body = io.NopCloser(bytes.NewReader(reqBody))
	in := &openapi3filter.RequestValidationInput{Request: probe, PathParams: params, Route: route, Options: opts}
	reqErr := openapi3filter.ValidateRequest(req.Context(), in)

	resp, err := c.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return resp, nil // the caller sees the short body and reports it
	}
	if reqErr != nil && resp.StatusCode < 400 {
		c.t.Errorf("contract: openapi.yaml rejects the request %s (%v), but the server answered %d", what, reqErr, resp.StatusCode)
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode,
		Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)), Options: opts}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if !strings.HasSuffix(ct, "json") {
		o := *opts
		o.ExcludeResponseBody = true
		out.Options = &o
		if r := route.Operation.Responses.Status(resp.StatusCode); r != nil && r.Value != nil &&
			len(r.Value.Content) > 0 && r.Value.Content.Get(resp.Header.Get("Content-Type")) == nil {
			c.t.Errorf("contract: %s answered %d with Content-Type %q, which openapi.yaml does not list", what, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if r := route.Operation.Responses.Status(resp.StatusCode); r != nil && r.Value != nil && strings.HasSuffix(ct, "json") {
		if mt := r.Value.Content.Get(resp.Header.Get("Content-Type")); mt != nil && mt.Schema != nil && loose(mt.Schema.Value) {
			c.t.Errorf("contract: openapi.yaml does not type the %d answer of %s %s (a bare object)", resp.StatusCode, req.Method, route.Path)
		}
	}
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		c.t.Errorf("contract: %s answered %d, which openapi.yaml does not describe: %v\nbody: %.600s", what, resp.StatusCode, err, body)
	}
	return resp, nil
}

// untyped reports whether path is one of untypedRoutes or under one.
func untyped(path string) bool {
	for _, p := range untypedRoutes {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// TestOpenAPIContractLoads: openapi.yaml is a valid OpenAPI 3 document whose schemas the
// validator can use.
func TestOpenAPIContractLoads(t *testing.T) {
	if _, err := contract(); err != nil {
		t.Fatal(err)
	}
}

// loose reports whether a schema is an object that says nothing of its fields, which any
// body matches.
func loose(s *openapi3.Schema) bool {
	return s != nil && s.Type.Is("object") && len(s.Properties) == 0 && s.AdditionalProperties.Schema == nil &&
		(s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has) &&
		len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0
}

// recorder is a testing.TB that keeps the errors reported to it.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestContractTransportCatchesDrift: the validating client fails a test on an undocumented
// field, an undocumented status, an error body without the standard shape, a request the
// document rejects that the server accepts, and an undocumented route; a documented
// exchange passes. The server here is a fake that answers what each case needs.
func TestContractTransportCatchesDrift(t *testing.T) {
	site := `{"site": {"id": 1, "slug": "school12", "names": {"kk": "Мектеп"}, "domains": ["school12.edu.kz"],
		"languages": ["kk"], "owner_email": "d@school12.edu.kz", "status": "active", "step": "activated",
		"created_at": "2026-12-01T09:00:00Z", "updated_at": "2026-12-01T09:00:00Z"}, "workflow_id": "site/1", "running": false}`
	cases := []struct {
		name, method, path, body string
		status                   int
		answer                   string
		want                     string // a part of the error; "" for none
	}{
		{"documented", "GET", "/api/v1/sites/1", "", 200, site, ""},
		{"undocumented field", "GET", "/api/v1/sites/1", "", 200, strings.Replace(site, `"running"`, `"secret": 1, "running"`, 1), "secret"},
		{"wrong type", "GET", "/api/v1/sites/1", "", 200, strings.Replace(site, `"id": 1`, `"id": "1"`, 1), "/site/id"},
		{"undocumented status", "GET", "/api/v1/sites/1", "", 418, `{"error": {"code": "invalid", "message": "x"}}`, "status is not supported"},
		{"error without the standard shape", "GET", "/api/v1/sites/1", "", 404, `{"message": "not found"}`, "does not describe"},
		{"bad request accepted", "POST", "/api/v1/sites", `{"slug": "A B"}`, 202, site, "rejects the request"},
		{"undocumented route", "GET", "/api/v1/nothing-here", "", 200, `{}`, "not in openapi.yaml"},
		{"undocumented route refused", "GET", "/api/v1/nothing-here", "", 404, `{"error": {"code": "not_found", "message": "x"}}`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.answer)
			}))
			defer srv.Close()
			rec := &recorder{TB: t}
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := newClient(rec, nil).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := strings.Join(rec.errs, "\n")
			if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
				t.Errorf("errors %q, want one containing %q", got, tc.want)
			}
		})
	}
}

// binaryBody reports whether op takes a request of type ct as raw bytes (a file upload).
func binaryBody(op *openapi3.Operation, ct string) bool {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return false
	}
	mt := op.RequestBody.Value.Content.Get(ct)
	return mt != nil && mt.Schema != nil && mt.Schema.Value != nil && mt.Schema.Value.Format == "binary"
}
