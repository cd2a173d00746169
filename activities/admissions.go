package activities

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
)

// FamilyAccounts is what admissions need of the account store: a parent's account, the
// enrolled child's membership and the link between them.
type FamilyAccounts interface {
	sitecore.UserStore
	sitecore.MemberStore
	sitecore.ParentLinkStore
}

// Admissions holds the side effects of the admission workflow.
type Admissions struct {
	Store    sitecore.AdmissionStore
	Sites    sitecore.SiteStore
	Accounts FamilyAccounts
	Mail     *Mail
	// Offer asks the workflow of a waitlisted application to admit it (an update); it is set
	// by the wiring, since workflows import this package and not the other way round.
	Offer     func(ctx context.Context, appID int64) error
	PublicURL string
}

// AdmissionInfo is what the workflow needs to know about its application and campaign.
type AdmissionInfo struct {
	// ParentID is the family's account; the update validators check actors against it
	// (0 in workflows that loaded their info before it was kept: no check there).
	ParentID     int64
	Status       sitecore.AdmissionStatus
	Released     bool
	CampaignID   int64
	Grade        int
	ResultsAt    time.Time
	OfferDays    int
	ReminderDays int
	WithdrawDays int
}

// LoadAdmission reads the application and its campaign's deadlines.
func (a *Admissions) LoadAdmission(ctx context.Context, appID int64) (AdmissionInfo, error) {
	app, err := a.Store.FindApplicationByID(ctx, appID)
	if err != nil {
		return AdmissionInfo{}, asTemporal(err)
	}
	c, err := a.Store.FindCampaign(ctx, app.SiteID, app.CampaignID)
	if err != nil {
		return AdmissionInfo{}, asTemporal(err)
	}
	return AdmissionInfo{ParentID: app.ParentID, Status: app.Status, Released: app.Released, CampaignID: c.ID, Grade: app.Grade,
		ResultsAt: c.ResultsAt, OfferDays: c.OfferDays, ReminderDays: c.ReminderDays, WithdrawDays: c.WithdrawDays}, nil
}

// TransitionInput is one recorded move of an application.
type TransitionInput struct {
	AppID  int64
	From   []sitecore.AdmissionStatus
	To     sitecore.AdmissionStatus
	Change sitecore.AppChange
	Actor  string
	Note   string
}

// TransitionResult names the history entry written.
type TransitionResult struct {
	EventID int64
}

// Transition records the move in PostgreSQL. A retry after the move was already recorded
// (the state in the database is To and the event exists) succeeds without writing again.
func (a *Admissions) Transition(ctx context.Context, in TransitionInput) (TransitionResult, error) {
	return a.transition(ctx, in, false)
}

// ReserveSeat admits the application if its grade has a free seat; a full grade fails the
// decision for good (the school sees why).
func (a *Admissions) ReserveSeat(ctx context.Context, in TransitionInput) (TransitionResult, error) {
	return a.transition(ctx, in, true)
}

func (a *Admissions) transition(ctx context.Context, in TransitionInput, seat bool) (TransitionResult, error) {
	ev := sitecore.AppEvent{Actor: in.Actor, To: in.To, Note: in.Note}
	var err error
	if seat {
		_, err = a.Store.ReserveSeat(ctx, in.AppID, in.From, in.Change, ev)
	} else {
		_, err = a.Store.Transition(ctx, in.AppID, in.From, in.To, in.Change, ev)
	}
	if sitecore.ErrorCode(err) == sitecore.EConflict && sitecore.AsError(err).Field == "status" {
		// An earlier attempt may have committed before its worker died: find its event.
		if id, ok := a.lastEvent(ctx, in.AppID, in.To); ok {
			return TransitionResult{EventID: id}, nil
		}
	}
	if err != nil {
		return TransitionResult{}, asTemporal(err)
	}
	id, _ := a.lastEvent(ctx, in.AppID, in.To)
	return TransitionResult{EventID: id}, nil
}

// lastEvent returns the newest history entry of the application if it moved to status.
func (a *Admissions) lastEvent(ctx context.Context, appID int64, to sitecore.AdmissionStatus) (int64, bool) {
	h, err := a.Store.History(ctx, appID)
	if err != nil || len(h) == 0 || h[len(h)-1].To != to {
		return 0, false
	}
	return h[len(h)-1].ID, true
}

// NotifyInput names an email about an application; Key makes it unique (the event).
type NotifyInput struct {
	AppID int64
	Kind  string
	Key   string
}

// NotifyParent emails the family about the application in their language, once per key.
func (a *Admissions) NotifyParent(ctx context.Context, in NotifyInput) error {
	app, err := a.Store.FindApplicationByID(ctx, in.AppID)
	if err != nil {
		return asTemporal(err)
	}
	site, err := a.Sites.FindSiteByID(ctx, app.SiteID)
	if err != nil {
		return asTemporal(err)
	}
	m := sitecore.AdmissionMail{Kind: in.Kind, Number: app.Number, Child: app.ChildName, School: site.Name(app.Lang),
		Position: app.WaitlistPosition, Link: site.URL(a.PublicURL, "/"+string(site.PageLang(app.Lang))+"/admissions")}
	if app.OfferExpiresAt != nil {
		m.Deadline = sitecore.LocalDateTime(*app.OfferExpiresAt)
	}
	switch in.Kind {
	case string(sitecore.AppDeclined):
		m.Note = strings.TrimSpace(app.DeclineReason + " " + app.DeclineText)
	case MailVoided:
		m.Note = app.DeclineText
	default:
		if h, err := a.Store.History(ctx, app.ID); err == nil && len(h) > 0 {
			m.Note = h[len(h)-1].Note
		}
	}
	e := sitecore.AdmissionEmail(fmt.Sprintf("admission/%d/%s", app.ID, in.Key), app.Lang, app.Email, m)
	if e == nil {
		return nil
	}
	return a.Mail.SendEmail(ctx, *e)
}

// Emails of an IIN dispute's resolution (kinds of sitecore.AdmissionEmail).
const (
	MailVoided        = "voided"         // to the family: the application was voided
	MailDisputeStands = "dispute_stands" // to the family: a claim was checked, it stands
	MailClaimVoid     = "claim_void"     // to a claimant: the IIN is free, apply now
	MailClaimStands   = "claim_stands"   // to a claimant: the other application stays
)

// SettleInput is the school's resolution of an application's IIN dispute.
type SettleInput struct {
	AppID   int64
	Outcome string // sitecore.DisputeVoid or sitecore.DisputeStands
	Actor   string // "user:<id>"
}

// SettleDispute records the resolution (the claims' outcome and an audit entry, in one
// transaction) and emails every claimant the outcome in their own language, with a link to
// the family page on the school's domain; when the application stands, its family is told
// too. Emails are keyed by application, person and outcome and checked against the mail
// log, so a retry sends nothing twice. The claimants learn nothing of the other application
// (no number, no name).
func (a *Admissions) SettleDispute(ctx context.Context, in SettleInput) error {
	app, err := a.Store.FindApplicationByID(ctx, in.AppID)
	if err != nil {
		return asTemporal(err)
	}
	site, err := a.Sites.FindSiteByID(ctx, app.SiteID)
	if err != nil {
		return asTemporal(err)
	}
	audit := &sitecore.AuditEntry{SiteID: app.SiteID, ActorName: in.Actor, Action: "admission.dispute_" + in.Outcome,
		Target: "application:" + app.Number}
	if id, ok := strings.CutPrefix(in.Actor, "user:"); ok {
		audit.ActorID, _ = strconv.ParseInt(id, 10, 64)
	}
	claims, err := a.Store.SettleDispute(ctx, app.ID, in.Outcome, audit)
	if err != nil {
		return asTemporal(err)
	}
	send := func(kind, key string, lang sitecore.Lang, to string) error {
		m := sitecore.AdmissionMail{Kind: kind, Number: app.Number, School: site.Name(lang),
			Link: site.URL(a.PublicURL, "/"+string(site.PageLang(lang))+"/admissions")}
		if kind == MailDisputeStands {
			m.Child = app.ChildName
		}
		e := sitecore.AdmissionEmail(fmt.Sprintf("admission/%d/dispute/%s", app.ID, key), lang, to, m)
		if e == nil {
			return nil
		}
		return a.Mail.SendEmail(ctx, *e)
	}
	kind := MailClaimStands
	if in.Outcome == sitecore.DisputeVoid {
		kind = MailClaimVoid
	}
	for _, c := range claims {
		u, err := a.Accounts.FindUserByID(ctx, c.ClaimantID)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			continue
		}
		if err != nil {
			return asTemporal(err)
		}
		if err := send(kind, fmt.Sprintf("%s/%d/%d", in.Outcome, c.ClaimantID, c.ResolvedAt.UnixMilli()), u.Lang, u.Email); err != nil {
			return err
		}
	}
	if in.Outcome == sitecore.DisputeStands && len(claims) > 0 {
		return send(MailDisputeStands, fmt.Sprintf("stands/%d", claims[len(claims)-1].ResolvedAt.UnixMilli()), app.Lang, app.Email)
	}
	return nil
}

// PromoteInput names a freed seat.
type PromoteInput struct {
	CampaignID int64
	Grade      int
	FreedBy    int64
}

// PromoteNext offers a freed seat to the first family on the grade's waiting list.
func (a *Admissions) PromoteNext(ctx context.Context, in PromoteInput) error {
	next, err := a.Store.NextWaitlisted(ctx, in.CampaignID, in.Grade)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return nil
	}
	if err != nil {
		return asTemporal(err)
	}
	if a.Offer == nil {
		return nil
	}
	if err := a.Offer(ctx, next.ID); err != nil {
		// The seat may have been taken meanwhile; the school sees the list either way.
		activity.GetLogger(ctx).Warn("offering a freed seat failed", "application", next.ID, "error", err)
	}
	return nil
}

// Enroll makes the child a student of the school: an account for the child (without a
// password; the school hands out access), the parent's role and a confirmed parent link.
// Every step checks what exists, so a retry adds nothing twice.
func (a *Admissions) Enroll(ctx context.Context, appID int64) error {
	app, err := a.Store.FindApplicationByID(ctx, appID)
	if err != nil {
		return asTemporal(err)
	}
	site, err := a.Sites.FindSiteByID(ctx, app.SiteID)
	if err != nil {
		return asTemporal(err)
	}
	// Children often have no email of their own: the account gets a stable internal address.
	email := sitecore.StudentEmail(app.ID, site.Slug)
	child, err := a.Accounts.FindUserByEmail(ctx, email)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		child = &sitecore.User{Email: email, FullName: app.ChildName, Lang: app.InstructionLang, Visibility: sitecore.VisibilityHidden}
		err = a.Accounts.CreateUser(ctx, child)
	}
	if err != nil {
		return asTemporal(err)
	}
	audit := func(action string) *sitecore.AuditEntry {
		return &sitecore.AuditEntry{SiteID: app.SiteID, ActorName: "admissions", Action: action, Target: "application:" + app.Number}
	}
	if err := a.Accounts.AddMember(ctx, sitecore.Membership{SiteID: app.SiteID, UserID: child.ID, Role: sitecore.RoleStudent}, audit("student.enroll")); err != nil {
		return asTemporal(err)
	}
	if err := a.Accounts.AddMember(ctx, sitecore.Membership{SiteID: app.SiteID, UserID: app.ParentID, Role: sitecore.RoleParent}, audit("parent.add")); err != nil {
		return asTemporal(err)
	}
	link := &sitecore.ParentLink{ParentID: app.ParentID, ChildID: child.ID}
	if err := a.Accounts.CreateParentLink(ctx, link); err != nil {
		return asTemporal(err)
	}
	return asTemporal(a.Accounts.ConfirmParentLink(ctx, link.ID, "site:"+strconv.FormatInt(app.SiteID, 10), audit("parent_link.confirm")))
}
