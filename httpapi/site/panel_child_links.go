package site

import (
	"net/http"
	"slices"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

// The panel page where the school answers parents' requests to be linked to a child: the
// waiting requests, each with a remark box and approve / decline buttons (approve is offered
// only when a student of the school has the IIN), and the answered ones. Admins and those
// who edit the school's people or admissions see it (accounts.MayDecideChildLinks); each
// answer is accounts.Service.DecideChildLinkRequest, as in the JSON API.

var childLinksPage = panelPage("child_links.html")

// childLinksView is the model of the page.
type childLinksView struct {
	Pending, Decided []accounts.SiteChildLinkRequest
	// Failed is the request whose form has errors, shown next to its fields.
	Failed int64
}

// PanelChildLinks shows the requests; its forms post id, remark and decision
// (approve | reject) here.
func (s *Server) PanelChildLinks(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, "", "child-links")
	if !ok {
		return
	}
	if err := accounts.MayDecideChildLinks(v.p, v.Site.ID); err != nil {
		v.Kind, v.Title, v.Error = "forbidden", v.T("forbidden"), v.T("forbidden_text")
		s.renderPanel(w, r, http.StatusForbidden, panelForbidden, v)
		return
	}
	status := http.StatusOK
	cv := &childLinksView{}
	if r.Method == http.MethodPost {
		readForm(w, r, 16<<10)
		f := r.PostForm
		cv.Failed = formID(f.Get("id"))
		v.Values["remark"] = f.Get("remark")
		var err error
		switch d := f.Get("decision"); d {
		case "approve", "reject":
			_, err = s.Accounts.DecideChildLinkRequest(r.Context(), v.p, s.Actor(r), v.Site.ID, cv.Failed,
				accounts.ChildLinkAnswer{Approve: d == "approve", Remark: f.Get("remark")})
		default:
			err = sitecore.Invalid("decision", "field.required")
		}
		if err == nil {
			done(w, r, v.Path("child-links"), "child_link")
			return
		}
		status = v.fail(err)
	}
	rs, err := s.Accounts.SiteChildLinkRequests(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	for _, q := range rs {
		if q.Waiting() {
			cv.Pending = append(cv.Pending, q)
		} else if q.Decision != "" {
			cv.Decided = append(cv.Decided, q)
		}
	}
	slices.SortFunc(cv.Decided, func(a, b accounts.SiteChildLinkRequest) int { return b.DecidedAt.Compare(*a.DecidedAt) })
	v.Title, v.Kind, v.Data = v.T("cl.title"), "child-links", cv
	s.renderPanel(w, r, status, childLinksPage, v)
}
