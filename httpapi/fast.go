package httpapi

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mektep/mektep/httpapi/site"
	"github.com/mektep/mektep/httpapi/web"
)

// HTTPHandler is the server's handler: the router (Handler) behind the public pages' fast
// path. A repeat request for a cached public page (site/fast.go) is answered before the
// router: no chi route context, no wrapped writers, no new request context. Everything the
// router's middleware and the public routes do for such a request is done here too, in the
// same way: the X-Request-ID, HSTS, the tenant by Host (the same site cache), the page's
// headers, ETag and 304s (the same writer), the view counted as countViews counts it, the
// metrics and the access line. Anything else goes to the router.
func (s *Server) HTTPHandler() http.Handler {
	router := s.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.serveFast(w, r) {
			router.ServeHTTP(w, r)
		}
	})
}

// serveFast answers r from the page cache when it can, and reports whether it did.
func (s *Server) serveFast(w http.ResponseWriter, r *http.Request) bool {
	if !site.FastEligible(r) {
		return false
	}
	start := time.Now()
	https := r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" // as web.BaseURL
	f, ok := s.site.LookupFast(r, https)
	if !ok {
		return false
	}
	// The tenant as resolveSite finds it: the Host must still resolve (from the same cache,
	// without a database lookup here) to the site whose page this is.
	st, cached := s.sites.get(f.Host)
	if !cached || st == nil || st.ID != f.SiteID {
		return false
	}
	lang, counted := f.CountedLang(st, http.StatusOK)
	if f.HTML() && !counted {
		return false // countViews would pick the language otherwise: let the router do it
	}
	id := requestIDOf(r)
	h := w.Header()
	h["X-Request-Id"] = []string{id}
	if s.SecureRequest(r) {
		h["Strict-Transport-Security"] = hstsValue
	}
	// One write system call for the whole answer (coalesce.go): what net/http writes while
	// the page is written is held and joined, the rest flushed with it.
	cc := connOf(r)
	if cc != nil {
		cc.start()
	}
	status, n := s.site.WriteFast(w, r, st, f)
	if cc != nil {
		if cc.holding() {
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
		}
		_ = cc.finish() // an error shows on the connection's next write
	}
	if r.Method == http.MethodGet && s.Stats != nil {
		if _, counted := f.CountedLang(st, status); counted {
			s.Stats.View(st.ID, lang, r.URL.Path, s.ClientIP(r), r.UserAgent())
		}
	}
	elapsed := time.Since(start)
	m := s.routeMetrics(f.Route, r.Method, status)
	m.requests.Inc()
	s.Metrics.HTTPFastAnswers.Inc()
	m.duration.Observe(elapsed.Seconds())
	ctx := r.Context()
	if s.Log.Enabled(ctx, slog.LevelInfo) {
		s.logAccess(ctx, &AccessLine{Time: start.Add(elapsed), Level: slog.LevelInfo, Method: r.Method, Route: f.Route,
			Path: r.URL.Path, Host: r.Host, Status: status, Bytes: n, Duration: elapsed},
			&web.Info{ID: id, Site: st.ID})
	}
	return true
}

var hstsValue = []string{"max-age=31536000"}

// routeMetric is the request counter and latency histogram of one route, method and status,
// found once instead of hashing the labels on every request.
type routeMetric struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

type routeMetricKey struct {
	route, method string
	status        int
}

func (s *Server) routeMetrics(route, method string, status int) *routeMetric {
	k := routeMetricKey{route, method, status}
	if m, ok := s.metricsCache.Load(k); ok {
		return m.(*routeMetric)
	}
	m := &routeMetric{requests: s.Metrics.HTTPRequests.WithLabelValues(route, method, strconv.Itoa(status)),
		duration: s.Metrics.HTTPDuration.WithLabelValues(route, method)}
	v, _ := s.metricsCache.LoadOrStore(k, m)
	return v.(*routeMetric)
}
