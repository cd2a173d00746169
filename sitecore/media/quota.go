// Package media is the service layer of a school's files: the media library (uploads
// sniffed, capped and stored in GridFS, thumbnails for images), the site's logo, the gallery
// albums built from them, and the per-site disk quota that every upload — admission
// documents too — reserves its bytes from.
package media

import (
	"context"
	"log/slog"
	"net/url"
	"strconv"
	"strings"

	"github.com/mektep/mektep/sitecore"
)

// MailQueue hands an email to durable delivery (workflows.EmailQueue): each key is sent once.
type MailQueue interface {
	Enqueue(ctx context.Context, e *sitecore.Email) error
}

// People finds a site's owners for the quota warnings.
type People interface {
	SiteMembers(ctx context.Context, siteID int64) ([]sitecore.Membership, error)
	FindUserByID(ctx context.Context, id int64) (*sitecore.User, error)
}

// Auditor records administrative actions.
type Auditor interface {
	Audit(ctx context.Context, a *sitecore.AuditEntry) error
}

// Quotas keeps the per-site disk quota. It implements sitecore.SpaceKeeper: a reservation
// that crosses 70% or 90% of the limit queues one email to each owner of the site.
type Quotas struct {
	Store  sitecore.QuotaStore
	Sites  sitecore.SiteStore
	People People
	Mail   MailQueue // nil: no warnings are sent
	Audit  Auditor
	// DefaultLimit is a site's limit until an operator sets another (DefaultQuotaBytes if 0).
	DefaultLimit int64
	// PublicURL is the platform's base URL; the warning links to the site on its scheme/port.
	PublicURL string
	Log       *slog.Logger
}

var _ sitecore.SpaceKeeper = (*Quotas)(nil)

func (q *Quotas) log() *slog.Logger {
	if q.Log != nil {
		return q.Log
	}
	return slog.Default()
}

func (q *Quotas) defaultLimit() int64 {
	if q.DefaultLimit > 0 {
		return q.DefaultLimit
	}
	return sitecore.DefaultQuotaBytes
}

// Reserve takes n bytes of the site's quota, or fails with a 413 naming field and the
// bytes left. Crossing a warning mark queues the owners' emails.
func (q *Quotas) Reserve(ctx context.Context, siteID, n int64, field string) error {
	if n <= 0 {
		return nil
	}
	st, ok, err := q.Store.ReserveSpace(ctx, siteID, n, q.defaultLimit())
	if err != nil {
		return err
	}
	if !ok {
		return sitecore.QuotaExceeded(field, st.Quota)
	}
	if st.Warned > st.Notified {
		q.warn(ctx, st)
	}
	return nil
}

// Release gives n bytes back; marks that usage falls below re-arm.
func (q *Quotas) Release(ctx context.Context, siteID, n int64) error {
	if n <= 0 {
		return nil
	}
	_, err := q.Store.ReleaseSpace(ctx, siteID, n, q.defaultLimit())
	if err != nil {
		q.log().ErrorContext(ctx, "quota release failed", "site", siteID, "bytes", n, "error", err)
	}
	return err
}

// Get returns the site's usage for anyone who may view its media library.
func (q *Quotas) Get(ctx context.Context, p *sitecore.Principal, siteID int64) (*sitecore.Quota, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, mediaResource); err != nil {
		return nil, err
	}
	st, err := q.Store.FindQuota(ctx, siteID, q.defaultLimit())
	if err != nil {
		return nil, err
	}
	if st.Warned > st.Notified { // a warning whose queueing failed earlier is retried
		q.warn(ctx, st)
	}
	return &st.Quota, nil
}

// maxQuota bounds a limit an operator can set (1 PiB), keeping the percentage arithmetic far
// from overflow.
const maxQuota int64 = 1 << 50

// SetLimit changes the site's limit; only platform operators may.
func (q *Quotas) SetLimit(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, limit int64) (*sitecore.Quota, error) {
	if !p.Operator() {
		if !p.Knows(siteID) {
			return nil, sitecore.NotFound("site")
		}
		return nil, sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	if limit <= 0 || limit > maxQuota {
		return nil, sitecore.Invalid("limit_bytes", "quota.limit_invalid")
	}
	if _, err := q.Sites.FindSiteByID(ctx, siteID); err != nil {
		return nil, err
	}
	st, err := q.Store.SetQuotaLimit(ctx, siteID, limit)
	if err != nil {
		return nil, err
	}
	audit(ctx, q.Audit, a, siteID, "quota.set", strconv.FormatInt(limit, 10))
	return &st.Quota, nil
}

// warn queues the warning of every mark in (Notified, Warned] to each owner, then records
// it. Failures are logged and retried on the next reservation: the email key makes a repeat
// harmless.
func (q *Quotas) warn(ctx context.Context, st sitecore.QuotaState) {
	if q.Mail == nil || q.People == nil {
		return
	}
	ctx = context.WithoutCancel(ctx)
	site, err := q.Sites.FindSiteByID(ctx, st.SiteID)
	if err != nil {
		q.log().ErrorContext(ctx, "quota warning: site", "site", st.SiteID, "error", err)
		return
	}
	recipients, err := q.owners(ctx, site)
	if err != nil {
		q.log().ErrorContext(ctx, "quota warning: owners", "site", st.SiteID, "error", err)
		return
	}
	for _, mark := range sitecore.QuotaMarks {
		if mark <= st.Notified || mark > st.Warned {
			continue
		}
		for _, u := range recipients {
			key := "quota-warning/" + strconv.FormatInt(st.SiteID, 10) + "/" + strconv.FormatInt(st.Epoch, 10) +
				"/" + strconv.Itoa(mark) + "/" + strconv.FormatInt(u.ID, 10)
			lang := u.Lang
			if lang == "" {
				lang = site.DefaultLang()
			}
			e := sitecore.QuotaWarningEmail(key, lang, u.Email, u.FullName, site.Name(lang), q.siteURL(site), mark, st.Quota)
			if err := q.Mail.Enqueue(ctx, e); err != nil {
				q.log().ErrorContext(ctx, "quota warning: enqueue", "site", st.SiteID, "mark", mark, "error", err)
				return
			}
		}
		if err := q.Store.MarkQuotaNotified(ctx, st.SiteID, st.Epoch, mark); err != nil {
			q.log().ErrorContext(ctx, "quota warning: mark", "site", st.SiteID, "error", err)
			return
		}
		q.log().InfoContext(ctx, "quota warning queued", "site", st.SiteID, "mark", mark, "used", st.UsedBytes, "limit", st.LimitBytes)
	}
}

// owners returns the site's owners; a site whose owner has no account yet gets its
// provisioning address (with ID 0 in the key).
func (q *Quotas) owners(ctx context.Context, site *sitecore.Site) ([]*sitecore.User, error) {
	ms, err := q.People.SiteMembers(ctx, site.ID)
	if err != nil {
		return nil, err
	}
	var out []*sitecore.User
	for _, m := range ms {
		if m.Role != sitecore.RoleOwner {
			continue
		}
		u, err := q.People.FindUserByID(ctx, m.UserID)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if len(out) == 0 && site.OwnerEmail != "" {
		out = append(out, &sitecore.User{Email: site.OwnerEmail, Lang: site.DefaultLang()})
	}
	return out, nil
}

// siteURL is the site's home page on its first domain, with the scheme and port of the
// platform's public URL (so dev links work).
func (q *Quotas) siteURL(s *sitecore.Site) string {
	scheme, port := "https", ""
	if u, err := url.Parse(q.PublicURL); err == nil && u.Scheme != "" {
		scheme, port = u.Scheme, u.Port()
	}
	if len(s.Domains) == 0 {
		return strings.TrimRight(q.PublicURL, "/")
	}
	host := s.Domains[0]
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host + "/"
}

func audit(ctx context.Context, au Auditor, a sitecore.Actor, siteID int64, action, target string) {
	if au == nil {
		return
	}
	ip := ""
	if a.IP.IsValid() {
		ip = a.IP.String()
	}
	_ = au.Audit(context.WithoutCancel(ctx), &sitecore.AuditEntry{SiteID: siteID, ActorID: a.UserID, ActorName: a.Name,
		Action: action, Target: target, IP: ip, UserAgent: a.UserAgent})
}
