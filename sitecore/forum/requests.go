package forum

import (
	"context"
	"strconv"

	"github.com/mektep/mektep/sitecore"
)

// Requests to join a community "by approval": Join stores a pending membership, which
// gives no more than a visitor has (a pending member of a private community still gets
// "not found"); the moderators see the requests on the community's and the moderation
// pages (and in the API's queue) and approve or reject each one. Both are audited, and
// the requester is emailed the answer in their language.

// Request decisions.
const (
	DecisionApprove = "approve"
	DecisionReject  = "reject"
)

// Requests lists the community's pending requests to join (moderators only).
func (s *Service) Requests(ctx context.Context, p *sitecore.Principal, siteID, id int64) ([]sitecore.CommunityMember, error) {
	if _, err := s.moderate(ctx, p, siteID, id); err != nil {
		return nil, err
	}
	return s.pending(ctx, id)
}

func (s *Service) pending(ctx context.Context, id int64) ([]sitecore.CommunityMember, error) {
	ms, err := s.Store.CommunityMembers(ctx, id)
	if err != nil {
		return nil, err
	}
	out := []sitecore.CommunityMember{}
	for _, m := range ms {
		if m.Status == sitecore.MemberPending {
			out = append(out, m)
		}
	}
	return out, nil
}

// Decide approves or rejects a pending request to join (moderators only; audited). A
// rejected request is removed (the person may ask again); the audit log keeps it. The
// requester is emailed the decision in their language.
func (s *Service) Decide(ctx context.Context, p *sitecore.Principal, siteID, id, userID int64, decision string) (*sitecore.CommunityMember, error) {
	a, err := s.moderate(ctx, p, siteID, id)
	if err != nil {
		return nil, err
	}
	if decision != DecisionApprove && decision != DecisionReject {
		return nil, sitecore.Invalid("decision", "forum.decision")
	}
	m, err := s.Store.FindCommunityMember(ctx, id, userID)
	if sitecore.ErrorCode(err) == sitecore.ENotFound || (err == nil && m.Status != sitecore.MemberPending) {
		return nil, sitecore.NotFound("request")
	} else if err != nil {
		return nil, err
	}
	if decision == DecisionApprove {
		m.Status = sitecore.MemberActive
		err = s.Store.UpsertCommunityMember(ctx, m)
	} else {
		err = s.Store.RemoveCommunityMember(ctx, id, userID)
	}
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, p, a.Community, "community.request."+decision, "user:"+strconv.FormatInt(userID, 10)); err != nil {
		return nil, err
	}
	s.tellRequester(ctx, a.Community, userID, decision)
	if decision == DecisionReject {
		return nil, nil
	}
	return m, nil
}

// tellRequester emails the requester the moderators' decision; mail trouble does not undo
// the decision (the queue retries).
func (s *Service) tellRequester(ctx context.Context, c *sitecore.Community, userID int64, decision string) {
	u, err := s.Accounts.FindUserByID(ctx, userID)
	if err != nil || u.Email == "" {
		return
	}
	lang, link := s.link(ctx, c, u.Lang, 0, 0)
	e := sitecore.ForumEmail("request_"+decision, lang, u.Email, sitecore.ForumMail{Community: c.Name, Link: link})
	e.Key = "forum-request:" + strconv.FormatInt(c.ID, 10) + ":" + strconv.FormatInt(userID, 10) + ":" + decision + ":" +
		strconv.FormatInt(s.now().UnixNano(), 10)
	_ = s.Mail.Enqueue(ctx, e)
}
