package site

import (
	"net/http"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/forum"
	"github.com/mektep/mektep/sitecore/locale"
)

// The school's communities in the control panel (issue #15): the school's admins (and
// whoever moderates its comments) create a community with its visibility and join
// policy, and appoint or dismiss its moderators among its members. The same forum.Service
// as the JSON API decides every action.

var communitiesPage = panelPage("communities.html")

type panelCommunity struct {
	sitecore.Community
	Members []sitecore.CommunityMember
}

type communitiesView struct {
	Communities []panelCommunity
}

// PanelCommunities lists the school's communities (GET) and takes the create, appoint and
// dismiss forms (POST).
func (s *Server) PanelCommunities(w http.ResponseWriter, r *http.Request) {
	if s.Forums == nil {
		s.NotFound(w, r)
		return
	}
	v, ok := s.panelEnter(w, r, sitecore.SectionComments, "communities")
	if !ok {
		return
	}
	v.UI = locale.ForumPanel(v.Lang)
	status := http.StatusOK
	if r.Method == http.MethodPost {
		readForm(w, r, 64<<10)
		f := r.PostForm
		var err error
		switch f.Get("action") {
		case "create":
			_, err = s.Forums.CreateCommunity(r.Context(), v.p, forum.NewCommunity{SiteID: v.Site.ID, Name: f.Get("name"),
				Description: f.Get("description"), Visibility: f.Get("visibility"), JoinPolicy: f.Get("join_policy"), Kind: f.Get("kind")})
		case "appoint", "dismiss":
			role := sitecore.ModeratorRole
			if f.Get("action") == "dismiss" {
				role = sitecore.MemberRole
			}
			_, err = s.Forums.SetMember(r.Context(), v.p, v.Site.ID, formID(f.Get("community_id")), formID(f.Get("user_id")), role)
		default:
			err = sitecore.Invalid("action", "forum.action")
		}
		if err == nil {
			done(w, r, v.Path("communities"), "saved")
			return
		}
		for k := range f {
			v.Values[k] = f.Get(k)
		}
		status = v.fail(err)
	}
	cs, err := s.Forums.Communities(r.Context(), v.p, v.Site.ID)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	cv := &communitiesView{}
	for _, c := range cs {
		if c.SiteID != v.Site.ID {
			continue // platform-wide: the operators'
		}
		pc := panelCommunity{Community: c.Community}
		if pc.Members, err = s.Forums.Members(r.Context(), v.p, v.Site.ID, c.ID); err != nil && sitecore.ErrorCode(err) != sitecore.EForbidden {
			s.ErrorPage(w, r, err)
			return
		}
		cv.Communities = append(cv.Communities, pc)
	}
	v.Title, v.Kind, v.Data = v.T("cm.title"), "communities", cv
	s.renderPanel(w, r, status, communitiesPage, v)
}
