package activities

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
)

// Helpdesk holds the side effects of the ticket workflow: reading a ticket and its SLA
// policy, recording actions, round-robin assignment, escalations and the emails to
// requesters (in their language) and to the support team.
type Helpdesk struct {
	Store     sitecore.HelpdeskStore
	Accounts  sitecore.UserStore
	Sites     sitecore.SiteStore // the school a ticket concerns, for links to its pages
	Mail      *Mail
	PublicURL string
}

// TicketPolicy is the SLA policy of a ticket with its calendar.
type TicketPolicy struct {
	Policy   sitecore.SLAPolicy
	Calendar sitecore.Calendar
}

// TicketInfo is what the workflow needs to know about its ticket.
type TicketInfo struct {
	Status      sitecore.TicketStatus
	RequesterID int64
	AssigneeID  int64
	Category    sitecore.TicketCategory
	Priority    sitecore.TicketPriority
	CreatedAt   time.Time
	TicketPolicy
}

// LoadTicket reads the ticket and its policy.
func (h *Helpdesk) LoadTicket(ctx context.Context, ticketID int64) (TicketInfo, error) {
	t, err := h.Store.FindTicket(ctx, ticketID)
	if err != nil {
		return TicketInfo{}, asTemporal(err)
	}
	p, err := h.LoadPolicy(ctx, PolicyInput{Category: t.Category, Priority: t.Priority})
	if err != nil {
		return TicketInfo{}, err
	}
	return TicketInfo{Status: t.Status, RequesterID: t.RequesterID, AssigneeID: t.AssigneeID, Category: t.Category,
		Priority: t.Priority, CreatedAt: t.CreatedAt, TicketPolicy: p}, nil
}

// PolicyInput names a category and priority.
type PolicyInput struct {
	Category sitecore.TicketCategory
	Priority sitecore.TicketPriority
}

// defaultPolicy applies when no stored policy matches (an operator deleted the catch-all).
var defaultPolicy = sitecore.SLAPolicy{FirstResponse: 4 * time.Hour, Resolution: 27 * time.Hour, ReminderPct: 75,
	SecondPct: 150, Calendar: sitecore.CalendarBusiness, AutoClose: 7 * 24 * time.Hour, SolvedWindow: 7 * 24 * time.Hour}

// LoadPolicy returns the most specific policy for the category and priority, with the
// calendar it names.
func (h *Helpdesk) LoadPolicy(ctx context.Context, in PolicyInput) (TicketPolicy, error) {
	ps, err := h.Store.Policies(ctx)
	if err != nil {
		return TicketPolicy{}, asTemporal(err)
	}
	p, ok := sitecore.PickPolicy(ps, in.Category, in.Priority)
	if !ok {
		p = defaultPolicy
	}
	if p.Calendar == sitecore.Calendar24x7 {
		return TicketPolicy{Policy: p, Calendar: sitecore.AlwaysCalendar}, nil
	}
	c, err := h.Store.BusinessCalendar(ctx)
	if err != nil {
		return TicketPolicy{}, asTemporal(err)
	}
	return TicketPolicy{Policy: p, Calendar: c}, nil
}

// AutoAssign assigns the ticket round-robin and returns the agent (0: nobody on duty).
func (h *Helpdesk) AutoAssign(ctx context.Context, ticketID int64) (int64, error) {
	id, err := h.Store.AutoAssign(ctx, ticketID)
	return id, asTemporal(err)
}

// ApplyTicketChange records an action; a retry of a recorded one changes nothing.
func (h *Helpdesk) ApplyTicketChange(ctx context.Context, ch sitecore.TicketChange) error {
	_, err := h.Store.ApplyTicketChange(ctx, ch)
	return asTemporal(err)
}

// EscalateInput is one step of the SLA ladder.
type EscalateInput struct {
	TicketID int64
	Clock    string // "first_response" or "resolution"
	Level    int    // 1 reminder, 2 breach, 3 second escalation
	DueAt    time.Time
}

// Escalate records the step once and tells the people it concerns (RecordEscalation, then
// SendEscalation). Workflows from before the ticket's database steps ran as local
// activities call it; newer ones call the two halves.
func (h *Helpdesk) Escalate(ctx context.Context, in EscalateInput) error {
	to, err := h.RecordEscalation(ctx, in)
	if err != nil {
		return err
	}
	return h.SendEscalation(ctx, EscalationNotice{EscalateInput: in, To: to})
}

// RecordEscalation records the step once (the ticket is marked breached from level 2) and
// returns who must hear of it: the assignee is reminded (the team leads when nobody is
// assigned), the leads hear of a breach, the operators of the second escalation. It only
// touches PostgreSQL, so the workflow runs it as a local activity, at the moment the step
// falls due.
func (h *Helpdesk) RecordEscalation(ctx context.Context, in EscalateInput) ([]int64, error) {
	e := &sitecore.Escalation{TicketID: in.TicketID, Clock: in.Clock, Level: in.Level, DueAt: in.DueAt}
	if _, err := h.Store.RecordEscalation(ctx, e); err != nil {
		return nil, asTemporal(err)
	}
	activity.GetLogger(ctx).Info("ticket escalated", "ticket", in.TicketID, "clock", in.Clock, "level", in.Level,
		"late_ms", e.FiredAt.Sub(in.DueAt).Milliseconds())
	if in.Level == 1 {
		t, err := h.Store.FindTicket(ctx, in.TicketID)
		if err != nil {
			return nil, asTemporal(err)
		}
		if t.AssigneeID != 0 {
			return []int64{t.AssigneeID}, nil
		}
	}
	role := sitecore.PlatformSupportLead
	if in.Level > 2 {
		role = sitecore.PlatformOperator
	}
	staff, err := h.Store.SupportStaff(ctx, role)
	if err != nil {
		return nil, asTemporal(err)
	}
	to := make([]int64, len(staff))
	for i, u := range staff {
		to[i] = u.ID
	}
	return to, nil
}

// EscalationNotice is a recorded step and the people to email about it.
type EscalationNotice struct {
	EscalateInput
	To []int64
}

// SendEscalation emails the step to each person, once per step and person.
func (h *Helpdesk) SendEscalation(ctx context.Context, in EscalationNotice) error {
	if len(in.To) == 0 {
		return nil
	}
	t, err := h.Store.FindTicket(ctx, in.TicketID)
	if err != nil {
		return asTemporal(err)
	}
	kind := [...]string{"reminder", "breach", "escalation"}[in.Level-1]
	for _, id := range in.To {
		u, err := h.Accounts.FindUserByID(ctx, id)
		if err != nil {
			return asTemporal(err)
		}
		m := h.mail(t, kind, h.staffLink(t.ID))
		m.Clock, m.Due = in.Clock, sitecore.LocalDateTime(in.DueAt)
		key := fmt.Sprintf("helpdesk/%d/%s-%d/%d", t.ID, in.Clock, in.Level, u.ID)
		if err := h.send(ctx, key, u.Lang, u.Email, m); err != nil {
			return err
		}
	}
	return nil
}

// NoticeInput names an email about a ticket; Key makes it unique.
type NoticeInput struct {
	TicketID int64
	Kind     string // "received", "reply", "waiting", "auto_closed", "merged", "assigned"
	Key      string
	// AgentID receives "assigned"; Into is the ticket a merged one went into.
	AgentID int64
	Into    int64
}

// Notify emails the requester (or, for "assigned", the agent) about the ticket, once per key.
func (h *Helpdesk) Notify(ctx context.Context, in NoticeInput) error {
	t, err := h.Store.FindTicket(ctx, in.TicketID)
	if err != nil {
		return asTemporal(err)
	}
	to := t.RequesterID
	if in.Kind == "assigned" {
		to = in.AgentID
	}
	u, err := h.Accounts.FindUserByID(ctx, to)
	if err != nil {
		return asTemporal(err)
	}
	lang := u.Lang
	if to == t.RequesterID && t.Lang != "" {
		lang = t.Lang
	}
	link := h.staffLink(t.ID)
	if to == t.RequesterID {
		into := t.ID
		if in.Into != 0 {
			into = in.Into
		}
		if link, lang, err = h.requesterLink(ctx, t, into, lang); err != nil {
			return asTemporal(err)
		}
	}
	m := h.mail(t, in.Kind, link)
	if in.Kind == "reply" {
		ms, err := h.Store.Messages(ctx, t.ID, false)
		if err != nil {
			return asTemporal(err)
		}
		for i := len(ms) - 1; i >= 0; i-- {
			if ms[i].AuthorID != t.RequesterID {
				m.Body = ms[i].Body
				break
			}
		}
	}
	return h.send(ctx, in.Key, lang, u.Email, m)
}

// RatingRequestInput asks the requester to rate the agent.
type RatingRequestInput struct {
	TicketID int64
	Key      string
	Expires  time.Time
}

// SendRatingRequest emails the requester that the ticket is solved, with a single-use link
// to rate the agent. The token is made here, so it never enters the workflow's history; a
// retry after the email went out sends nothing (a retry before that makes a new token).
func (h *Helpdesk) SendRatingRequest(ctx context.Context, in RatingRequestInput) error {
	if sent, err := h.Mail.MailLog.MailSent(ctx, in.Key); err != nil || sent {
		return asTemporal(err)
	}
	t, err := h.Store.FindTicket(ctx, in.TicketID)
	if err != nil {
		return asTemporal(err)
	}
	u, err := h.Accounts.FindUserByID(ctx, t.RequesterID)
	if err != nil {
		return asTemporal(err)
	}
	var b [24]byte
	_, _ = rand.Read(b[:])
	token := base64.RawURLEncoding.EncodeToString(b[:])
	sum := sha256.Sum256([]byte(token))
	if err := h.Store.CreateRatingToken(ctx, sum[:], t.ID, in.Expires); err != nil {
		return asTemporal(err)
	}
	lang := t.Lang
	if lang == "" {
		lang = u.Lang
	}
	m := h.mail(t, "solved", "")
	m.Link = strings.TrimRight(h.PublicURL, "/") + "/helpdesk/rate?lang=" + string(lang) + "&token=" + url.QueryEscape(token)
	return h.send(ctx, in.Key, lang, u.Email, m)
}

// RatingInput is a requester's rating.
type RatingInput struct {
	TicketID  int64
	Stars     int
	Comment   string
	Reason    string
	TokenHash []byte
}

// RecordRating stores the rating (consuming the link's token, if any).
func (h *Helpdesk) RecordRating(ctx context.Context, in RatingInput) error {
	r := &sitecore.TicketRating{TicketID: in.TicketID, Stars: in.Stars, Comment: in.Comment, Reason: in.Reason}
	err := h.Store.RecordRating(ctx, r, in.TokenHash)
	if c := sitecore.ErrorCode(err); c == sitecore.EConflict || c == sitecore.EInvalid {
		// A retry after the rating was stored (its token spent): the same rating is there.
		if got, ferr := h.Store.FindRating(ctx, in.TicketID); ferr == nil && got.Stars == in.Stars && got.Comment == in.Comment {
			return nil
		}
	}
	return asTemporal(err)
}

func (h *Helpdesk) mail(t *sitecore.Ticket, kind, link string) sitecore.HelpdeskMail {
	return sitecore.HelpdeskMail{Kind: kind, Number: strconv.FormatInt(t.ID, 10), Subject: t.Subject, Link: link}
}

// requesterLink is the requester's page of ticket id on the school's own domain, in lang
// when the site has it (the language is returned, so the email matches the page). A ticket
// about no school (SiteID 0) has no such page and links to where staff open it.
func (h *Helpdesk) requesterLink(ctx context.Context, t *sitecore.Ticket, id int64, lang sitecore.Lang) (string, sitecore.Lang, error) {
	if t.SiteID == 0 || h.Sites == nil {
		return h.staffLink(id), lang, nil
	}
	site, err := h.Sites.FindSiteByID(ctx, t.SiteID)
	if err != nil {
		return "", lang, err
	}
	lang = site.PageLang(lang)
	return site.URL(h.PublicURL, "/"+string(lang)+"/helpdesk/"+strconv.FormatInt(id, 10)), lang, nil
}

// staffLink is where agents open a ticket. The control panel has no ticket page yet, so it
// is the ticket in the API (readable with the agent's session); change it here when the
// panel's page lands.
func (h *Helpdesk) staffLink(id int64) string {
	return strings.TrimRight(h.PublicURL, "/") + "/api/v1/helpdesk/tickets/" + strconv.FormatInt(id, 10)
}

func (h *Helpdesk) send(ctx context.Context, key string, lang sitecore.Lang, to string, m sitecore.HelpdeskMail) error {
	e := sitecore.HelpdeskEmail(key, lang, to, m)
	if e == nil || to == "" {
		return nil
	}
	return h.Mail.SendEmail(ctx, *e)
}
