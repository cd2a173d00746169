package activities

import (
	"context"
	"strings"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/accounts"
)

// OwnerAccounts is what provisioning needs of the account store: the owner's account, their
// membership and the token of the set-password link.
type OwnerAccounts interface {
	sitecore.UserStore
	sitecore.MemberStore
	sitecore.CredentialStore
}

// Provisioning holds what the site provisioning activities need.
type Provisioning struct {
	Sites     sitecore.SiteStore
	Content   sitecore.ContentStore
	Index     sitecore.SearchIndexer // may be nil
	Mailer    sitecore.Mailer
	MailLog   sitecore.MailLog
	Accounts  OwnerAccounts
	PublicURL string           // the platform's base URL; its scheme and port shape site links
	Now       func() time.Time // time.Now unless a test fixes it
}

func (p *Provisioning) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// SeedContent writes the starter pages and main menu of the site in each of its languages.
// Documents are upserted by (site, key), so running it twice leaves one copy of each.
func (p *Provisioning) SeedContent(ctx context.Context, siteID int64) error {
	s, err := p.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return asTemporal(err)
	}
	pages, menu := sitecore.DefaultContent(s, p.now().UTC())
	for _, pg := range pages {
		if err := p.Content.UpsertPage(ctx, pg); err != nil {
			return asTemporal(err)
		}
		if err := p.index(ctx, pg); err != nil {
			return asTemporal(err)
		}
	}
	if err := p.Content.UpsertMenu(ctx, menu); err != nil {
		return asTemporal(err)
	}
	activity.GetLogger(ctx).Info("site content seeded", "site", siteID, "pages", len(pages))
	return asTemporal(p.Sites.SetSiteStep(ctx, siteID, sitecore.StepContentSeeded))
}

// InviteOwner makes the owner's account (if the address has none) and owner role, and
// emails the invitation once, with a link to set a password for a new account. The mail log
// is checked before sending and written after, so a retry after a crash between the two may
// resend (at least once); the Message-ID derived from the key lets mail clients fold such a
// duplicate.
func (p *Provisioning) InviteOwner(ctx context.Context, siteID int64) error {
	s, err := p.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return asTemporal(err)
	}
	siteURL := s.URL(p.PublicURL, "")
	key := sitecore.InvitationEmail(s, siteURL, "").Key
	sent, err := p.MailLog.MailSent(ctx, key)
	if err != nil {
		return asTemporal(err)
	}
	if !sent {
		link, err := p.ensureOwner(ctx, s)
		if err != nil {
			return asTemporal(err)
		}
		if link == "" {
			link = siteURL + "/admin/"
		}
		e := sitecore.InvitationEmail(s, siteURL, link)
		if err := p.Mailer.Send(ctx, e); err != nil {
			return asTemporal(err)
		}
		if err := p.MailLog.MarkMailSent(ctx, e.Key, e.To); err != nil {
			return asTemporal(err)
		}
		activity.GetLogger(ctx).Info("owner invited", "site", siteID)
	}
	return asTemporal(p.Sites.SetSiteStep(ctx, siteID, sitecore.StepOwnerInvited))
}

// ensureOwner finds or creates the owner's account and gives it the owner role. For an
// account without a password or a verified address it returns a link to set one (valid a
// week, accounts.InvitationLink); the role counts once the address is verified.
func (p *Provisioning) ensureOwner(ctx context.Context, s *sitecore.Site) (string, error) {
	if p.Accounts == nil {
		return "", nil
	}
	u, err := p.Accounts.FindUserByEmail(ctx, s.OwnerEmail)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		// The owner's name is not known yet; the address's local part stands in (never the
		// whole address: names are public on profiles) until the owner sets it.
		name, _, _ := strings.Cut(s.OwnerEmail, "@")
		u = &sitecore.User{Email: s.OwnerEmail, FullName: name, Lang: s.DefaultLang(),
			Visibility: sitecore.VisibilityMembers}
		err = p.Accounts.CreateUser(ctx, u)
		if sitecore.ErrorCode(err) == sitecore.EConflict { // created by an earlier attempt
			u, err = p.Accounts.FindUserByEmail(ctx, s.OwnerEmail)
		}
	}
	if err != nil {
		return "", err
	}
	if err := p.Accounts.AddMember(ctx, sitecore.Membership{SiteID: s.ID, UserID: u.ID, Role: sitecore.RoleOwner},
		&sitecore.AuditEntry{SiteID: s.ID, ActorName: "platform", Action: "owner.add", Target: u.Email}); err != nil {
		return "", err
	}
	return accounts.InvitationLink(ctx, p.Accounts, p.PublicURL, u, p.now())
}

// ActivateSite makes the site visible to visitors; it is the last step, so a site is served
// only when everything before it succeeded.
func (p *Provisioning) ActivateSite(ctx context.Context, siteID int64) error {
	return asTemporal(p.Sites.SetSiteStep(ctx, siteID, sitecore.StepActivated))
}

// FailSite records why provisioning gave up.
func (p *Provisioning) FailSite(ctx context.Context, siteID int64, reason string) error {
	return asTemporal(p.Sites.FailSite(ctx, siteID, reason))
}

// index hands a seeded page's text to the search index (replacing, so retries are harmless).
func (p *Provisioning) index(ctx context.Context, pg *sitecore.Page) error {
	if p.Index == nil || !pg.Published {
		return nil
	}
	docs := make([]sitecore.SearchDoc, 0, len(pg.Text))
	for l, t := range pg.Text {
		path := "/" + string(l) + "/" + t.Slug
		if t.Slug == "" {
			path = "/" + string(l) + "/"
		}
		docs = append(docs, sitecore.SearchDoc{SiteID: pg.SiteID, Kind: sitecore.SearchPage, Key: pg.Key, Lang: l,
			Title: t.Title, Body: t.Body, Path: path, PublishedAt: pg.UpdatedAt})
	}
	return p.Index.IndexItem(ctx, pg.SiteID, sitecore.SearchPage, pg.Key, docs)
}
