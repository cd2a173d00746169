// Package httpapi is Mektep's HTTP layer: the chi router with every route in one place,
// middleware (request IDs, structured logs, metrics, panic recovery, tenant, auth) and the
// JSON API handlers. The rendered pages (public school sites, family, helpdesk and account
// pages) are package site; what both use (errors, decoding, the request's info) is package
// web, whose errors.go holds the one mapping of error codes to statuses. Handlers parse,
// validate, call a service and respond.
package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"go.temporal.io/sdk/converter"

	"github.com/mektep/mektep/frontend"
	"github.com/mektep/mektep/httpapi/site"
	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/internal/metrics"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
	"github.com/mektep/mektep/sitecore/admissions"
	"github.com/mektep/mektep/sitecore/certification"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/events"
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

// Checker is a dependency the readiness probe asks; Name appears in the 503 body.
type Checker struct {
	Name  string
	Check func(ctx context.Context) error
}

// Server holds what the handlers need.
type Server struct {
	// Responder writes answers and errors (set from Log and TrustedProxies by Handler).
	web.Responder

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
	News           *cms.News
	Menus          *cms.Menus
	Admissions     *admissions.Service
	// Media, Quotas and Galleries serve the media library, the disk quota and the albums.
	Media     *media.Service
	Quotas    *media.Quotas
	Galleries *media.Galleries
	Helpdesk  *helpdesk.Service
	Feedback  *feedback.Service
	// Events is the schools' events calendar with sign-up (JSON API, public and panel pages).
	Events *events.Service
	// Mailboxes serves the schools' edu mailboxes (httpapi/mailboxes.go, site/panel_mailboxes.go).
	Mailboxes *mailboxes.Service
	Forums    *forum.Service
	// Surveys runs surveys and votes (httpapi/surveys.go, and the page in site/survey.go);
	// NCALayerURL is where survey pages reach NCALayer (MEKTEP_NCALAYER_URL).
	Surveys     *survey.Service
	NCALayerURL string
	// Syndication and Portals serve news syndication and portals' aggregated news.
	Syndication *syndication.Service
	Portals     *syndication.Portals
	// Vacancies serves schools' vacancies (JSON API, public pages).
	Vacancies *vacancy.Service
	// SearchIndex answers site and platform search; Stats counts public page views.
	SearchIndex sitecore.Searcher
	Stats       *stats.Recorder
	// PlatformDomain makes every site answer on "<slug>.<PlatformDomain>" too.
	PlatformDomain string
	// TrustedProxies are the load balancers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix

	// SiteCacheTTL and PageCacheTTL bound how stale a public page may be on this instance;
	// content writes invalidate the local cache at once.
	SiteCacheTTL time.Duration
	PageCacheTTL time.Duration

	// SettingsStore and ThemeStore give public pages the site's settings and theme.
	SettingsStore sitecore.SettingsStore
	ThemeStore    sitecore.ThemeStore
	Settings      *cms.Settings
	// Comments shows news comments on public pages (nil: none).
	Comments *cms.Comments
	// ThemeRevisions keeps every save of an override (nil: saves are not kept).
	ThemeRevisions sitecore.ThemeRevisionStore
	// Certification trains and certifies site admins and decides who edits templates (nil:
	// only operators edit templates).
	Certification *certification.Service
	// PublicURL is the platform's address, for links to certificates and courses.
	PublicURL string
	// NoPageCache turns the rendered-page cache off (benchmarks of the render path).
	NoPageCache atomic.Bool
	// SitemapSize is how many URLs one sitemap file lists before it is split (50,000).
	SitemapSize int
	// Maintenance schedules maintenance notices (operators); Banners shows open ones on the
	// affected sites' public pages and panels (nil: no banner).
	Maintenance *maintenance.Service
	Banners     *maintenance.Banners
	// OnContentChange announces a site's change to every process (defaults to local only).
	OnContentChange func(siteID int64)

	// Quiz serves the tests' pages (students' attempts, the panel's section "tests").
	Quiz *quiz.Service
	// Attempts takes students' autosaves through the JSON API (attempts.go; nil: none).
	Attempts AttemptStore

	// PayloadCodec opens sealed Temporal payloads for operators (nil: no codec endpoint).
	PayloadCodec converter.PayloadCodec
	// TemporalUIOrigin is the Temporal Web UI's origin, allowed to call the codec endpoint.
	TemporalUIOrigin string

	sites    *siteCache
	site     *site.Server
	initOnce sync.Once
	// metricsCache holds the fast path's request metrics by route, method and status.
	metricsCache sync.Map
}

// Handler builds the router. Every route of the platform is registered here, so this
// function is the map of the HTTP surface (and the OpenAPI test walks it).
func (s *Server) Handler() chi.Router {
	s.init()
	r := chi.NewRouter()
	r.Use(s.requestID, s.observe, s.recoverer, s.strictTransport, middleware.GetHead)
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	// Operations.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	// /metrics is not here: it is served on its own listener (MEKTEP_METRICS_ADDR), so no
	// school's host answers it.
	r.Get("/api/openapi.yaml", s.openapi)
	codec := s.temporalCodec()
	for _, op := range []string{"/api/temporal-codec/encode", "/api/temporal-codec/decode"} {
		r.Method(http.MethodPost, op, codec)
		r.Method(http.MethodOptions, op, codec)
	}
	r.Get("/api/docs", s.apiDocs)
	r.Method(http.MethodGet, frontend.Prefix+"{file}", frontend.Handler())

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
		r.Post("/me/email", s.requestEmailChange)
		r.Post("/me/parent-links/{linkID}/confirm", s.confirmLinkAsChild)
		r.Get("/me/tokens", s.listTokens)
		r.Post("/me/tokens", s.createToken)
		r.Delete("/me/tokens/{tokenID}", s.revokeToken)

		r.Get("/users/{userID}", s.userProfile)
		r.Put("/users/{userID}/platform-role", s.setPlatformRole)

		r.Get("/maintenance", s.listMaintenance)
		r.Post("/maintenance", s.scheduleMaintenance)
		r.Get("/maintenance/{noticeID}", s.getMaintenance)
		r.Post("/maintenance/{noticeID}/postpone", s.postponeMaintenance)
		r.Post("/maintenance/{noticeID}/cancel", s.cancelMaintenance)

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
		r.Get("/sites/{id}/child-link-requests", s.siteChildLinkRequests) // account pages: parents' link requests
		r.Post("/sites/{id}/child-link-requests/{requestID}/decision", s.decideChildLinkRequest)
		r.Get("/sites/{id}/audit", s.auditLog)
		r.Get("/sites/{id}/stats", s.siteStats)
		r.Get("/search", s.search)
		r.Post("/sites/{id}/domains", s.claimDomain)
		r.Post("/sites/{id}/domains/{host}/verify", s.verifyDomain)
		r.Delete("/sites/{id}/domains/{host}", s.unbindDomain)
		r.Get("/sites/{id}/pages", s.listPages)
		r.Post("/sites/{id}/pages", s.createPage)
		r.Patch("/sites/{id}/pages/{key}", s.updatePage)
		r.Post("/sites/{id}/pages/{key}/publish", s.publishPage)
		r.Post("/sites/{id}/pages/{key}/unpublish", s.unpublishPage)
		r.Get("/sites/{id}/pages/{key}", s.getPage)
		r.Delete("/sites/{id}/pages/{key}", s.deletePage)
		r.Put("/sites/{id}/pages/{key}/place", s.placePage)
		r.Get("/sites/{id}/pages/{key}/revisions", s.pageRevisions)
		r.Post("/sites/{id}/pages/{key}/revisions/{rev}/restore", s.restorePage)
		r.Put("/sites/{id}/pages/{key}/schedule", s.schedulePage)
		r.Delete("/sites/{id}/pages/{key}/schedule", s.unschedulePage)
		r.Get("/sites/{id}/news", s.listNews)
		r.Post("/sites/{id}/news", s.createNews)
		r.Post("/sites/{id}/news/republish", s.republishNews)
		r.Get("/sites/{id}/news/{key}", s.getNews)
		r.Patch("/sites/{id}/news/{key}", s.updateNews)
		r.Delete("/sites/{id}/news/{key}", s.deleteNews)
		r.Post("/sites/{id}/news/{key}/publish", s.publishNews)
		r.Post("/sites/{id}/news/{key}/unpublish", s.unpublishNews)
		r.Put("/sites/{id}/news/{key}/schedule", s.scheduleNews)
		r.Delete("/sites/{id}/news/{key}/schedule", s.unscheduleNews)
		r.Get("/sites/{id}/news/{key}/revisions", s.newsRevisions)
		r.Post("/sites/{id}/news/{key}/revisions/{rev}/restore", s.restoreNews)
		r.Get("/news/feed", s.newsFeed)
		r.Post("/sites/{id}/news/{key}/comments", s.postComment)
		r.Get("/sites/{id}/comments", s.commentQueue)
		r.Get("/sites/{id}/feedback/topics", s.feedbackTopics)
		r.Post("/sites/{id}/feedback/topics", s.createFeedbackTopic)
		r.Put("/sites/{id}/feedback/topics/{topicID}", s.updateFeedbackTopic)
		r.Get("/sites/{id}/feedback/settings", s.feedbackSettings)
		r.Put("/sites/{id}/feedback/settings", s.putFeedbackSettings)
		r.Get("/sites/{id}/feedback/export.xlsx", s.feedbackXLSX)
		r.Get("/sites/{id}/feedback", s.feedbackMessages)
		r.Get("/feedback/form", s.feedbackForm) // public: topics and a form token
		r.Post("/feedback", s.submitFeedback)   // public: the form's submission
		r.Get("/sites/{id}/feedback/{messageID}", s.feedbackThread)
		r.Post("/sites/{id}/feedback/{messageID}/answers", s.answerFeedback)
		r.Put("/sites/{id}/feedback/{messageID}/hidden", s.hideFeedback)
		// events with sign-up (events.go)
		r.Get("/sites/{id}/events", s.listEvents)
		r.Post("/sites/{id}/events", s.createEvent)
		r.Get("/sites/{id}/events/{eventID}", s.getEvent)
		r.Put("/sites/{id}/events/{eventID}", s.updateEvent)
		r.Post("/sites/{id}/events/{eventID}/cancel", s.cancelEvent)
		r.Post("/sites/{id}/events/{eventID}/signups", s.signUpEvent)
		r.Delete("/sites/{id}/events/{eventID}/signups/{attendeeID}", s.cancelEventSignUp)
		r.Put("/sites/{id}/events/{eventID}/attendance", s.markEventAttendance)
		r.Get("/sites/{id}/events/{eventID}/attendance.xlsx", s.eventAttendanceXLSX)
		r.Get("/sites/{id}/mailboxes", s.listMailboxes)
		r.Post("/sites/{id}/mailboxes", s.createMailbox)
		r.Put("/sites/{id}/mailboxes/quota", s.setMailQuota)
		r.Post("/sites/{id}/mailboxes/{mailboxID}/password", s.resetMailboxPassword)
		r.Put("/sites/{id}/mailboxes/{mailboxID}/suspended", s.suspendMailbox)
		r.Delete("/sites/{id}/mailboxes/{mailboxID}", s.deleteMailbox)
		// Communities and forums (forum.go).
		r.Get("/communities", s.listCommunities)
		r.Post("/communities", s.createCommunity)
		r.Get("/communities/{communityID}", s.getCommunity)
		r.Post("/communities/{communityID}/membership", s.joinCommunity)
		r.Delete("/communities/{communityID}/membership", s.leaveCommunity)
		r.Get("/communities/{communityID}/members", s.communityMembers)
		r.Put("/communities/{communityID}/members/{userID}", s.setCommunityMember)
		r.Get("/communities/{communityID}/moderation", s.moderationQueue)
		r.Post("/communities/{communityID}/requests/{userID}", s.decideRequest)
		r.Post("/communities/{communityID}/images", s.uploadForumImage)
		r.Post("/communities/{communityID}/forums", s.createForum)
		r.Get("/communities/{communityID}/forums/{forumID}", s.getForum)
		r.Post("/communities/{communityID}/forums/{forumID}/topics", s.createTopic)
		r.Put("/communities/{communityID}/forums/{forumID}/subscription", s.subscribeForum)
		r.Get("/communities/{communityID}/topics/{topicID}", s.getTopic)
		r.Patch("/communities/{communityID}/topics/{topicID}", s.changeTopic)
		r.Post("/communities/{communityID}/topics/{topicID}/posts", s.replyTopic)
		r.Put("/communities/{communityID}/topics/{topicID}/subscription", s.subscribeTopic)
		r.Post("/communities/{communityID}/posts/{postID}/reports", s.reportPost)
		r.Post("/communities/{communityID}/posts/{postID}/reactions", s.reactPost)
		r.Post("/communities/{communityID}/posts/{postID}/moderation", s.moderatePost)
		r.Post("/communities/{communityID}/posts/{postID}/promotion", s.promotePost)
		r.Get("/forum-search", s.searchForums)
		r.Patch("/sites/{id}/comments/{commentID}", s.editComment)
		r.Post("/sites/{id}/comments/{commentID}/moderate", s.moderateComment)
		r.Get("/sites/{id}/menus/{name}", s.getMenu)
		r.Put("/sites/{id}/menus/{name}", s.putMenu)
		r.Get("/sites/{id}/settings", s.getSettings)
		r.Patch("/sites/{id}/settings", s.updateSettings)
		r.Get("/sites/{id}/theme", s.listTheme)
		r.Put("/sites/{id}/theme/{name}", s.putTheme)
		r.Delete("/sites/{id}/theme/{name}", s.deleteTheme)
		r.Post("/sites/{id}/theme/{name}/drafts", s.saveThemeDraft)
		r.Get("/sites/{id}/theme/revisions", s.listThemeRevisions)
		r.Post("/sites/{id}/theme/revisions/{rev}/publish", s.publishThemeRevision)

		// Training and certification of site admins.
		r.Get("/me/learning", s.myLearning)
		r.Get("/certification/courses", s.listCourses)
		r.Post("/certification/courses", s.createCourse)
		r.Get("/certification/courses/{courseID}", s.getCourse)
		r.Patch("/certification/courses/{courseID}", s.updateCourse)
		r.Post("/certification/courses/{courseID}/lessons", s.putLesson)
		r.Put("/certification/courses/{courseID}/lessons/{lessonID}", s.putLesson)
		r.Post("/certification/courses/{courseID}/lessons/{lessonID}/done", s.lessonDone)
		r.Post("/certification/courses/{courseID}/enroll", s.enroll)
		r.Post("/certification/courses/{courseID}/exam", s.openExam)
		r.Get("/certification/courses/{courseID}/exam/{attemptID}", s.getExam)
		r.Put("/certification/courses/{courseID}/exam/{attemptID}/answers/{questionID}", s.saveExamAnswer)
		r.Post("/certification/courses/{courseID}/exam/{attemptID}/submit", s.submitExam)
		r.Get("/certification/seminars", s.listSeminars)
		r.Post("/certification/seminars", s.createSeminar)
		r.Get("/certification/seminars/{seminarID}", s.getSeminar)
		r.Patch("/certification/seminars/{seminarID}", s.updateSeminar)
		r.Put("/certification/seminars/{seminarID}/registration", s.registerSeminar)
		r.Delete("/certification/seminars/{seminarID}/registration", s.cancelSeminar)
		r.Post("/certification/seminars/{seminarID}/attendance", s.markSeminarAttendance)
		r.Post("/certification/exam-results", s.recordExam)
		r.Post("/certification/attendance", s.recordAttendance)
		r.Get("/certification/certificates", s.listCertificates)
		r.Post("/certification/certificates/{certificateID}/revoke", s.revokeCertificate)
		r.Put("/certification/trainers/{userID}", s.setTrainer(true))
		r.Delete("/certification/trainers/{userID}", s.setTrainer(false))

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
		r.Post("/sites/{id}/admissions/campaigns/{campaignID}/age-exceptions", s.grantAgeException)
		// admission rules: catchment territory, priority claims, decisions in order.
		r.Get("/sites/{id}/admissions/catchment", s.catchment)
		r.Put("/sites/{id}/admissions/catchment", s.importCatchment)
		r.Get("/sites/{id}/admissions/catchment/template.xlsx", s.catchmentTemplate)
		r.Post("/sites/{id}/admissions/applications/{appID}/priority", s.reviewPriority)
		r.Post("/sites/{id}/admissions/campaigns/{campaignID}/decisions-in-order", s.decideInOrder)
		r.Get("/sites/{id}/admissions/campaigns/{campaignID}/export.xlsx", s.exportApplications)
		r.Get("/sites/{id}/admissions/applications", s.applications)
		r.Get("/sites/{id}/admissions/applications/{appID}", s.application)
		r.Post("/sites/{id}/admissions/applications/{appID}/documents", s.checkDocuments)
		r.Get("/sites/{id}/admissions/applications/{appID}/documents/{docID}", s.downloadDocument)
		r.Post("/sites/{id}/admissions/applications/{appID}/documents/{docID}/review", s.reviewDocument)
		r.Post("/sites/{id}/admissions/applications/{appID}/decision", s.decide)
		r.Post("/sites/{id}/admissions/applications/{appID}/dispute", s.resolveDispute)
		r.Post("/sites/{id}/admissions/decisions", s.decideMany)
		r.Post("/sites/{id}/admissions/exports", s.startExport)
		r.Get("/sites/{id}/admissions/exports/{exportID}", s.exportStatus)
		r.Get("/sites/{id}/admissions/exports/{exportID}/file", s.exportFile)

		// Media library, logo, disk quota and galleries.
		r.Get("/sites/{id}/quota", s.getQuota)
		r.Put("/sites/{id}/quota", s.setQuota)
		r.Get("/sites/{id}/media", s.listMedia)
		r.Post("/sites/{id}/media", s.uploadMedia)
		r.Get("/sites/{id}/media/{mediaID}", s.getMedia)
		r.Patch("/sites/{id}/media/{mediaID}", s.updateMedia)
		r.Delete("/sites/{id}/media/{mediaID}", s.deleteMedia)
		r.Put("/sites/{id}/logo", s.setLogo)
		r.Delete("/sites/{id}/logo", s.clearLogo)
		r.Get("/sites/{id}/galleries", s.listAlbums)
		r.Post("/sites/{id}/galleries", s.createAlbum)
		r.Get("/sites/{id}/galleries/{albumID}", s.getAlbum)
		r.Patch("/sites/{id}/galleries/{albumID}", s.updateAlbum)
		r.Delete("/sites/{id}/galleries/{albumID}", s.deleteAlbum)
		r.Post("/sites/{id}/galleries/{albumID}/publish", s.publishAlbum)
		r.Post("/sites/{id}/galleries/{albumID}/unpublish", s.unpublishAlbum)
		r.Put("/sites/{id}/galleries/{albumID}/order", s.reorderAlbumItems)
		r.Post("/sites/{id}/galleries/{albumID}/items", s.addAlbumItem)
		r.Patch("/sites/{id}/galleries/{albumID}/items/{itemID}", s.updateAlbumItem)
		r.Delete("/sites/{id}/galleries/{albumID}/items/{itemID}", s.deleteAlbumItem)

		// Helpdesk: requesters' own tickets; the support team's queue, reports and settings.
		r.Post("/helpdesk/tickets", s.openTicket)
		r.Get("/helpdesk/tickets", s.myTickets)
		r.Get("/helpdesk/tickets/{ticketID}", s.ticket)
		r.Patch("/helpdesk/tickets/{ticketID}", s.changeTicket)
		r.Post("/helpdesk/tickets/{ticketID}/messages", s.replyTicket)
		r.Post("/helpdesk/tickets/{ticketID}/attachments", s.attachTicket)
		r.Get("/helpdesk/tickets/{ticketID}/attachments/{attachmentID}", s.ticketAttachment)
		r.Post("/helpdesk/tickets/{ticketID}/assign", s.assignTicket)
		r.Post("/helpdesk/tickets/{ticketID}/waiting", s.waitTicket)
		r.Post("/helpdesk/tickets/{ticketID}/solve", s.solveTicket)
		r.Post("/helpdesk/tickets/{ticketID}/reopen", s.reopenTicket)
		r.Post("/helpdesk/tickets/{ticketID}/close", s.closeTicket)
		r.Post("/helpdesk/tickets/{ticketID}/merge", s.mergeTicket)
		r.Post("/helpdesk/tickets/{ticketID}/rating", s.rateTicket)
		r.Post("/helpdesk/rating", s.rateWithToken)
		r.Get("/helpdesk/queue", s.ticketQueue)
		r.Get("/helpdesk/agents", s.helpdeskAgents)
		r.Put("/helpdesk/agents/me/duty", s.setDuty)
		r.Get("/helpdesk/canned", s.cannedResponses)
		r.Post("/helpdesk/canned", s.createCanned)
		r.Delete("/helpdesk/canned/{cannedID}", s.deleteCanned)
		r.Get("/helpdesk/policies", s.slaPolicies)
		r.Put("/helpdesk/policies", s.putSLAPolicy)
		r.Get("/helpdesk/calendar", s.slaCalendar)
		r.Put("/helpdesk/calendar", s.putSLACalendar)
		r.Get("/helpdesk/reports/agents", s.agentReport)
		r.Get("/helpdesk/reports/agents.xlsx", s.agentReportXLSX)
		r.Get("/helpdesk/reports/tickets.xlsx", s.ticketsXLSX)

		// Surveys and votes (surveys.go): authors in section "surveys", participants by survey.
		r.Get("/sites/{id}/surveys", s.listSurveys)
		r.Post("/sites/{id}/surveys", s.createSurvey)
		r.Get("/sites/{id}/surveys/{surveyID}", s.getSurvey)
		r.Put("/sites/{id}/surveys/{surveyID}", s.updateSurvey)
		r.Put("/sites/{id}/surveys/{surveyID}/audience", s.uploadSurveyAudience)
		r.Post("/sites/{id}/surveys/{surveyID}/schedule", s.scheduleSurvey)
		r.Post("/sites/{id}/surveys/{surveyID}/cancel", s.cancelSurvey)
		r.Post("/sites/{id}/surveys/{surveyID}/extend", s.extendSurvey)
		r.Post("/sites/{id}/surveys/{surveyID}/close", s.closeSurvey)
		r.Get("/sites/{id}/surveys/{surveyID}/turnout", s.surveyTurnout)
		r.Get("/sites/{id}/surveys/{surveyID}/results", s.surveyResults)
		r.Get("/sites/{id}/surveys/{surveyID}/results.xlsx", s.surveyResultsXLSX)
		r.Post("/sites/{id}/surveys/{surveyID}/exports", s.startSurveyExport)
		r.Get("/sites/{id}/surveys/{surveyID}/exports/{exportID}", s.surveyExportStatus)
		r.Get("/sites/{id}/surveys/{surveyID}/exports/{exportID}/file", s.surveyExportFile)
		r.Post("/sites/{id}/surveys/{surveyID}/start", s.startSurvey)
		r.Post("/sites/{id}/surveys/{surveyID}/prepare", s.prepareSurvey)
		r.Post("/sites/{id}/surveys/{surveyID}/eligibility", s.surveyEligibility)
		r.Post("/sites/{id}/surveys/{surveyID}/ballots", s.submitSurveyBallot)
		r.Post("/sites/{id}/surveys/{surveyID}/anonymous-ballots", s.submitAnonymousBallot)
		r.Get("/sites/{id}/surveys/{surveyID}/receipts/{code}", s.surveyReceipt)
		// News syndication (docs/syndication.md) and portals.
		r.Get("/sites/{id}/syndication", s.syndicationSettings)
		r.Put("/sites/{id}/syndication", s.setSyndicationRules)
		r.Get("/sites/{id}/syndication/deliveries", s.syndicationDeliveries)
		r.Post("/sites/{id}/syndication/deliveries/resend", s.resendDelivery)
		r.Get("/sites/{id}/syndication/subscriptions", s.syndicationSubscriptions)
		r.Post("/sites/{id}/syndication/subscriptions", s.subscribeFeed)
		r.Delete("/sites/{id}/syndication/subscriptions/{subID}", s.unsubscribeFeed)
		r.Put("/sites/{id}/portal", s.registerPortal)
		r.Get("/syndication/destinations", s.syndicationDestinations)
		r.Post("/syndication/destinations", s.createSyndicationDestination)
		r.Get("/syndication/dead-letters", s.syndicationDeadLetters)
		r.Get("/portals/{id}/news", s.portalNews)
		// syndication and vacancies: a portal's news pushed down to a school; schools' vacancies.
		r.Put("/sites/{id}/syndication/portal-news", s.setPushDown)
		r.Get("/sites/{id}/vacancies", s.listVacancies)
		r.Post("/sites/{id}/vacancies", s.createVacancy)
		r.Get("/sites/{id}/vacancies/{vacancyID}", s.getVacancy)
		r.Put("/sites/{id}/vacancies/{vacancyID}", s.updateVacancy)
		r.Delete("/sites/{id}/vacancies/{vacancyID}", s.deleteVacancy)
		r.Get("/vacancies", s.searchVacancies)

		// attempts of tests and olympiad rounds: the student's autosave (attempts.go)
		r.Put("/sites/{id}/attempts/{attemptID}/answers/{questionID}", s.saveAttemptAnswer)
	})

	// Public verification of certificates, on any host.
	r.Get("/certificates/{code}", s.certificatePage(false))
	r.Get("/certificates/{code}/print", s.certificatePage(true))
	r.Get("/certificates/{code}/pdf", s.certificatePDF) // certification: the PDF with its QR code

	// Account pages behind the links in email (the control panel will grow around them).
	r.Group(func(r chi.Router) {
		r.Use(s.csrf)
		r.Get("/account/verify-email", s.site.VerifyEmailPage)
		r.Get("/account/confirm-email", s.site.ConfirmEmailPage) // the link of an email change
		r.Get("/account/reset-password", s.site.ResetPasswordPage)
		r.Post("/account/reset-password", s.site.ResetPasswordPage)
		r.Get("/helpdesk/rate", s.site.ConsoleRatePage) // the rating page has the console's look
		r.Post("/helpdesk/rate", s.site.ConsoleRatePage)
	})

	// The support agents' console (site/console*.go), on the platform's address: the same
	// helpdesk service and rights as the JSON API, session cookie, cross-origin writes refused.
	r.Group(func(r chi.Router) {
		r.Use(s.authenticate, s.csrf)
		c := s.site
		r.Get("/helpdesk/console", c.ConsoleHome)
		r.Get("/helpdesk/console/{lang}/login", c.ConsoleLogin)
		r.Post("/helpdesk/console/{lang}/login", c.ConsoleLogin)
		r.Post("/helpdesk/console/{lang}/logout", c.ConsoleLogout)
		r.Get("/helpdesk/console/{lang}/", c.ConsoleQueue)
		r.Get("/helpdesk/console/{lang}/clocks", c.ConsoleClocks)
		r.Get("/helpdesk/console/{lang}/tickets/{ticketID}", c.ConsoleTicket)
		r.Post("/helpdesk/console/{lang}/tickets/{ticketID}", c.ConsoleTicket)
		r.Post("/helpdesk/console/{lang}/tickets/{ticketID}/presence", c.ConsolePresence)
		r.Get("/helpdesk/console/{lang}/tickets/{ticketID}/files/{attachmentID}", c.ConsoleAttachment)
		r.Get("/helpdesk/console/{lang}/team", c.ConsoleTeam)
		r.Post("/helpdesk/console/{lang}/team", c.ConsoleTeam)
		r.Get("/helpdesk/console/{lang}/settings", c.ConsoleSettings)
		r.Post("/helpdesk/console/{lang}/settings", c.ConsoleSettings)
		r.Get("/helpdesk/console/{lang}/reports", c.ConsoleReports)
		r.Get("/helpdesk/console/{lang}/maintenance", c.ConsoleMaintenance)
		r.Post("/helpdesk/console/{lang}/maintenance", c.ConsoleMaintenance)
		r.Get("/helpdesk/console/{lang}/reports/agents.xlsx", c.ConsoleReportXLSX("agents"))
		r.Get("/helpdesk/console/{lang}/reports/tickets.xlsx", c.ConsoleReportXLSX("tickets"))
	})

	// panel site sections: settings, media, galleries, comments, stats (site/panel_settings.go,
	// panel_media.go, panel_galleries.go, panel_comments.go, panel_stats.go).
	r.Group(func(r chi.Router) {
		r.Use(s.resolveSite, s.authenticate, s.csrf)
		r.Get("/{lang}/panel/settings", s.site.PanelSettings)
		r.Post("/{lang}/panel/settings", s.site.PanelSettings)
		r.Get("/{lang}/panel/media", s.site.PanelMedia)
		r.Post("/{lang}/panel/media", s.site.PanelMedia)
		r.Get("/{lang}/panel/galleries", s.site.PanelGalleries)
		r.Post("/{lang}/panel/galleries", s.site.PanelGalleries)
		r.Get("/{lang}/panel/galleries/{albumID}", s.site.PanelAlbum)
		r.Post("/{lang}/panel/galleries/{albumID}", s.site.PanelAlbum)
		r.Get("/{lang}/panel/comments", s.site.PanelComments)
		r.Post("/{lang}/panel/comments", s.site.PanelComments)
		r.Get("/{lang}/panel/communities", s.site.PanelCommunities)
		r.Post("/{lang}/panel/communities", s.site.PanelCommunities)
		r.Get("/{lang}/panel/stats", s.site.PanelStats)
		r.Get("/{lang}/panel/polls", s.site.PanelPolls)
		r.Post("/{lang}/panel/polls", s.site.PanelPolls)
		r.Get("/{lang}/panel/stats/export.xlsx", s.site.PanelStatsExcel)
		// feedback: messages, threads, topics and the Excel (site/panel_feedback.go)
		r.Get("/{lang}/panel/feedback", s.site.PanelFeedback)
		r.Get("/{lang}/panel/feedback/export.xlsx", s.site.PanelFeedbackExcel)
		r.Get("/{lang}/panel/feedback/topics", s.site.PanelFeedbackTopics)
		r.Post("/{lang}/panel/feedback/topics", s.site.PanelFeedbackTopics)
		r.Get("/{lang}/panel/feedback/{messageID}", s.site.PanelFeedbackThread)
		r.Post("/{lang}/panel/feedback/{messageID}", s.site.PanelFeedbackThread)
		r.Get("/{lang}/panel/feedback/{messageID}/file", s.site.PanelFeedbackFile)
	})

	// The control panel's shell, dashboard, people and admissions desk, and the account
	// pages of the front door, on the school's own host (site/panel*.go, site/account*.go):
	// not counted as page views; forms behind cross-origin protection.
	r.Group(func(r chi.Router) {
		r.Use(s.resolveSite, s.authenticate, s.csrf)
		r.Get("/{lang}/panel", s.site.PanelDashboard)
		r.Get("/{lang}/panel/", s.site.PanelDashboard)
		r.Get("/{lang}/panel/people", s.site.PanelPeople)
		r.Post("/{lang}/panel/people", s.site.PanelPeople)
		r.Get("/{lang}/panel/people/audit", s.site.PanelAudit)
		r.Get("/{lang}/panel/mailboxes", s.site.PanelMailboxes)
		r.Post("/{lang}/panel/mailboxes", s.site.PanelMailboxes)
		r.Get("/{lang}/panel/child-links", s.site.PanelChildLinks)
		r.Post("/{lang}/panel/child-links", s.site.PanelChildLinks)
		r.Get("/{lang}/panel/events", s.site.PanelEvents)
		r.Post("/{lang}/panel/events", s.site.PanelEvents)
		r.Get("/{lang}/panel/events/{eventID}", s.site.PanelEvent)
		r.Post("/{lang}/panel/events/{eventID}", s.site.PanelEvent)
		r.Get("/{lang}/panel/events/{eventID}/attendance.xlsx", s.site.PanelEventXLSX)
		r.Get("/{lang}/panel/admissions", s.site.PanelAdmissions)
		r.Get("/{lang}/panel/admissions/applications", s.site.PanelApplications)
		r.Get("/{lang}/panel/admissions/applications/{appID}", s.site.PanelApplication)
		r.Post("/{lang}/panel/admissions/applications/{appID}", s.site.PanelApplication)
		r.Get("/{lang}/panel/admissions/applications/{appID}/documents/{docID}", s.site.PanelDocument)
		r.Post("/{lang}/panel/admissions/decisions", s.site.PanelDecideMany)
		r.Post("/{lang}/panel/admissions/decisions-in-order", s.site.PanelDecideInOrder) // admission rules
		r.Post("/{lang}/panel/admissions/exports", s.site.PanelStartExport)
		r.Get("/{lang}/panel/admissions/exports/{exportID}", s.site.PanelExport)
		r.Get("/{lang}/panel/admissions/exports/{exportID}/status", s.site.PanelExportStatus)
		r.Get("/{lang}/panel/admissions/exports/{exportID}/file", s.site.PanelExportFile)
		r.Post("/{lang}/logout", s.site.LogoutPage)
		// certification: "my learning" (site/learning.go)
		r.Get("/{lang}/panel/learning", s.site.PanelLearning)
		r.Post("/{lang}/panel/learning", s.site.PanelLearning)
		r.Get("/{lang}/panel/learning/courses/{courseID}", s.site.PanelLearningCourse)
		r.Get("/{lang}/panel/learning/courses/{courseID}/lessons/{lessonID}", s.site.PanelLearningLesson)
		r.Post("/{lang}/panel/learning/courses/{courseID}/lessons/{lessonID}", s.site.PanelLearningLesson)
		r.Get("/{lang}/panel/learning/courses/{courseID}/media/{mediaID}", s.site.PanelLearningMedia)
		r.Get("/{lang}/panel/learning/courses/{courseID}/exam", s.site.PanelLearningExam)
		r.Post("/{lang}/panel/learning/courses/{courseID}/exam", s.site.PanelLearningExam)
		// certification: the trainers' desk (site/training.go)
		r.Get("/{lang}/panel/training", s.site.PanelTraining)
		r.Post("/{lang}/panel/training", s.site.PanelTraining)
		r.Get("/{lang}/panel/training/courses/{courseID}", s.site.PanelTrainingCourse)
		r.Post("/{lang}/panel/training/courses/{courseID}", s.site.PanelTrainingCourse)
		r.Get("/{lang}/panel/training/courses/{courseID}/lessons/{lessonID}", s.site.PanelTrainingLesson)
		r.Post("/{lang}/panel/training/courses/{courseID}/lessons/{lessonID}", s.site.PanelTrainingLesson)
		r.Get("/{lang}/panel/training/seminars/{seminarID}", s.site.PanelTrainingSeminar)
		r.Post("/{lang}/panel/training/seminars/{seminarID}", s.site.PanelTrainingSeminar)
	})

	// panel content: pages, news, menus (site/panel_pages.go, panel_news.go, panel_menus.go),
	// on the school's own host like the rest of the panel.
	r.Group(func(r chi.Router) {
		r.Use(s.resolveSite, s.authenticate, s.csrf)
		c := s.site
		r.Get("/{lang}/panel/pages", c.PanelPages)
		r.Post("/{lang}/panel/pages", c.PanelPages)
		r.Get("/{lang}/panel/pages/new", c.PanelPageNew)
		r.Post("/{lang}/panel/pages/new", c.PanelPageNew)
		r.Get("/{lang}/panel/pages/{key}", c.PanelPageEdit)
		r.Post("/{lang}/panel/pages/{key}", c.PanelPageEdit)
		r.Get("/{lang}/panel/pages/{key}/preview", c.PanelPagePreview)
		r.Get("/{lang}/panel/pages/{key}/revisions", c.PanelPageRevisions)
		r.Post("/{lang}/panel/pages/{key}/revisions", c.PanelPageRevisions)
		r.Get("/{lang}/panel/news", c.PanelNews)
		r.Get("/{lang}/panel/news/new", c.PanelNewsNew)
		r.Post("/{lang}/panel/news/new", c.PanelNewsNew)
		r.Get("/{lang}/panel/news/republish", c.PanelNewsRepublish)
		r.Post("/{lang}/panel/news/republish", c.PanelNewsRepublish)
		r.Get("/{lang}/panel/news/{key}", c.PanelNewsEdit)
		r.Get("/{lang}/panel/news/{key}/revisions", c.PanelNewsRevisions)
		r.Post("/{lang}/panel/news/{key}/revisions", c.PanelNewsRevisions)
		r.Post("/{lang}/panel/news/{key}", c.PanelNewsEdit)
		r.Get("/{lang}/panel/news/{key}/preview", c.PanelNewsPreview)
		r.Get("/{lang}/panel/menus", c.PanelMenus)
		r.Post("/{lang}/panel/menus", c.PanelMenus)
	})

	// tests: student and teacher pages (site/quiz*.go, site/panel_tests.go), on the school's
	// own host: students' tests and attempts (the autosave answers JSON to the page's script),
	// and the panel's section "tests"; not page views; writes behind cross-origin protection.
	r.Group(func(r chi.Router) {
		r.Use(s.resolveSite, s.authenticate, s.csrf)
		q := s.site
		r.Get("/{lang}/tests", q.QuizList)
		r.Post("/{lang}/tests/{testID}/start", q.QuizStart)
		r.Get("/{lang}/tests/attempts/{attemptID}", q.QuizAttempt)
		r.Post("/{lang}/tests/attempts/{attemptID}", q.QuizAttempt)
		r.Post("/{lang}/tests/attempts/{attemptID}/save", q.QuizAutosave)
		r.Get("/{lang}/tests/attempts/{attemptID}/clock", q.QuizClock)
		r.Get("/{lang}/panel/tests", q.PanelTests)
		r.Get("/{lang}/panel/tests/bank", q.PanelQuestionBank)
		r.Post("/{lang}/panel/tests/bank", q.PanelQuestionBank)
		r.Get("/{lang}/panel/tests/classes", q.PanelClasses)
		r.Post("/{lang}/panel/tests/classes", q.PanelClasses)
		r.Get("/{lang}/panel/tests/new", q.PanelTestEdit)
		r.Post("/{lang}/panel/tests/new", q.PanelTestEdit)
		r.Get("/{lang}/panel/tests/{testID}", q.PanelTestEdit)
		r.Post("/{lang}/panel/tests/{testID}", q.PanelTestEdit)
		r.Get("/{lang}/panel/tests/{testID}/results", q.PanelTestResults)
		r.Post("/{lang}/panel/tests/{testID}/results", q.PanelTestResults)
		r.Get("/{lang}/panel/tests/{testID}/results.xlsx", q.PanelTestResultsXLSX)
	})

	// Media files of a school site, resolved by Host (not page views).
	r.Group(func(r chi.Router) {
		r.Use(s.resolveSite)
		r.Get("/media/{mediaID}/{name}", s.site.ServeMedia)
		r.Get("/media/{mediaID}/thumb/{name}", s.site.ServeMediaThumb)
	})

	// Public school sites, resolved by Host.
	r.Group(func(r chi.Router) {
		r.Use(s.resolveSite, s.countViews)
		r.Get("/", s.site.Home)
		r.Get("/{lang}", s.site.LangRedirect)
		r.Get("/robots.txt", s.site.Robots)
		r.Get("/sitemap.xml", s.site.Sitemap)
		r.Get("/sitemap-{n}.xml", s.site.SitemapPart)
		r.Get("/_site/integrations.js", s.site.IntegrationsJS)
		r.Get("/_site/theme.css", s.site.ThemeAsset("theme.css", "text/css; charset=utf-8"))
		r.Get("/_site/theme.js", s.site.ThemeAsset("theme.js", "text/javascript; charset=utf-8"))
		r.Get("/{lang}/feed.rss", s.site.RSSFeed)
		r.Get("/{lang}/feed.atom", s.site.AtomFeed)
		r.Get("/{lang}/news/{slug}", s.site.NewsPage)
		r.Get("/{lang}/search", s.site.SearchPage)
		r.Get("/{lang}/gallery", s.site.GalleryPage)
		r.Get("/{lang}/gallery/{slug}", s.site.AlbumPage)
		r.Get("/{lang}/schools-news", s.site.PortalNewsPage)
		r.Get("/{lang}/vacancies", s.site.VacanciesPage) // syndication and vacancies
		r.Get("/{lang}/events.ics", s.site.EventsICal)   // events (site/events.go)
		r.Get("/{lang}/events/{eventID}/event.ics", s.site.EventICal)
		r.Get("/{lang}/", s.site.Page)
		r.Get("/{lang}/{slug}", s.site.Page)

		// The family's admissions pages.
		r.Group(func(r chi.Router) {
			r.Use(s.authenticate, s.csrf)
			r.Get("/{lang}/register", s.site.RegisterPage)
			r.Post("/{lang}/register", s.site.RegisterPage)
			r.Get("/{lang}/forgot-password", s.site.ForgotPasswordPage)
			r.Post("/{lang}/forgot-password", s.site.ForgotPasswordPage)
			r.Get("/{lang}/login", s.site.FamilyLogin)
			r.Post("/{lang}/login", s.site.FamilyLogin)
			r.Get("/{lang}/admissions", s.site.FamilyAdmissions)
			r.Post("/{lang}/admissions", s.site.FamilyApply)
			r.Post("/{lang}/admissions/{appID}/offer", s.site.FamilyOffer)
			r.Post("/{lang}/news/{slug}/comments", s.site.PostComment)
			r.Get("/{lang}/events", s.site.EventsPage)
			r.Get("/{lang}/events/{eventID}", s.site.EventPage)
			r.Post("/{lang}/events/{eventID}", s.site.EventPage)
			r.Get("/{lang}/surveys/{surveyID}", s.site.SurveyPage)
			r.Post("/{lang}/surveys/{surveyID}", s.site.SurveyPage)
			r.Get("/{lang}/polls", s.site.PollsPage)
			r.Get("/{lang}/polls/{pollID}", s.site.PollPage)
			r.Post("/{lang}/polls/{pollID}", s.site.PollPage)
			r.Get("/{lang}/feedback", s.site.FeedbackPage) // feedback: the form and the requester's thread
			r.Post("/{lang}/feedback", s.site.FeedbackPage)
			r.Get("/{lang}/feedback/{messageID}", s.site.FeedbackThreadPage)
			r.Post("/{lang}/feedback/{messageID}", s.site.FeedbackThreadPage)
			r.Get("/{lang}/feedback/{messageID}/file", s.site.FeedbackFilePage)
			// Communities and forums (site/forum.go).
			r.Get("/{lang}/communities", s.site.CommunitiesPage)
			r.Get("/{lang}/communities/{communityID}", s.site.CommunityPage)
			r.Post("/{lang}/communities/{communityID}", s.site.CommunityPage)
			r.Get("/{lang}/communities/{communityID}/forums/{forumID}", s.site.ForumPage)
			r.Post("/{lang}/communities/{communityID}/forums/{forumID}", s.site.ForumPage)
			r.Get("/{lang}/communities/{communityID}/topics/{topicID}", s.site.TopicPage)
			r.Post("/{lang}/communities/{communityID}/topics/{topicID}", s.site.TopicPage)
			r.Get("/{lang}/communities/{communityID}/moderation", s.site.ModerationPage)
			r.Post("/{lang}/communities/{communityID}/moderation", s.site.ModerationPage)
			r.Get("/{lang}/helpdesk", s.site.HelpdeskPage)
			r.Post("/{lang}/helpdesk", s.site.HelpdeskPage)
			r.Get("/{lang}/helpdesk/{ticketID}", s.site.HelpdeskTicketPage)
			r.Post("/{lang}/helpdesk/{ticketID}", s.site.HelpdeskTicketPage)
			// account pages: the person's own profile, password, children, applications,
			// tickets and signing out everywhere.
			r.Get("/{lang}/account", s.site.AccountProfile)
			r.Post("/{lang}/account", s.site.AccountProfile)
			r.Post("/{lang}/account/password", s.site.AccountPassword)
			r.Post("/{lang}/account/email", s.site.AccountEmail)
			r.Get("/{lang}/account/children", s.site.AccountChildren)
			r.Post("/{lang}/account/children", s.site.AccountChildren)
			r.Get("/{lang}/account/applications", s.site.AccountApplications)
			r.Get("/{lang}/account/applications/{appID}", s.site.AccountApplication)
			r.Get("/{lang}/account/tickets", s.site.AccountTickets)
			r.Get("/{lang}/account/sign-out-everywhere", s.site.AccountSignOutEverywhere)
			r.Post("/{lang}/account/sign-out-everywhere", s.site.AccountSignOutEverywhere)
			// The editors' preview of a theme revision on the site's own host.
			r.Get("/_preview/theme/{rev}", s.previewTheme)
			r.Get("/_preview/theme/{rev}/{name}", s.previewAsset)
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
	s.Responder = web.Responder{Log: s.Log, TrustedProxies: s.TrustedProxies}
	if s.SiteCacheTTL == 0 {
		s.SiteCacheTTL = 10 * time.Second
	}
	if s.PageCacheTTL == 0 {
		s.PageCacheTTL = 30 * time.Second
	}
	s.sites = newSiteCache(s.SiteCacheTTL, 10000)
	s.site = &site.Server{Responder: s.Responder, Content: s.Content, Theme: s.Theme, Accounts: s.Accounts,
		Admissions: s.Admissions, Media: s.Media, Galleries: s.Galleries, Helpdesk: s.Helpdesk,
		SearchIndex: s.SearchIndex, SettingsStore: s.SettingsStore, ThemeStore: s.ThemeStore,
		Comments: s.Comments, PageCacheTTL: s.PageCacheTTL, NoPageCache: &s.NoPageCache, SitemapSize: func() int { return s.SitemapSize },
		Surveys: s.Surveys, NCALayerURL: s.NCALayerURL, Portals: s.Portals, Vacancies: s.Vacancies,
		Pages: s.Pages, News: s.News, Menus: s.Menus, Settings: s.Settings, Quotas: s.Quotas, Stats: s.Stats,
		Certification: s.Certification, Banners: s.Banners, Maintenance: s.Maintenance, Mailboxes: s.Mailboxes, Events: s.Events,
		Forums: s.Forums}
	s.site.Quiz, s.site.Feedback = s.Quiz, s.Feedback
	s.site.Init()
}

// InvalidateSite drops this instance's cached host lookups and pages of the site, and every
// cached "unknown host", so a change shows on the next request. siteID 0 drops everything.
func (s *Server) InvalidateSite(siteID int64) {
	if s.sites == nil {
		return
	}
	if siteID == 0 {
		s.sites.clear()
	} else {
		s.sites.invalidate(siteID)
	}
	s.site.Invalidate(siteID)
}
