// Package httpapi is Mektep's HTTP layer: the chi router with every route in one place,
// middleware (request IDs, structured logs, metrics, panic recovery, operator auth), the
// JSON API handlers and the public school sites. Handlers parse, validate, call a service and
// respond; the error mapping lives in errors.go and nowhere else.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/mektep/mektep/internal/metrics"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/admissions"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/render"
)

// Checker is a dependency the readiness probe asks; Name appears in the 503 body.
type Checker struct {
	Name  string
	Check func(ctx context.Context) error
}

// Server holds what the handlers need.
type Server struct {
	Sites          sitecore.SiteStore
	Provisioner    sitecore.Provisioner
	Content        sitecore.ContentStore
	Idempotency    sitecore.IdempotencyStore
	Theme          *render.Theme
	Metrics        *metrics.Metrics
	Log            *slog.Logger
	BootstrapToken string
	Ready          []Checker
	Accounts       *accounts.Service
	Pages          *cms.Pages
	Admissions     *admissions.Service
	// PlatformDomain makes every site answer on "<slug>.<PlatformDomain>" too.
	PlatformDomain string
	// TrustedProxies are the load balancers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix

	// SiteCacheTTL and PageCacheTTL bound how stale a public page may be on this instance;
	// content writes invalidate the local cache at once.
	SiteCacheTTL time.Duration
	PageCacheTTL time.Duration

	sites    *siteCache
	pages    *pageCache
	initOnce sync.Once
}

// Handler builds the router. Every route of the platform is registered here, so this
// function is the map of the HTTP surface (and the OpenAPI test walks it).
func (s *Server) Handler() chi.Router {
	s.init()
	r := chi.NewRouter()
	r.Use(s.requestID, s.observe, s.recoverer, middleware.GetHead)
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	// Operations.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Method(http.MethodGet, "/metrics", s.Metrics.Handler())
	r.Get("/api/openapi.yaml", s.openapi)

	// JSON API. Every request is authenticated (token or session cookie) and cross-origin
	// writes from browsers are refused.
	r.Route("/api/v1", func(r chi.Router) {
		r.Use(s.authenticate, s.csrf)

		r.Post("/auth/register", s.register)
		r.Get("/auth/verify-email", s.verifyEmail)
		r.Post("/auth/login", s.login)
		r.Post("/auth/logout", s.logout)
		r.Post("/auth/password-reset", s.requestPasswordReset)
		r.Post("/auth/password-reset/confirm", s.confirmPasswordReset)

		r.Get("/me", s.me)
		r.Patch("/me", s.updateMe)
		r.Post("/me/password", s.changePassword)
		r.Post("/me/children", s.requestChildLink)
		r.Post("/me/parent-links/{linkID}/confirm", s.confirmLinkAsChild)
		r.Get("/me/tokens", s.listTokens)
		r.Post("/me/tokens", s.createToken)
		r.Delete("/me/tokens/{tokenID}", s.revokeToken)

		r.Get("/users/{userID}", s.userProfile)
		r.Put("/users/{userID}/platform-role", s.setPlatformRole)

		r.Get("/org-units", s.orgUnits)
		r.Post("/org-units", s.createOrgUnit)

		r.Post("/sites", s.createSite)
		r.Get("/sites/{id}", s.getSite)
		r.Put("/sites/{id}/org-unit", s.setSiteOrgUnit)
		r.Get("/sites/{id}/members", s.members)
		r.Post("/sites/{id}/members", s.addMember)
		r.Delete("/sites/{id}/members/{userID}", s.removeMember)
		r.Post("/sites/{id}/admins", s.addAdmin)
		r.Delete("/sites/{id}/admins/{userID}", s.removeAdmin)
		r.Get("/sites/{id}/delegations", s.delegations)
		r.Post("/sites/{id}/delegations", s.grant)
		r.Delete("/sites/{id}/delegations/{delegationID}", s.revoke)
		r.Post("/sites/{id}/parent-links/{linkID}/confirm", s.confirmLinkAsSite)
		r.Get("/sites/{id}/audit", s.auditLog)
		r.Post("/sites/{id}/domains", s.claimDomain)
		r.Post("/sites/{id}/domains/{host}/verify", s.verifyDomain)
		r.Delete("/sites/{id}/domains/{host}", s.unbindDomain)
		r.Get("/sites/{id}/pages", s.listPages)
		r.Post("/sites/{id}/pages", s.createPage)
		r.Patch("/sites/{id}/pages/{key}", s.updatePage)
		r.Post("/sites/{id}/pages/{key}/publish", s.publishPage)
		r.Post("/sites/{id}/pages/{key}/unpublish", s.unpublishPage)

		// Admissions: families at /admissions, schools under their site.
		r.Get("/admissions/campaigns", s.openCampaigns)
		r.Post("/admissions/applications", s.submitApplication)
		r.Get("/admissions/applications", s.myApplications)
		r.Get("/admissions/applications/{appID}", s.myApplication)
		r.Post("/admissions/applications/{appID}/withdraw", s.withdrawApplication)
		r.Post("/admissions/applications/{appID}/offer", s.respondToOffer)
		r.Post("/admissions/applications/{appID}/documents-fixed", s.documentsFixed)
		r.Put("/admissions/applications/{appID}/documents/{kind}", s.uploadDocument)
		r.Get("/sites/{id}/admissions/campaigns", s.campaigns)
		r.Post("/sites/{id}/admissions/campaigns", s.createCampaign)
		r.Get("/sites/{id}/admissions/campaigns/{campaignID}/export.xlsx", s.exportApplications)
		r.Get("/sites/{id}/admissions/applications", s.applications)
		r.Get("/sites/{id}/admissions/applications/{appID}", s.application)
		r.Post("/sites/{id}/admissions/applications/{appID}/documents", s.checkDocuments)
		r.Get("/sites/{id}/admissions/applications/{appID}/documents/{docID}", s.downloadDocument)
		r.Post("/sites/{id}/admissions/applications/{appID}/documents/{docID}/review", s.reviewDocument)
		r.Post("/sites/{id}/admissions/applications/{appID}/decision", s.decide)
		r.Post("/sites/{id}/admissions/decisions", s.decideMany)
		r.Post("/sites/{id}/admissions/exports", s.startExport)
		r.Get("/sites/{id}/admissions/exports/{exportID}", s.exportStatus)
		r.Get("/sites/{id}/admissions/exports/{exportID}/file", s.exportFile)
	})

	// Account pages behind the links in email (the control panel will grow around them).
	r.Group(func(r chi.Router) {
		r.Use(s.csrf)
		r.Get("/account/reset-password", s.resetPasswordPage)
		r.Post("/account/reset-password", s.resetPasswordPage)
	})

	// Public school sites, resolved by Host.
	r.Group(func(r chi.Router) {
		r.Use(s.resolveSite)
		r.Get("/", s.publicHome)
		r.Get("/{lang}", s.publicLangRedirect)
		r.Get("/{lang}/", s.publicPage)
		r.Get("/{lang}/{slug}", s.publicPage)

		// The family's admissions pages.
		r.Group(func(r chi.Router) {
			r.Use(s.authenticate, s.csrf)
			r.Get("/{lang}/login", s.familyLogin)
			r.Post("/{lang}/login", s.familyLogin)
			r.Get("/{lang}/admissions", s.familyAdmissions)
			r.Post("/{lang}/admissions", s.familyApply)
			r.Post("/{lang}/admissions/{appID}/offer", s.familyOffer)
		})
	})
	return r
}

func (s *Server) init() { s.initOnce.Do(s.setDefaults) }

func (s *Server) setDefaults() {
	if s.Log == nil {
		s.Log = slog.Default()
	}
	if s.Metrics == nil {
		s.Metrics = metrics.New()
	}
	if s.SiteCacheTTL == 0 {
		s.SiteCacheTTL = 10 * time.Second
	}
	if s.PageCacheTTL == 0 {
		s.PageCacheTTL = 30 * time.Second
	}
	s.sites = newSiteCache(s.SiteCacheTTL, 10000)
	s.pages = newPageCache(s.PageCacheTTL, 20000)
}

// InvalidateSite drops this instance's cached host lookups and pages of the site, and every
// cached "unknown host", so a change shows on the next request. siteID 0 drops everything.
func (s *Server) InvalidateSite(siteID int64) {
	if s.sites == nil {
		return
	}
	if siteID == 0 {
		s.sites.clear()
		s.pages.clear()
	} else {
		s.sites.invalidate(siteID)
		s.pages.invalidate(siteID)
	}
}
