package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

// RequestID returns the ID of the request in ctx, or "".
func RequestID(ctx context.Context) string { return web.RequestID(ctx) }

// requestID takes a sane X-Request-ID from the caller (a proxy) or makes one, and echoes it.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := requestIDOf(r)
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(web.WithInfo(r.Context(), &web.Info{ID: id})))
	})
}

// requestIDOf is the caller's X-Request-ID when sane, or a new random one.
func requestIDOf(r *http.Request) string {
	var id string
	if v := r.Header["X-Request-Id"]; len(v) > 0 { // Header.Get("X-Request-ID") without canonicalizing the key per request
		id = v[0]
	}
	if !validRequestID(id) {
		var b [12]byte
		var x [24]byte
		_, _ = rand.Read(b[:])
		hex.Encode(x[:], b[:])
		id = string(x[:])
	}
	return id
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// observe logs one line per request and records the request metrics by route pattern (not
// by raw path, which would let visitors grow the metric set without bound).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			route = rc.RoutePattern()
		}
		elapsed := time.Since(start)
		s.Metrics.HTTPRequests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
		s.Metrics.HTTPDuration.WithLabelValues(route, r.Method).Observe(elapsed.Seconds())
		level := slog.LevelInfo
		switch {
		case status >= 500:
			level = slog.LevelError
		case route == "/healthz" || route == "/readyz" || route == "/metrics":
			level = slog.LevelDebug
		}
		// The line is not built at all below the level: it is logged once per request.
		ctx := r.Context()
		if !s.Log.Enabled(ctx, level) {
			return
		}
		// What the line names as the path: a route may log a redacted form (a receipt code
		// must not sit next to its user in the log).
		path := r.URL.Path
		ri := web.InfoFrom(ctx)
		if ri != nil && ri.LogPath != "" {
			path = ri.LogPath
		}
		s.logAccess(ctx, &AccessLine{Time: start.Add(elapsed), Level: level, Method: r.Method, Route: route,
			Path: path, Host: r.Host, Status: status, Bytes: ww.BytesWritten(), Duration: elapsed}, ri)
	})
}

// AccessLine is the access log line of one request.
type AccessLine struct {
	Time                      time.Time
	Level                     slog.Level
	Method, Route, Path, Host string
	Status, Bytes             int
	Duration                  time.Duration // logged as duration_ms, to the microsecond
	// From the request's web.Info: what LogHandler adds to every line logged with its context.
	RequestID, User, WorkflowID string
	Site                        int64
}

// AccessLogger is a slog.Handler that writes access lines itself, without slog's generic
// record path (app.NewLogger's handler encodes them straight into its buffer); the line
// must be what the handler would write for the equivalent record.
type AccessLogger interface {
	LogAccess(l AccessLine)
}

// logAccess logs one request's line (the caller checked the level): through the handler's
// own encoder when it has one, or as a slog record with the attributes of the request's
// info ri (which LogHandler would take from the context).
func (s *Server) logAccess(ctx context.Context, l *AccessLine, ri *web.Info) {
	if ri != nil {
		l.RequestID, l.Site, l.User, l.WorkflowID = ri.ID, ri.Site, ri.User, ri.WorkflowID
	}
	h := s.Log.Handler()
	if al, ok := h.(AccessLogger); ok {
		al.LogAccess(*l)
		return
	}
	// The access line is built from typed attributes (no boxing of each value): it is
	// logged once per request. The request's attributes follow as LogHandler adds them.
	rec := slog.NewRecord(l.Time, l.Level, "http request", 0)
	rec.AddAttrs(slog.String("method", l.Method), slog.String("route", l.Route), slog.String("path", l.Path),
		slog.String("host", l.Host), slog.Int("status", l.Status), slog.Int("bytes", l.Bytes),
		slog.Float64("duration_ms", float64(l.Duration.Microseconds())/1000))
	if web.InfoFrom(ctx) == nil && l.RequestID != "" {
		// A request answered without a routed context (the fast path): its attributes are
		// added here, in LogHandler's order.
		rec.AddAttrs(slog.String("request_id", l.RequestID))
		if l.Site != 0 {
			rec.AddAttrs(slog.Int64("site", l.Site))
		}
	}
	_ = h.Handle(ctx, rec)
}

// recoverer turns a panic into a logged 500 with the usual JSON error body.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.ErrorContext(r.Context(), "panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.Error(w, r, sitecore.Internal("panic", fmt.Errorf("%v", v)))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// LogHandler wraps a slog handler so records logged with a request's context carry its
// request ID, site, user and workflow ID.
func LogHandler(h slog.Handler) slog.Handler { return &ctxLogHandler{Handler: h} }

type ctxLogHandler struct{ slog.Handler }

func (h *ctxLogHandler) Handle(ctx context.Context, rec slog.Record) error {
	if ri := web.InfoFrom(ctx); ri != nil {
		rec.AddAttrs(slog.String("request_id", ri.ID))
		if ri.Site != 0 {
			rec.AddAttrs(slog.Int64("site", ri.Site))
		}
		if ri.User != "" {
			rec.AddAttrs(slog.String("user", ri.User))
		}
		if ri.WorkflowID != "" {
			rec.AddAttrs(slog.String("workflow_id", ri.WorkflowID))
		}
	}
	return h.Handler.Handle(ctx, rec)
}

func (h *ctxLogHandler) WithAttrs(a []slog.Attr) slog.Handler {
	return &ctxLogHandler{Handler: h.Handler.WithAttrs(a)}
}

func (h *ctxLogHandler) WithGroup(name string) slog.Handler {
	return &ctxLogHandler{Handler: h.Handler.WithGroup(name)}
}

// strictTransport tells browsers that reached the platform over HTTPS (directly, or through
// a trusted proxy) to use only HTTPS for the host from then on. Plain-HTTP answers carry no
// such header: browsers ignore it there, and a development server must stay reachable.
func (s *Server) strictTransport(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.SecureRequest(r) {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}
