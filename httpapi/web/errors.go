package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/netip"

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

// Codes returns every error code that has an HTTP status.
func Codes() []string {
	codes := make([]string, 0, len(statusOf))
	for c := range statusOf {
		codes = append(codes, c)
	}
	return codes
}

// StatusOf returns the HTTP status for an error code.
func StatusOf(code string) int {
	if st, ok := statusOf[code]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// ErrorBody is the JSON shape of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is what a client learns of an error: its code, a message in the caller's
// language and the field it is about.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// Responder writes answers and errors the same way for the JSON API and the rendered site.
// Both embed it, so s.Error, s.Respond and the rest read the same in either package.
type Responder struct {
	Log *slog.Logger
	// TrustedProxies are the load balancers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
}

// Error writes err as a JSON error in the caller's language. Server-side failures are logged
// with their cause; the client only sees the code and a safe message.
func (s *Responder) Error(w http.ResponseWriter, r *http.Request, err error) {
	if s.ClientGone(w, r, err) {
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
	s.WriteJSON(w, status, ErrorBody{Error: s.ErrorDetail(r, e)})
}

// ErrorDetail localizes e for the caller of r.
func (s *Responder) ErrorDetail(r *http.Request, e *sitecore.Error) ErrorDetail {
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
	return ErrorDetail{Code: e.Code, Message: sitecore.Message(Lang(r), key, args), Field: e.Field}
}

// WriteJSON writes v with the status.
func (s *Responder) WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.Log.Warn("write response", "error", err)
	}
}

// StatusClientClosedRequest is the status logged (nginx's 499) when the client went away
// before its answer was ready.
const StatusClientClosedRequest = 499

// ClientGone handles a failure after the client left (its request's context is cancelled:
// a browser or a load generator closed the connection), which is nearly always the cause:
// nobody reads the answer, so it is logged as 499, not as a server error.
func (s *Responder) ClientGone(w http.ResponseWriter, r *http.Request, err error) bool {
	if r.Context().Err() == nil {
		return false
	}
	s.Log.DebugContext(r.Context(), "client went away", "error", err.Error())
	w.WriteHeader(StatusClientClosedRequest)
	return true
}
