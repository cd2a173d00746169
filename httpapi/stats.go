package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

// countViews counts page views of the public site for its statistics: GET requests
// answered with an HTML page, status 200 or 304 (a 304 is a repeat visit revalidating its
// copy, so it is a view too). HEAD, errors, redirects and bots are not counted. The work on
// the request path is a map update; Stats writes in batches.
func (s *Server) countViews(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || s.Stats == nil {
			next.ServeHTTP(w, r)
			return
		}
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status != http.StatusOK && sw.status != http.StatusNotModified && sw.status != 0 {
			return
		}
		if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
			return
		}
		site := web.SiteFrom(r.Context())
		if site == nil {
			return
		}
		lang := sitecore.Lang(w.Header().Get("Content-Language"))
		if !site.HasLang(lang) {
			if lang = sitecore.Lang(chi.URLParam(r, "lang")); !site.HasLang(lang) {
				lang = site.DefaultLang()
			}
		}
		s.Stats.View(site.ID, lang, r.URL.Path, s.ClientIP(r), r.UserAgent())
	})
}

// statusWriter remembers the status a handler answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// siteStats serves GET /api/v1/sites/{id}/stats?from=&to=&group=: views and unique visitors
// per day, the top pages and views per language (statistics:view).
func (s *Server) siteStats(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	// Access first: a stranger learns nothing, not even that the dates were wrong.
	p := web.Principal(r)
	if err := sitecore.Authorize(p, id, sitecore.ActionView, sitecore.Resource{Section: sitecore.SectionStatistics}); err != nil {
		s.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	f, err := sitecore.ParseStatsFilter(id, q.Get("from"), q.Get("to"), q.Get("group"), time.Now())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	report, err := s.Stats.Report(r.Context(), p, f)
	s.Respond(w, r, http.StatusOK, report, err)
}
