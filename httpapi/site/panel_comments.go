package site

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
)

// The comments moderation queue of the control panel: the site's comments waiting for a
// moderator, approved (visible) or hidden, newest first; approving or hiding one by one or
// the chosen ones at once. Each decision is cms.Comments.Moderate, as in the JSON API.

var commentsPage = sitePage("comments.html")

// commentStatuses are the queue's tabs.
var commentStatuses = []string{sitecore.CommentPending, sitecore.CommentVisible, sitecore.CommentHidden}

// commentsView is the model of the queue.
type commentsView struct {
	Status   string
	Tabs     []statusCount
	Comments []*sitecore.Comment
	CanEdit  bool
}

// PanelComments shows the queue of ?status= (pending by default); its form posts here
// with one=ID:action for one comment, or action= with the chosen id= values.
func (s *Server) PanelComments(w http.ResponseWriter, r *http.Request) {
	v, ok := s.panelEnter(w, r, sitecore.SectionComments, "comments")
	if !ok {
		return
	}
	v.UI = locale.PanelSite(v.Lang)
	status := http.StatusOK
	st := r.URL.Query().Get("status")
	if st == "" {
		st = sitecore.CommentPending
	}
	if r.Method == http.MethodPost {
		readForm(w, r, 64<<10)
		f := r.PostForm
		action, ids := f.Get("action"), f["id"]
		if one := f.Get("one"); one != "" {
			id, a, _ := strings.Cut(one, ":")
			ids, action = []string{id}, a
		}
		var err error
		var failed []string
		switch {
		case action != "approve" && action != "hide":
			err = sitecore.Invalid("action", "comment.action")
		case len(ids) == 0:
			err = sitecore.Invalid("id", "field.required")
		}
		for _, raw := range ids {
			if err != nil {
				break
			}
			if _, e := s.Comments.Moderate(r.Context(), v.p, s.Actor(r), v.Site.ID, formID(raw), action); e != nil {
				if c := sitecore.ErrorCode(e); c == sitecore.EForbidden || c == sitecore.EUnauthorized {
					err = e
					break
				}
				ae := sitecore.AsError(e)
				failed = append(failed, fmt.Sprintf("№%s: %s", raw, sitecore.Message(v.Lang, cmpKey(ae), ae.Args)))
			}
		}
		switch {
		case err != nil:
			status = v.fail(err)
		case failed != nil:
			v.Error = v.T("com.some_failed") + " " + strings.Join(failed, "; ")
			status = http.StatusConflict
		default:
			done(w, r, v.Path("comments")+"?status="+st, "saved")
			return
		}
	}
	cs, err := s.Comments.Queue(r.Context(), v.p, v.Site.ID, st)
	if err != nil {
		if sitecore.ErrorCode(err) != sitecore.EInvalid {
			s.ErrorPage(w, r, err)
			return
		}
		st = sitecore.CommentPending
		if cs, err = s.Comments.Queue(r.Context(), v.p, v.Site.ID, st); err != nil {
			s.ErrorPage(w, r, err)
			return
		}
	}
	cv := &commentsView{Status: st, Comments: cs, CanEdit: v.Can(string(sitecore.SectionComments), "edit")}
	for _, t := range commentStatuses {
		cv.Tabs = append(cv.Tabs, statusCount{Code: t, Name: v.T("com.status." + t), Current: t == st})
	}
	v.Title, v.Kind, v.Data = v.T("com.title"), "comments", cv
	s.renderPanel(w, r, status, commentsPage, v)
}
