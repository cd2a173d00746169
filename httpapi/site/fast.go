package site

import (
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
)

// The fast path answers a repeat request for a cached public page before the router: once
// a request has been answered from the page cache by the public routes (servePage,
// NewsPage), the cache remembers what that request carried (scheme, Host as sent, path) and
// which cached page answered it. A later request carrying the same is answered with that
// page — the same bytes and headers, written by the same code (writeCached) — without chi's
// route context, wrapped writers or a new request context. It is a shortcut, never a second
// source: the page is looked up in the page cache on every request, so invalidation (a
// publish, a settings change, a theme, a maintenance banner) and the TTL apply as they do to
// the routed path; anything unusual (a query string, an escaped path, a port in Host, a
// request the router answered otherwise) goes through the router.

// fastKey is what a request carries that decides its cached answer (web.BaseURL is built from
// the scheme and the Host; the path chooses the page).
type fastKey struct {
	https bool
	host  string // as sent, without a port
	path  string
}

type fastEntry struct {
	siteID int64
	host   string // normalized: the host the site was resolved by
	key    string // the page cache key
	route  string // chi's route pattern, for the access log and metrics
}

// Fast is a cached answer found for a request without routing it.
type Fast struct {
	p      *cachedPage
	SiteID int64
	// Host is the normalized host the site was resolved by; Route the route pattern.
	Host, Route string
}

// FastEligible reports whether the request is one the fast path may answer: a GET or HEAD
// of a plain path (no query, nothing escaped) on a Host without a port.
func FastEligible(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) &&
		r.URL.RawQuery == "" && !r.URL.ForceQuery && r.URL.RawPath == "" &&
		r.RequestURI == r.URL.Path && r.Host != "" && strings.IndexByte(r.Host, ':') < 0
}

// LookupFast finds the cached page an earlier identical request was answered with; https is
// whether the visitor uses HTTPS as web.BaseURL decides it.
func (s *Server) LookupFast(r *http.Request, https bool) (Fast, bool) {
	if s.pages == nil || s.NoPageCache.Load() {
		return Fast{}, false
	}
	c := s.pages
	c.mu.RLock()
	e, ok := c.fast[fastKey{https: https, host: r.Host, path: r.URL.Path}]
	var p *cachedPage
	if ok {
		p = c.m[e.siteID][e.key]
	}
	c.mu.RUnlock()
	if p == nil || p.status != http.StatusOK || time.Now().After(p.expires) {
		return Fast{}, false
	}
	return Fast{p: p, SiteID: e.siteID, Host: e.host, Route: e.route}, true
}

// rememberFast notes that r was answered with the cached page under key, so the same
// request can be answered without routing. Only 200s of pages whose view is counted under
// their own language are remembered (the fast path counts views as countViews does).
func (s *Server) rememberFast(r *http.Request, site *sitecore.Site, key string, p *cachedPage) {
	if p.status != http.StatusOK || !FastEligible(r) || s.NoPageCache.Load() {
		return
	}
	if p.ctype == "" && !site.HasLang(p.lang) {
		return
	}
	host, ok := sitecore.NormalizeHost(r.Host)
	if !ok {
		return
	}
	rc := chi.RouteContext(r.Context())
	if rc == nil || rc.RoutePattern() == "" {
		return
	}
	https := r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
	k := fastKey{https: https, host: r.Host, path: r.URL.Path}
	e := fastEntry{siteID: site.ID, host: host, key: key, route: rc.RoutePattern()}
	c := s.pages
	c.mu.RLock()
	old, ok := c.fast[k]
	_, cached := c.m[site.ID][key]
	c.mu.RUnlock()
	if ok && old == e || !cached {
		return
	}
	c.mu.Lock()
	if len(c.fast) >= c.max {
		clear(c.fast)
	}
	c.fast[k] = e
	c.mu.Unlock()
}

// WriteFast answers r with f's page for site (the one its Host resolves to now), exactly as
// the routed path does, and returns the status and body bytes written.
func (s *Server) WriteFast(w http.ResponseWriter, r *http.Request, site *sitecore.Site, f Fast) (status, n int) {
	return s.writeCached(w, r, site, f.p, false)
}

// CountedLang is the language a view of f's page is counted under, and whether a GET
// answered with status is a page view at all (an HTML page answered 200 or 304), as
// countViews decides for routed requests.
func (f Fast) CountedLang(site *sitecore.Site, status int) (sitecore.Lang, bool) {
	if f.p.ctype != "" || status != http.StatusOK && status != http.StatusNotModified {
		return "", false
	}
	return f.p.lang, site.HasLang(f.p.lang)
}

// HTML reports whether the page is an HTML page (whose views are counted).
func (f Fast) HTML() bool { return f.p.ctype == "" }
