package accounts

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// What a parent does with their own account on a school's site: a phone number on the
// profile, requests to be linked to a child of the school (by IIN), the list of linked
// children, and signing out everywhere.

// maxChildLinkRequests bounds a parent's requests at one school.
const maxChildLinkRequests = 20

// ParsePhone validates a Kazakhstan mobile number written as +7 7xx xxx xx xx or
// 8 7xx xxx xx xx (spaces, hyphens and brackets allowed) and returns it as +77xxxxxxxxx; an
// empty value clears the number. Anything else is EInvalid on field.
func ParsePhone(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	digits := make([]byte, 0, 11)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case c == '+' && i == 0, c == ' ', c == '-', c == '(', c == ')':
		default:
			return "", sitecore.Invalid(field, "phone.kz", "value", s)
		}
	}
	plus := strings.HasPrefix(s, "+")
	if len(digits) != 11 || digits[1] != '7' || plus && digits[0] != '7' || !plus && digits[0] != '8' {
		return "", sitecore.Invalid(field, "phone.kz", "value", s)
	}
	return "+7" + string(digits[1:]), nil
}

// LinkedChild is a child linked to the caller's account.
type LinkedChild struct {
	LinkID    int64  `json:"link_id"`
	ChildID   int64  `json:"child_id"`
	Name      string `json:"name"`
	Confirmed bool   `json:"confirmed"`
}

// Children returns the children the caller asked to be, or is, linked to as a parent (not
// the links in which the caller is the child). A child's name is shown once the link is
// confirmed; until then the request shows what the parent asked for.
func (s *Service) Children(ctx context.Context, p *sitecore.Principal) ([]LinkedChild, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	links, err := s.Store.ParentLinks(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	out := []LinkedChild{}
	for _, l := range links {
		if l.ParentID != p.UserID || l.ConfirmedAt == nil {
			continue
		}
		c := LinkedChild{LinkID: l.ID, ChildID: l.ChildID, Confirmed: true}
		if u, err := s.Store.FindUserByID(ctx, l.ChildID); err == nil {
			c.Name = u.FullName
		} else if sitecore.ErrorCode(err) != sitecore.ENotFound {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ChildLinkRequest is what a parent submits on a school's site to be linked to a child.
type ChildLinkRequest struct {
	ChildIIN  string `json:"child_iin"`
	ChildName string `json:"child_name"`
}

// RequestChildLinkByIIN records the caller's request to be linked to a child of the site
// named by IIN. When an enrolled student of the site has that IIN, an unconfirmed parent
// link to the student's account is made for the school to confirm (ConfirmLinkAsSite);
// either way the caller sees the same answer, so requests tell nothing about who studies
// where. It needs a verified address, like an application.
func (s *Service) RequestChildLinkByIIN(ctx context.Context, p *sitecore.Principal, siteID int64, in ChildLinkRequest) (*sitecore.ChildLinkRequest, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	if !p.Verified {
		return nil, sitecore.Errorf(sitecore.EForbidden, "email.not_verified")
	}
	if !p.Reaches(siteID) {
		return nil, sitecore.NotFound("site")
	}
	name, err := parseName("child_name", in.ChildName)
	if err != nil {
		return nil, err
	}
	iin, err := sitecore.ParseIIN("child_iin", in.ChildIIN)
	if err != nil {
		return nil, err
	}
	mine, err := s.Store.ChildLinkRequests(ctx, siteID, p.UserID)
	if err != nil {
		return nil, err
	}
	if len(mine) >= maxChildLinkRequests {
		return nil, sitecore.Invalid("child_iin", "child_link.too_many", "max", strconv.Itoa(maxChildLinkRequests))
	}
	r := &sitecore.ChildLinkRequest{SiteID: siteID, ParentID: p.UserID, ChildIIN: iin, ChildName: name}
	if err := s.matchChild(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// matchChild stores the request, first looking for the site's enrolled student with its
// IIN and, when there is one, asking for a parent link to the student's account. A request
// already matched is stored again unchanged.
func (s *Service) matchChild(ctx context.Context, r *sitecore.ChildLinkRequest) error {
	if r.ParentLinkID == nil {
		child, err := s.Store.EnrolledStudent(ctx, r.SiteID, r.ChildIIN)
		switch {
		case err == nil && child != r.ParentID:
			l := &sitecore.ParentLink{ParentID: r.ParentID, ChildID: child}
			if err := s.Store.CreateParentLink(ctx, l); err != nil {
				return err
			}
			r.ParentLinkID = &l.ID
		case err != nil && sitecore.ErrorCode(err) != sitecore.ENotFound:
			return err
		}
	}
	return s.Store.CreateChildLinkRequest(ctx, r)
}

// ChildLinkRequests returns the caller's requests at the site.
func (s *Service) ChildLinkRequests(ctx context.Context, p *sitecore.Principal, siteID int64) ([]sitecore.ChildLinkRequest, error) {
	if !p.LoggedIn() || p.UserID == 0 {
		return nil, sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	if !p.Reaches(siteID) {
		return nil, sitecore.NotFound("site")
	}
	rs, err := s.Store.ChildLinkRequests(ctx, siteID, p.UserID)
	if err != nil {
		return nil, err
	}
	// A request made before the child's enrolment finds the student now (an answered one
	// stays as the school left it).
	for i := range rs {
		if rs[i].ParentLinkID == nil && rs[i].Decision == "" {
			if err := s.matchChild(ctx, &rs[i]); err != nil {
				return nil, err
			}
		}
	}
	return rs, nil
}

// SiteChildLinkRequest is a parent's link request as the school sees it, to check and
// confirm (ConfirmLinkAsSite with ParentLinkID).
type SiteChildLinkRequest struct {
	ID           int64      `json:"id"`
	ParentID     int64      `json:"parent_id"`
	ParentName   string     `json:"parent_name"`
	ParentEmail  string     `json:"parent_email"`
	ChildName    string     `json:"child_name"`
	ChildIIN     string     `json:"child_iin"`
	ParentLinkID *int64     `json:"parent_link_id,omitempty"` // set when a student of the school has the IIN
	Confirmed    bool       `json:"confirmed"`
	Decision     string     `json:"decision,omitempty"` // sitecore.ChildLinkApproved or ChildLinkRejected
	Remark       string     `json:"remark,omitempty"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
}

// Waiting reports whether the request waits for the school: not answered, and its link not
// confirmed some other way (by the child, or through the API's parent-link confirmation).
func (r SiteChildLinkRequest) Waiting() bool { return r.Decision == "" && !r.Confirmed }

// SiteChildLinkRequests lists the link requests parents made at the site, for those who may
// answer them (MayDecideChildLinks).
func (s *Service) SiteChildLinkRequests(ctx context.Context, p *sitecore.Principal, siteID int64) ([]SiteChildLinkRequest, error) {
	if err := MayDecideChildLinks(p, siteID); err != nil {
		return nil, err
	}
	rs, err := s.Store.ChildLinkRequests(ctx, siteID, 0)
	if err != nil {
		return nil, err
	}
	out := make([]SiteChildLinkRequest, 0, len(rs))
	for _, r := range rs {
		if r.ParentLinkID == nil && r.Decision == "" { // the child may have been enrolled since
			if err := s.matchChild(ctx, &r); err != nil {
				return nil, err
			}
		}
		v := SiteChildLinkRequest{ID: r.ID, ParentID: r.ParentID, ChildName: r.ChildName, ChildIIN: string(r.ChildIIN),
			ParentLinkID: r.ParentLinkID, Confirmed: r.Confirmed, Decision: r.Decision, Remark: r.Remark,
			DecidedAt: r.DecidedAt, CreatedAt: r.CreatedAt}
		if u, err := s.Store.FindUserByID(ctx, r.ParentID); err == nil {
			v.ParentName, v.ParentEmail = u.FullName, u.Email
		}
		out = append(out, v)
	}
	return out, nil
}

// SignOutEverywhere ends every session and revokes every API token of the caller's
// account, this browser's session included (the same revocation a password reset does).
// Only the person may: a personal API token is refused.
func (s *Service) SignOutEverywhere(ctx context.Context, p *sitecore.Principal) error {
	if err := requirePerson(p); err != nil {
		return err
	}
	return s.Store.EndAllAccess(ctx, p.UserID)
}
