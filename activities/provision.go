package activities

import (
	"context"
	"net/url"
	"time"

	"go.temporal.io/sdk/activity"

	"github.com/mektep/mektep/sitecore"
)

// Provisioning holds what the site provisioning activities need.
type Provisioning struct {
	Sites     sitecore.SiteStore
	Content   sitecore.ContentStore
	Mailer    sitecore.Mailer
	MailLog   sitecore.MailLog
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
	}
	if err := p.Content.UpsertMenu(ctx, menu); err != nil {
		return asTemporal(err)
	}
	activity.GetLogger(ctx).Info("site content seeded", "site", siteID, "pages", len(pages))
	return asTemporal(p.Sites.SetSiteStep(ctx, siteID, sitecore.StepContentSeeded))
}

// InviteOwner emails the owner an invitation once. The mail log is checked before sending and
// written after, so a retry after a crash between the two may resend (at least once); the
// Message-ID derived from the key lets mail clients fold such a duplicate.
func (p *Provisioning) InviteOwner(ctx context.Context, siteID int64) error {
	s, err := p.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return asTemporal(err)
	}
	siteURL := p.siteURL(s)
	e := sitecore.InvitationEmail(s, siteURL, siteURL+"/admin/")
	sent, err := p.MailLog.MailSent(ctx, e.Key)
	if err != nil {
		return asTemporal(err)
	}
	if !sent {
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

// ActivateSite makes the site visible to visitors; it is the last step, so a site is served
// only when everything before it succeeded.
func (p *Provisioning) ActivateSite(ctx context.Context, siteID int64) error {
	return asTemporal(p.Sites.SetSiteStep(ctx, siteID, sitecore.StepActivated))
}

// FailSite records why provisioning gave up.
func (p *Provisioning) FailSite(ctx context.Context, siteID int64, reason string) error {
	return asTemporal(p.Sites.FailSite(ctx, siteID, reason))
}

// siteURL is the address of the site's home page: its first domain with the scheme and port
// of the platform's public URL (so dev links work on :8080).
func (p *Provisioning) siteURL(s *sitecore.Site) string {
	scheme, port := "https", ""
	if u, err := url.Parse(p.PublicURL); err == nil && u.Scheme != "" {
		scheme, port = u.Scheme, u.Port()
	}
	host := s.Domains[0]
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host
}
