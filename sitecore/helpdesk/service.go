// Package helpdesk is the service layer of the support helpdesk. Requesters (any registered
// user) open tickets, follow them, reply, attach files, close, reopen and rate; agents (the
// platform role support_agent, with team leads and operators above them) work the queue.
// It decides who may see a ticket — its requester and the support team, nobody else; to
// anyone else a ticket is "not found" — validates input before anything is written, and
// hands every action on a ticket to the ticket's workflow.
package helpdesk

import (
	"context"
	"crypto/sha256"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// Workflows starts ticket workflows and sends actions to them (workflows.TicketClient).
type Workflows interface {
	Start(ctx context.Context, ticketID int64) error
	Act(ctx context.Context, ticketID int64, action string, a sitecore.TicketAction) (sitecore.TicketView, error)
}

// Service implements the helpdesk.
type Service struct {
	Store     sitecore.HelpdeskStore
	Files     sitecore.HelpdeskFiles
	Accounts  sitecore.UserStore
	Sites     sitecore.SiteStore
	Workflows Workflows
	Log       *slog.Logger
	// Limiter limits new tickets per requester and client network (nil: no limits).
	Limiter sitecore.Limiter
	// SyncStarts is how many new tickets' workflows may be being started inside their
	// requests at once (DefaultSyncStarts if 0; below 0: none). See Open.
	SyncStarts int

	starting atomic.Int32 // workflow starts requests are waiting for now
}

// DefaultSyncStarts bounds the workflow starts that requests wait for (Service.SyncStarts).
const DefaultSyncStarts = 8

// startSlot takes one of the slots for a workflow start inside a request; it reports false,
// without waiting, when all are taken. A slot taken is given back with s.starting.Add(-1).
func (s *Service) startSlot() bool {
	n := s.SyncStarts
	if n == 0 {
		n = DefaultSyncStarts
	}
	if s.starting.Add(1) > int32(n) {
		s.starting.Add(-1)
		return false
	}
	return true
}

// New-ticket limits per requester and per client network.
var (
	limitOpenUser = sitecore.ThrottleKey{Max: 20, Window: time.Hour, LockFor: 10 * time.Minute, MaxLock: 24 * time.Hour}
	limitOpenNet  = sitecore.ThrottleKey{Max: 60, Window: time.Hour, LockFor: 10 * time.Minute, MaxLock: 24 * time.Hour}
)

// Limits of what people write.
const (
	MaxSubject     = 200
	MaxBody        = 10000
	MaxComment     = 2000
	MaxAttachment  = 10 << 20
	maxAttachName  = 200
	maxAttachments = 20
)

// NewTicket is what a requester submits.
type NewTicket struct {
	Category    string `json:"category"`
	Subject     string `json:"subject"`
	Description string `json:"description"`
	// SiteID is the school the request concerns: the site the requester is on (0: the
	// platform).
	SiteID int64 `json:"site_id"`
}

// TicketDetail is a ticket with its conversation as the caller may see it.
type TicketDetail struct {
	Ticket      *sitecore.Ticket            `json:"ticket"`
	Messages    []sitecore.TicketMessage    `json:"messages"`
	Attachments []sitecore.TicketAttachment `json:"attachments"`
	Rating      *sitecore.TicketRating      `json:"rating,omitempty"`
	// Agent is true when the caller sees the ticket as the support team does.
	Agent bool `json:"agent"`
}

// text trims s and checks it is present and at most max characters.
func text(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		return "", sitecore.Invalid(field, "field.required")
	case utf8.RuneCountInString(s) > max:
		return "", sitecore.Invalid(field, "field.too_long", "max", strconv.Itoa(max))
	}
	return s, nil
}

func loggedIn(p *sitecore.Principal) error {
	if p == nil || p.UserID == 0 {
		return sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	return nil
}

// Open validates and stores a new ticket; the requester's address must be verified and
// the requester and its network within their limits. The ticket, its first message and
// the promise of its workflow are written in one transaction; the workflow is then started
// at once, and the intake relay starts it later if that fails, so an accepted ticket is
// never lost.
func (s *Service) Open(ctx context.Context, p *sitecore.Principal, in NewTicket) (*sitecore.Ticket, error) {
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	// The helpdesk writes to the requester's address: it must be theirs, or anyone could
	// have the platform mail a stranger.
	if !p.Verified {
		return nil, sitecore.Errorf(sitecore.EForbidden, "email.not_verified")
	}
	cat, err := sitecore.ParseTicketCategory("category", in.Category)
	if err != nil {
		return nil, err
	}
	subject, err := text("subject", strings.Join(strings.Fields(in.Subject), " "), MaxSubject, true)
	if err != nil {
		return nil, err
	}
	desc, err := text("description", in.Description, MaxBody, true)
	if err != nil {
		return nil, err
	}
	if in.SiteID < 0 || !p.Reaches(in.SiteID) {
		return nil, sitecore.Invalid("site_id", "helpdesk.site")
	}
	if in.SiteID > 0 {
		if _, err := s.Sites.FindSiteByID(ctx, in.SiteID); sitecore.ErrorCode(err) == sitecore.ENotFound {
			return nil, sitecore.Invalid("site_id", "helpdesk.site")
		} else if err != nil {
			return nil, err
		}
	}
	lang := p.Lang
	if lang == "" {
		lang = sitecore.Kazakh
	}
	t := &sitecore.Ticket{SiteID: in.SiteID, RequesterID: p.UserID, Category: cat, Priority: sitecore.PriorityNormal,
		Subject: subject, Description: desc, Lang: lang}
	keys := []sitecore.ThrottleKey{limitOpenUser.Rule("ticket:" + strconv.FormatInt(p.UserID, 10))}
	if k, ok := sitecore.NetRule(ctx, "ticket-net:", limitOpenNet); ok {
		keys = append(keys, k)
	}
	if err := sitecore.Limit(ctx, s.Limiter, keys...); err != nil {
		return nil, err
	}
	if err := s.Store.CreateTicket(ctx, t); err != nil {
		return nil, err
	}
	// The ticket and its intake row are committed: from here the relay starts the workflow
	// whatever happens. Usually the request starts it itself, so the ticket's workflow runs
	// when the requester gets the answer (an agent can act on it at once). When many tickets
	// arrive together, at most SyncStarts requests wait for Temporal; the others answer now and
	// leave their start to the relay (within its poll, 500 ms), so a burst of tickets is
	// accepted at PostgreSQL's pace, not at the rate Temporal starts workflows.
	if !s.startSlot() {
		return t, nil
	}
	defer s.starting.Add(-1)
	if err := s.Workflows.Start(ctx, t.ID); err == nil {
		_ = s.Store.MarkTicketIntakeStarted(ctx, []int64{t.ID})
	} else if s.Log != nil {
		s.Log.WarnContext(ctx, "ticket workflow not started; the relay will", "ticket", t.ID, "error", err)
	}
	return t, nil
}

// MyTickets lists the caller's own tickets, the newest first; through a site-limited API
// token only those about that site.
func (s *Service) MyTickets(ctx context.Context, p *sitecore.Principal, f sitecore.TicketFilter) ([]sitecore.Ticket, error) {
	if err := loggedIn(p); err != nil {
		return nil, err
	}
	f.RequesterID, f.AssigneeID, f.SiteID, f.SLA = p.UserID, 0, p.TokenSite, ""
	return s.Store.ListTickets(ctx, f)
}

// visible returns the ticket if the caller may see it, telling whether as an agent. The
// requester sees it as a requester even when they are an agent too; through a site-limited
// API token only if it is about that site.
func (s *Service) visible(ctx context.Context, p *sitecore.Principal, id int64) (*sitecore.Ticket, bool, error) {
	if err := loggedIn(p); err != nil && !p.SupportAgent() {
		return nil, false, err
	}
	t, err := s.Store.FindTicket(ctx, id)
	if err != nil {
		return nil, false, err
	}
	switch {
	case p.UserID != 0 && t.RequesterID == p.UserID && p.Reaches(t.SiteID):
		return t, false, nil
	case p.SupportAgent():
		return t, true, nil
	}
	return nil, false, sitecore.NotFound("ticket")
}

// Get returns a ticket with its conversation; internal notes only for the support team.
func (s *Service) Get(ctx context.Context, p *sitecore.Principal, id int64) (*TicketDetail, error) {
	t, agent, err := s.visible(ctx, p, id)
	if err != nil {
		return nil, err
	}
	d := &TicketDetail{Ticket: t, Agent: agent}
	if d.Messages, err = s.Store.Messages(ctx, id, agent); err != nil {
		return nil, err
	}
	if d.Attachments, err = s.Store.Attachments(ctx, id); err != nil {
		return nil, err
	}
	if r, err := s.Store.FindRating(ctx, id); err == nil {
		d.Rating = r
	} else if sitecore.ErrorCode(err) != sitecore.ENotFound {
		return nil, err
	}
	return d, nil
}

// act checks that the ticket is not closed and sends the action to its workflow.
func (s *Service) act(ctx context.Context, t *sitecore.Ticket, action string, a sitecore.TicketAction) (sitecore.TicketView, error) {
	switch t.Status {
	case sitecore.TicketClosed:
		return sitecore.TicketView{}, sitecore.Conflictf("status", "helpdesk.state", "value", string(t.Status))
	}
	return s.Workflows.Act(ctx, t.ID, action, a)
}

// Reply is a message on the ticket: from its requester a reply (which reopens a solved
// ticket), from an agent a public reply (wait sets "waiting for the requester") or, with
// internal, a note only the team sees.
type Reply struct {
	Body     string `json:"body"`
	Internal bool   `json:"internal"`
	Wait     bool   `json:"wait"`
}

// Reply adds a message.
func (s *Service) Reply(ctx context.Context, p *sitecore.Principal, id int64, in Reply) (sitecore.TicketView, error) {
	t, agent, err := s.visible(ctx, p, id)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	body, err := text("body", in.Body, MaxBody, true)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	if !agent {
		if in.Internal || in.Wait {
			return sitecore.TicketView{}, sitecore.Invalid("internal", "helpdesk.agents_only")
		}
		return s.act(ctx, t, sitecore.TicketActRequesterReply, sitecore.TicketAction{ActorID: p.UserID, Body: body})
	}
	return s.act(ctx, t, sitecore.TicketActReply, sitecore.TicketAction{ActorID: p.UserID, Lead: p.SupportLead(),
		Agent: true, Body: body, Internal: in.Internal, Wait: in.Wait})
}

// Close closes the ticket (its requester, or a lead).
func (s *Service) Close(ctx context.Context, p *sitecore.Principal, id int64) (sitecore.TicketView, error) {
	t, agent, err := s.visible(ctx, p, id)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	if agent && !p.SupportLead() {
		return sitecore.TicketView{}, sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	return s.act(ctx, t, sitecore.TicketActClose, sitecore.TicketAction{ActorID: p.UserID, Lead: agent})
}

// Reopen reopens a solved ticket (its requester, within the solved window), with an
// optional message.
func (s *Service) Reopen(ctx context.Context, p *sitecore.Principal, id int64, body string) (sitecore.TicketView, error) {
	t, agent, err := s.visible(ctx, p, id)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	if agent {
		return sitecore.TicketView{}, sitecore.NotFound("ticket")
	}
	if body, err = text("body", body, MaxBody, false); err != nil {
		return sitecore.TicketView{}, err
	}
	return s.act(ctx, t, sitecore.TicketActReopen, sitecore.TicketAction{ActorID: p.UserID, Body: body})
}

// Rating is a requester's rating of the agent who solved the ticket.
type Rating struct {
	Stars   int    `json:"stars"`
	Comment string `json:"comment"`
	Reason  string `json:"reason"`
}

func (r Rating) validate() (Rating, error) {
	if r.Stars < 1 || r.Stars > 5 {
		return r, sitecore.Invalid("stars", "helpdesk.stars")
	}
	c, err := text("comment", r.Comment, MaxComment, false)
	if err != nil {
		return r, err
	}
	r.Comment, r.Reason = c, strings.TrimSpace(r.Reason)
	if (r.Stars <= sitecore.LowRating && r.Reason == "") || (r.Reason != "" && !slices.Contains(sitecore.RatingReasons, r.Reason)) {
		return r, sitecore.Invalid("reason", "helpdesk.reason", "value", strings.Join(sitecore.RatingReasons, ", "))
	}
	return r, nil
}

// Rate records the logged-in requester's rating of a solved ticket.
func (s *Service) Rate(ctx context.Context, p *sitecore.Principal, id int64, in Rating) (sitecore.TicketView, error) {
	t, agent, err := s.visible(ctx, p, id)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	if agent {
		return sitecore.TicketView{}, sitecore.NotFound("ticket")
	}
	if in, err = in.validate(); err != nil {
		return sitecore.TicketView{}, err
	}
	if err := s.rateable(ctx, t); err != nil {
		return sitecore.TicketView{}, err
	}
	return s.act(ctx, t, sitecore.TicketActRate, sitecore.TicketAction{ActorID: p.UserID, Stars: in.Stars,
		Comment: in.Comment, Reason: in.Reason})
}

// rateable refuses a ticket rated before or not solved.
func (s *Service) rateable(ctx context.Context, t *sitecore.Ticket) error {
	if _, err := s.Store.FindRating(ctx, t.ID); err == nil {
		return sitecore.Conflictf("stars", "helpdesk.rated")
	} else if sitecore.ErrorCode(err) != sitecore.ENotFound {
		return err
	}
	if t.Status != sitecore.TicketSolved {
		return sitecore.Conflictf("status", "helpdesk.state", "value", string(t.Status))
	}
	return nil
}

// hashToken returns the SHA-256 of an emailed token.
func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return sum[:]
}

// TicketForToken returns the ticket a rating link is for (to show its subject), or EInvalid
// on "token".
func (s *Service) TicketForToken(ctx context.Context, token string) (*sitecore.Ticket, error) {
	if strings.TrimSpace(token) == "" {
		return nil, sitecore.Invalid("token", "field.required")
	}
	id, err := s.Store.PeekRatingToken(ctx, hashToken(token))
	if err != nil {
		return nil, err
	}
	return s.Store.FindTicket(ctx, id)
}

// RateWithToken records a rating through the emailed link, without logging in. The token
// is bound to its ticket and spent with the rating in one transaction: a second use is
// EInvalid on "token" and changes nothing.
func (s *Service) RateWithToken(ctx context.Context, token string, in Rating) (sitecore.TicketView, error) {
	t, err := s.TicketForToken(ctx, token)
	if err != nil {
		return sitecore.TicketView{}, err
	}
	if in, err = in.validate(); err != nil {
		return sitecore.TicketView{}, err
	}
	if err := s.rateable(ctx, t); err != nil {
		return sitecore.TicketView{}, err
	}
	return s.act(ctx, t, sitecore.TicketActRate, sitecore.TicketAction{Stars: in.Stars, Comment: in.Comment,
		Reason: in.Reason, TokenHash: hashToken(token)})
}
