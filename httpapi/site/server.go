// Package site is the rendered side of Mektep: the public school sites (pages, news, feeds,
// sitemaps, galleries, search), the family's admissions pages, the requester's helpdesk
// pages and the account pages behind emailed links. Its handlers are methods of Server;
// the one route table in package httpapi mounts them. Helpers it shares with the JSON API
// are in package web, so this package and httpapi do not import each other.
package site

import (
	"github.com/mektep/mektep/sitecore/events"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/admissions"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/feedback"
	"github.com/mektep/mektep/sitecore/forum"
	"github.com/mektep/mektep/sitecore/helpdesk"
	"github.com/mektep/mektep/sitecore/mailboxes"
	"github.com/mektep/mektep/sitecore/maintenance"
	"github.com/mektep/mektep/sitecore/media"
	"github.com/mektep/mektep/sitecore/quiz"
	"github.com/mektep/mektep/sitecore/render"
	"github.com/mektep/mektep/sitecore/stats"
	"github.com/mektep/mektep/sitecore/survey"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/vacancy"
)

// Server renders the sites and pages. Build it with its dependencies, then call Init once.
type Server struct {
	web.Responder

	Content       sitecore.ContentStore
	Theme         *render.Theme
	Accounts      *accounts.Service
	Admissions    *admissions.Service
	Media         *media.Service
	Galleries     *media.Galleries
	Helpdesk      *helpdesk.Service
	SearchIndex   sitecore.Searcher
	SettingsStore sitecore.SettingsStore
	ThemeStore    sitecore.ThemeStore
	// Comments shows news comments on public pages (nil: none).
	Comments *cms.Comments
	// PageCacheTTL bounds how stale a rendered page may be on this instance.
	PageCacheTTL time.Duration
	// NoPageCache, when set, turns the rendered-page cache off (benchmarks of the render
	// path).
	NoPageCache *atomic.Bool
	// SitemapSize says how many URLs one sitemap file lists before it is split (nil or 0:
	// 50,000). It is asked on every request, so tests may change it on a running server.
	SitemapSize func() int

	// Surveys shows surveys to participants (nil: no survey pages); NCALayerURL is where
	// their pages reach NCALayer (DefaultNCALayerURL when empty; tests point it elsewhere).
	Surveys     *survey.Service
	NCALayerURL string
	// Portals serves a portal site's page of its schools' news (nil: none).
	Portals *syndication.Portals
	// Vacancies serves a school's vacancies page (nil: none).
	Vacancies *vacancy.Service
	// Feedback serves the feedback form, the requester's thread and the panel's section
	// (nil: none).
	Feedback *feedback.Service
	// Events serves the events calendar, its feeds and the panel's section (nil: none).
	Events *events.Service
	// Forums serves the communities' pages (forum.go; nil: none).
	Forums *forum.Service

	// The control panel's content sections (panel_*.go) call the same services as the API.
	Pages    *cms.Pages
	News     *cms.News
	Menus    *cms.Menus
	Settings *cms.Settings
	Quotas   *media.Quotas
	Stats    *stats.Recorder
	// Mailboxes serves the panel's edu mailboxes (panel_mailboxes.go).
	Mailboxes *mailboxes.Service
	// Quiz serves the tests' pages: students' attempts and the panel's section "tests".
	Quiz *quiz.Service
	// Certification serves "my learning" (learning.go; nil: no learning pages).
	Certification *certification.Service
	// Banners gives the maintenance banner of an affected site (nil: none); Maintenance
	// serves the operators' maintenance page of the console (nil: none).
	Banners     *maintenance.Banners
	Maintenance *maintenance.Service

	pages    *pageCache
	contents siteContentCache
	themes   sync.Map // site ID → *siteTheme
	cspCache sync.Map // site ID → Content-Security-Policy (a one-value header slice)
}

// Init makes the caches; call it once before serving.
func (s *Server) Init() {
	if s.NoPageCache == nil {
		s.NoPageCache = new(atomic.Bool)
	}
	s.pages = newPageCache(s.PageCacheTTL, 20000)
}

// Invalidate drops this instance's rendered pages, theme and content of the site, so a
// change shows on the next request; siteID 0 drops everything.
func (s *Server) Invalidate(siteID int64) {
	if s.pages == nil {
		return
	}
	if siteID == 0 {
		s.pages.clear()
		s.themes.Clear()
		s.contents.invalidate(0)
	} else {
		s.pages.invalidate(siteID)
		s.themes.Delete(siteID)
		s.contents.invalidate(siteID)
	}
}
