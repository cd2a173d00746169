package site

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

// The panel's first page: what needs the school's attention, each item shown only to those
// who may act on it (the services refuse the others, and a refusal leaves the item out).

var dashboardPage = panelPage("dashboard.html")

// dashboard is the dashboard's view model.
type dashboard struct {
	// ToReview counts applications waiting for the school (documents to check, decisions).
	ToReview, DocumentsToCheck int
	ShowAdmissions             bool
	Pending                    int // comments to moderate
	ShowComments               bool
	ChildLinks                 int // parents' link requests waiting for the school
	ShowChildLinks             bool
	Tickets                    []sitecore.Ticket // the school's tickets that wait for its answer
	Quota                      *sitecore.Quota
	QuotaPercent               int
	QuotaLevel                 string // "", "warn" (70 %) or "alert" (90 %)
	Scheduled                  []scheduled
}

// scheduled is a page or news item due to be published.
type scheduled struct {
	Kind, Key, Title string
	At               time.Time
}

// dashboardLimit bounds what one list on the dashboard reads; counts above it show as
// "limit+".
const dashboardLimit = 500

// PanelDashboard shows the dashboard.
func (s *Server) PanelDashboard(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, "", "")
	if !ok {
		return
	}
	v.Title, v.Kind = v.T("dash.title"), "dashboard"
	d, err := s.fillDashboard(r.Context(), v)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	v.Data = d
	s.renderPanel(w, r, http.StatusOK, dashboardPage, v)
}

// fillDashboard asks each service what concerns the school. An item the user may not see
// is left out; any other failure fails the page.
func (s *Server) fillDashboard(ctx context.Context, v *panelView) (*dashboard, error) {
	p, siteID := v.p, v.Site.ID
	d := &dashboard{}
	skip := func(err error) bool {
		c := sitecore.ErrorCode(err)
		return c == sitecore.EForbidden || c == sitecore.ENotFound
	}
	if s.Admissions != nil && v.Can(string(sitecore.SectionAdmissions), "view") {
		apps, err := s.Admissions.List(ctx, p, sitecore.AppFilter{SiteID: siteID, Limit: dashboardLimit,
			Status: []sitecore.AdmissionStatus{sitecore.AppSubmitted, sitecore.AppDocumentsCheck, sitecore.AppUnderReview}})
		if err != nil && !skip(err) {
			return nil, err
		}
		d.ShowAdmissions = err == nil
		for _, a := range apps {
			d.ToReview++
			if a.Status == sitecore.AppDocumentsCheck || a.Status == sitecore.AppSubmitted {
				d.DocumentsToCheck++
			}
		}
	}
	if s.Comments != nil && v.Can(string(sitecore.SectionComments), "view") {
		cs, err := s.Comments.Queue(ctx, p, siteID, sitecore.CommentPending)
		if err != nil && !skip(err) {
			return nil, err
		}
		d.Pending, d.ShowComments = len(cs), err == nil
	}
	if s.Accounts != nil && accounts.MayDecideChildLinks(p, siteID) == nil {
		rs, err := s.Accounts.SiteChildLinkRequests(ctx, p, siteID)
		if err != nil && !skip(err) {
			return nil, err
		}
		d.ShowChildLinks = err == nil
		for _, q := range rs {
			if q.Waiting() {
				d.ChildLinks++
			}
		}
	}
	if s.Helpdesk != nil && p.UserID != 0 {
		ts, err := s.Helpdesk.MyTickets(ctx, p, sitecore.TicketFilter{SiteID: siteID, Limit: 20,
			Status: []sitecore.TicketStatus{sitecore.TicketWaiting}})
		if err != nil && !skip(err) {
			return nil, err
		}
		d.Tickets = ts
	}
	if s.Quotas != nil && v.Can(string(sitecore.SectionMedia), "view") {
		q, err := s.Quotas.Get(ctx, p, siteID)
		if err != nil && !skip(err) {
			return nil, err
		}
		if q != nil && q.LimitBytes > 0 {
			d.Quota = q
			d.QuotaPercent = int(q.UsedBytes * 100 / q.LimitBytes)
			switch {
			case d.QuotaPercent >= 90:
				d.QuotaLevel = "alert"
			case d.QuotaPercent >= 70:
				d.QuotaLevel = "warn"
			}
		}
	}
	if err := s.fillScheduled(ctx, v, d); err != nil {
		return nil, err
	}
	return d, nil
}

// fillScheduled lists the pages and the recent news due to be published, soonest first.
func (s *Server) fillScheduled(ctx context.Context, v *panelView, d *dashboard) error {
	p, siteID := v.p, v.Site.ID
	title := func(texts map[sitecore.Lang]string, key string) string {
		if t := texts[v.Lang]; t != "" {
			return t
		}
		if t := texts[v.Site.DefaultLang()]; t != "" {
			return t
		}
		return key
	}
	if s.Pages != nil && sitecore.MayEnterSection(p, siteID, sitecore.SectionPages, sitecore.ActionView) {
		pages, err := s.Pages.Outline(ctx, p, siteID)
		if err != nil && sitecore.ErrorCode(err) != sitecore.EForbidden {
			return err
		}
		for _, pg := range pages {
			if pg.PublishAt != nil {
				texts := map[sitecore.Lang]string{}
				for l := range pg.Text {
					t, _ := pg.Working(l)
					texts[l] = t.Title
				}
				d.Scheduled = append(d.Scheduled, scheduled{Kind: "pages", Key: pg.Key, Title: title(texts, pg.Key), At: *pg.PublishAt})
			}
		}
	}
	if s.News != nil && v.Can(string(sitecore.SectionNews), "view") {
		list, err := s.News.Filter(ctx, p, siteID, sitecore.NewsFilter{Status: "scheduled"}, 0, 200)
		if err != nil && sitecore.ErrorCode(err) != sitecore.EForbidden {
			return err
		}
		if list != nil {
			for _, n := range list {
				if n.PublishAt != nil {
					texts := map[sitecore.Lang]string{}
					for l, t := range n.Text {
						texts[l] = t.Title
					}
					d.Scheduled = append(d.Scheduled, scheduled{Kind: "news", Key: n.Key, Title: title(texts, n.Key), At: *n.PublishAt})
				}
			}
		}
	}
	slices.SortFunc(d.Scheduled, func(a, b scheduled) int { return a.At.Compare(b.At) })
	return nil
}

// LogoutPage ends the session of this browser and returns to the site's home page.
func (s *Server) LogoutPage(w http.ResponseWriter, r *http.Request) {
	site, lang, ok := s.familyLang(w, r)
	if !ok {
		return
	}
	if tok := s.SessionToken(r); tok != "" && s.Accounts != nil {
		if err := s.Accounts.Logout(r.Context(), tok); err != nil {
			s.Log.WarnContext(r.Context(), "logout failed", "site", site.ID, "error", err)
		}
	}
	s.ClearSession(w, r)
	http.Redirect(w, r, "/"+string(lang)+"/", http.StatusSeeOther)
}
