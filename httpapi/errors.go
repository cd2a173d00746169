package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"

	"golang.org/x/text/language"

	"github.com/mektep/mektep/sitecore"
)

// statusOf maps every error code to its HTTP status. It is the only such mapping.
var statusOf = map[string]int{
	sitecore.EInvalid:      http.StatusBadRequest,
	sitecore.ENotFound:     http.StatusNotFound,
	sitecore.EConflict:     http.StatusConflict,
	sitecore.EUnauthorized: http.StatusUnauthorized,
	sitecore.EForbidden:    http.StatusForbidden,
	sitecore.ETooLarge:     http.StatusRequestEntityTooLarge,
	sitecore.ERateLimited:  http.StatusTooManyRequests,
	sitecore.EUnavailable:  http.StatusServiceUnavailable,
	sitecore.EInternal:     http.StatusInternalServerError,
}

// StatusOf returns the HTTP status for an error code.
func StatusOf(code string) int {
	if st, ok := statusOf[code]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON shape of every error response.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// Error writes err as a JSON error in the caller's language. Server-side failures are logged
// with their cause; the client only sees the code and a safe message.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	if s.clientGone(w, r, err) {
		return
	}
	e := sitecore.AsError(err)
	status := StatusOf(e.Code)
	if status >= 500 {
		s.Log.ErrorContext(r.Context(), "request failed", "error", err.Error(), "status", status)
	} else {
		s.Log.DebugContext(r.Context(), "request rejected", "error", err.Error(), "status", status)
	}
	if e.Code == sitecore.EUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	if e.Code == sitecore.ERateLimited && e.Args["seconds"] != "" {
		w.Header().Set("Retry-After", e.Args["seconds"])
	}
	s.writeJSON(w, status, errorBody{Error: s.errorDetail(r, e)})
}

func (s *Server) errorDetail(r *http.Request, e *sitecore.Error) errorDetail {
	args := e.Args
	if e.Field != "" {
		args = make(map[string]string, len(e.Args)+1)
		for k, v := range e.Args {
			args[k] = v
		}
		args["field"] = e.Field
	}
	key := e.Key
	if key == "" {
		key = e.Code
	}
	return errorDetail{Code: e.Code, Message: sitecore.Message(requestLang(r), key, args), Field: e.Field}
}

// writeJSON writes v with the status.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.Log.Warn("write response", "error", err)
	}
}

// messageLangs are the languages API messages are written in, Kazakh first: it is the
// answer when the caller states no preference.
var messageLangs = []language.Tag{language.Kazakh, language.Russian, language.English}

var langMatcher = language.NewMatcher(messageLangs)

// requestLang picks the message language from Accept-Language, then from the site being
// visited, then Kazakh.
func requestLang(r *http.Request) sitecore.Lang {
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, idx, conf := langMatcher.Match(tags...)
			if conf != language.No {
				return sitecore.Lang(messageLangs[idx].String())
			}
		}
	}
	if site := siteFrom(r.Context()); site != nil {
		if l := site.DefaultLang(); l == sitecore.Russian || l == sitecore.English {
			return l
		}
	}
	return sitecore.Kazakh
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if isAPIPath(r.URL.Path) {
		s.Error(w, r, sitecore.NotFound("route"))
		return
	}
	s.publicNotFound(w, r)
}

func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	e := sitecore.Errorf(sitecore.EInvalid, "method_not_allowed")
	w.Header().Set("Allow", "GET, HEAD, POST")
	d := s.errorDetail(r, e)
	s.writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: errorDetail{Code: "method_not_allowed", Message: d.Message}})
}

func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || p == "/api" || p == "/healthz" || p == "/readyz" || p == "/metrics"
}

// StatusClientClosedRequest is the status logged (nginx's 499) when the client went away
// before its answer was ready.
const StatusClientClosedRequest = 499

// clientGone handles a failure after the client left (its request's context is cancelled:
// a browser or a load generator closed the connection), which is nearly always the cause:
// nobody reads the answer, so it is logged as 499, not as a server error.
func (s *Server) clientGone(w http.ResponseWriter, r *http.Request, err error) bool {
	if r.Context().Err() == nil {
		return false
	}
	s.Log.DebugContext(r.Context(), "client went away", "error", err.Error())
	w.WriteHeader(StatusClientClosedRequest)
	return true
}
