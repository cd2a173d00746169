package httpapi

import (
	"net/http"

	"go.temporal.io/sdk/converter"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

// temporalCodec serves Temporal's remote codec protocol (POST .../encode and .../decode
// with {"payloads": [...]}) so that an operator can read sealed payloads in the Temporal
// Web UI (its "codec server" setting, with "pass access token" on). Only platform operators
// may use it: it opens every school's personal data that workflows carry. It takes an
// operator's bearer token (the temporal CLI's --codec-auth), or an operator's session cookie
// only on requests from MEKTEP_TEMPORAL_UI_ORIGIN (the UI's "include cross-origin
// credentials"); CORS answers that origin alone, so no other page can read a decoded payload.
func (s *Server) temporalCodec() http.Handler {
	inner := http.StripPrefix("/api/temporal-codec", converter.NewPayloadCodecHTTPHandler(s.PayloadCodec))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" && o == s.TemporalUIOrigin {
			h := w.Header()
			h.Set("Access-Control-Allow-Origin", o)
			h.Set("Access-Control-Allow-Methods", "POST, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Namespace")
			h.Set("Access-Control-Allow-Credentials", "true")
			h.Add("Vary", "Origin")
		}
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if r.Header.Get("Authorization") == "" && (s.TemporalUIOrigin == "" || r.Header.Get("Origin") != s.TemporalUIOrigin) {
			s.unauthorized(w, r, sitecore.Errorf(sitecore.EUnauthorized, "unauthorized"))
			return
		}
		s.authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !web.Principal(r).Operator() {
				s.Error(w, r, sitecore.Errorf(sitecore.EForbidden, "forbidden"))
				return
			}
			if s.PayloadCodec == nil {
				s.Error(w, r, sitecore.Errorf(sitecore.ENotFound, "not_found.route"))
				return
			}
			inner.ServeHTTP(w, r)
		})).ServeHTTP(w, r)
	})
}
