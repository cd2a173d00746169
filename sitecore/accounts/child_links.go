package accounts

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// The school's side of the parents' child-link requests: who may answer them, and the
// answer itself (approve, which confirms the parent link, or reject, with a remark), which
// the parent is told by email in their language.

// maxRemarkLen bounds the remark on a decision.
const maxRemarkLen = 1000

// MayDecideChildLinks reports (nil) whether the principal may see and answer the site's
// child-link requests: the school's admins and those delegated to edit its people or its
// admissions (the admissions officers, who know the families).
func MayDecideChildLinks(p *sitecore.Principal, siteID int64) error {
	err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, usersSection)
	if sitecore.ErrorCode(err) == sitecore.EForbidden {
		err = sitecore.Authorize(p, siteID, sitecore.ActionEdit, sitecore.Resource{Section: sitecore.SectionAdmissions})
	}
	return err
}

// ChildLinkAnswer is the school's answer to a request.
type ChildLinkAnswer struct {
	Approve bool   `json:"approve"`
	Remark  string `json:"remark"`
}

// DecideChildLinkRequest answers the site's request id. Approving needs a student of the
// school with the request's IIN (the request is matched again first, for a child enrolled
// since) and confirms the parent link; rejecting needs a remark. The parent gets an email in
// their language with a link to their children page on the school's own domain. A decided
// request is EConflict; another site's is ENotFound.
func (s *Service) DecideChildLinkRequest(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64, in ChildLinkAnswer) (*sitecore.ChildLinkRequest, error) {
	if err := MayDecideChildLinks(p, siteID); err != nil {
		return nil, err
	}
	remark := strings.TrimSpace(in.Remark)
	switch {
	case utf8.RuneCountInString(remark) > maxRemarkLen:
		return nil, sitecore.Invalid("remark", "field.too_long", "max", strconv.Itoa(maxRemarkLen))
	case !in.Approve && remark == "":
		return nil, sitecore.Invalid("remark", "child_link.remark_required")
	}
	r, err := s.siteChildLinkRequest(ctx, siteID, id)
	if err != nil {
		return nil, err
	}
	if r.Decision != "" {
		return nil, sitecore.Errorf(sitecore.EConflict, "child_link.decided")
	}
	d := sitecore.ChildLinkDecision{Decision: sitecore.ChildLinkRejected, Remark: remark, By: a.UserID}
	if in.Approve {
		if r.ParentLinkID == nil {
			if err := s.matchChild(ctx, r); err != nil {
				return nil, err
			}
		}
		if r.ParentLinkID == nil || s.siteStudentLink(ctx, siteID, *r.ParentLinkID) != nil {
			return nil, sitecore.Invalid("decision", "child_link.no_student")
		}
		d.Decision, d.ConfirmLink = sitecore.ChildLinkApproved, true
	}
	entry := audit(a, siteID, "child_link."+d.Decision, "child_link_request:"+strconv.FormatInt(id, 10), nil)
	if err := s.Store.DecideChildLinkRequest(ctx, siteID, id, d, entry); err != nil {
		return nil, err
	}
	if r, err = s.siteChildLinkRequest(ctx, siteID, id); err != nil {
		return nil, err
	}
	return r, s.tellParent(ctx, r)
}

// tellParent emails the parent the school's answer to r.
func (s *Service) tellParent(ctx context.Context, r *sitecore.ChildLinkRequest) error {
	u, err := s.Store.FindUserByID(ctx, r.ParentID)
	if err != nil {
		return err
	}
	site, err := s.Sites.FindSiteByID(ctx, r.SiteID)
	if err != nil {
		return err
	}
	link := "https://" + site.Domains[0] + "/" + string(site.PageLang(u.Lang)) + "/account/children"
	key := "child-link-decision/" + strconv.FormatInt(r.ID, 10) + "/" + r.Decision
	return s.Mail.Enqueue(ctx, sitecore.ChildLinkDecisionEmail(key, u.Lang, u.Email, u.FullName,
		site.Name(u.Lang), r.ChildName, r.Decision == sitecore.ChildLinkApproved, r.Remark, link))
}

// siteChildLinkRequest returns the site's request id, or ENotFound.
func (s *Service) siteChildLinkRequest(ctx context.Context, siteID, id int64) (*sitecore.ChildLinkRequest, error) {
	rs, err := s.Store.ChildLinkRequests(ctx, siteID, 0)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(rs, func(r sitecore.ChildLinkRequest) bool { return r.ID == id })
	if i < 0 {
		return nil, sitecore.NotFound("child_link_request")
	}
	return &rs[i], nil
}

// siteStudentLink returns nil when the parent link names a student of the site as the
// child, else ENotFound (the link is not this school's to confirm).
func (s *Service) siteStudentLink(ctx context.Context, siteID, linkID int64) error {
	l, err := s.Store.FindParentLink(ctx, linkID)
	if err != nil {
		return err
	}
	members, err := s.Store.SiteMembers(ctx, siteID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(members, func(m sitecore.Membership) bool { return m.UserID == l.ChildID && m.Role == sitecore.RoleStudent }) {
		return sitecore.NotFound("parent_link")
	}
	return nil
}
