package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
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

// untypedRoutes lists the /api/v1 path prefixes whose bodies openapi.yaml does not type yet.
// Requests to them still must match a documented route and answer a documented status
// code; only their bodies are not checked. The list may only shrink: type a group's
// schemas, delete its line, run its tests.
var untypedRoutes = []string{}

// contract is the OpenAPI document prepared for validation, loaded once per test binary.
var contract = sync.OnceValues(func() (routers.Router, error) {
	openapi3.DefineStringFormatCallback("email", func(v string) error {
		a, err := mail.ParseAddress(v)
		if err != nil || a.Address != v {
			return fmt.Errorf("not an email address")
		}
		return nil
	})
	doc, err := openapi3.NewLoader().LoadFromData(httpapi.OpenAPI())
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background(), openapi3.EnableSchemaFormatValidation()); err != nil {
		return nil, err
	}
	closeObjects(doc)
	doc.Servers = nil // tests reach every school's host at the test server's address
	return gorillamux.NewRouter(doc)
})

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
	router, err := contract()
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
	route, params, err := router.FindRoute(req)
	if err != nil {
		c.t.Errorf("contract: %s is not in openapi.yaml: %v", what, err)
		return c.base.RoundTrip(req)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus: true, MultiError: true}
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
	if !strings.HasSuffix(ct, "json") || untyped(route.Path) {
		o := *opts
		o.ExcludeResponseBody = true
		out.Options = &o
		if r := route.Operation.Responses.Status(resp.StatusCode); r != nil && r.Value != nil &&
			len(r.Value.Content) > 0 && r.Value.Content.Get(resp.Header.Get("Content-Type")) == nil {
			c.t.Errorf("contract: %s answered %d with Content-Type %q, which openapi.yaml does not list", what, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		c.t.Errorf("contract: %s answered %d, which openapi.yaml does not describe: %v\nbody: %.600s", what, resp.StatusCode, err, body)
	}
	return resp, nil
}

// untyped reports whether path is under a prefix of untypedRoutes.
func untyped(path string) bool {
	for _, p := range untypedRoutes {
		if strings.HasPrefix(path, p) {
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
