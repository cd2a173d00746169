package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

// resolveSite finds the active site for the request's Host and puts it in the context.
// Unknown hosts, and sites still provisioning, get the 404 page.
func (s *Server) resolveSite(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, ok := sitecore.NormalizeHost(r.Host)
		if !ok {
			s.site.NotFound(w, r)
			return
		}
		site, cached := s.sites.get(host)
		if !cached {
			var err error
			site, err = s.findSiteByHost(r.Context(), host)
			switch sitecore.ErrorCode(err) {
			case "":
			case sitecore.ENotFound:
				site = nil
			default:
				s.site.ErrorPage(w, r, err)
				return
			}
			s.sites.put(host, site)
		}
		if site == nil {
			s.site.NotFound(w, r)
			return
		}
		if ri := web.InfoFrom(r.Context()); ri != nil {
			ri.Site, ri.Current = site.ID, site
		}
		next.ServeHTTP(w, r)
	})
}

// findSiteByHost resolves a host: a bound domain first, then a platform subdomain
// ("<slug>.<MEKTEP_PLATFORM_DOMAIN>"), which every site has without any DNS work.
func (s *Server) findSiteByHost(ctx context.Context, host string) (*sitecore.Site, error) {
	site, err := s.Sites.FindActiveSiteByHost(ctx, host)
	if sitecore.ErrorCode(err) != sitecore.ENotFound || s.PlatformDomain == "" {
		return site, err
	}
	slug, ok := strings.CutSuffix(host, "."+s.PlatformDomain)
	if !ok || slug == "" || strings.Contains(slug, ".") {
		return nil, err
	}
	site, err = s.Sites.FindSiteBySlug(ctx, slug)
	if err == nil && site.Status != sitecore.SiteActive {
		return nil, sitecore.NotFound("site")
	}
	return site, err
}
