// Package mailboxes is the service layer of a school's edu mailboxes (issue #16, seed 3.1.2
// and 4.9): a site's admins create mailboxes on the school's primary domain within the site's
// mail quota, reset their passwords (a new password is shown once), suspend, resume and
// delete them. Records are kept in PostgreSQL and audited; the mail server (a
// sitecore.MailServer) holds the mail and the password hashes.
package mailboxes

import (
	"context"
	"log/slog"
	"strconv"
	"sync"

	"github.com/mektep/mektep/sitecore"
)

// Auditor records administrative actions.
type Auditor interface {
	Audit(ctx context.Context, a *sitecore.AuditEntry) error
}

// Service implements mailboxes.
type Service struct {
	Store sitecore.MailboxStore
	Sites sitecore.SiteStore
	Audit Auditor
	// Server is the mail platform; nil when none is configured (every call but the listing
	// then answers EUnavailable).
	Server sitecore.MailServer
	// DefaultLimit is a site's mail quota unless an operator sets another
	// (sitecore.DefaultSiteMailQuotaBytes when 0).
	DefaultLimit int64
	Log          *slog.Logger
}

// section: mailboxes are accounts of the school, so they belong to the users section.
var section = sitecore.Resource{Section: sitecore.SectionUsers}

func (s *Service) defaultLimit() int64 {
	if s.DefaultLimit > 0 {
		return s.DefaultLimit
	}
	return sitecore.DefaultSiteMailQuotaBytes
}

func (s *Service) server(op string) (sitecore.MailServer, error) {
	if s.Server == nil {
		return nil, sitecore.Unavailable(op, "mail server", nil)
	}
	return s.Server, nil
}

// Listing is a site's mailboxes with their usage, the domain they are on and the site's
// mail quota.
type Listing struct {
	Domain    string             `json:"domain"`
	Mailboxes []sitecore.Mailbox `json:"mailboxes"`
	Quota     sitecore.MailQuota `json:"quota"`
}

// List returns the site's mailboxes; usage comes from the mail server (-1 where it cannot
// tell, so one broken mailbox does not hide the list).
func (s *Service) List(ctx context.Context, p *sitecore.Principal, siteID int64) (*Listing, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
		return nil, err
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	boxes, err := s.Store.Mailboxes(ctx, siteID)
	if err != nil {
		return nil, err
	}
	q, err := s.Store.MailQuota(ctx, siteID, s.defaultLimit())
	if err != nil {
		return nil, err
	}
	// Usage is a doveadm run (or an API call) per mailbox: a few at a time.
	var wg sync.WaitGroup
	sem := make(chan struct{}, usageConcurrency)
	for i := range boxes {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			boxes[i].UsedBytes = s.usage(ctx, boxes[i].Address)
		}()
	}
	wg.Wait()
	return &Listing{Domain: mailDomain(site), Mailboxes: boxes, Quota: q}, nil
}

// usageConcurrency is how many usage lookups a listing runs at once.
const usageConcurrency = 4

func (s *Service) usage(ctx context.Context, address string) int64 {
	if s.Server == nil {
		return -1
	}
	n, err := s.Server.MailboxUsage(ctx, address)
	if err != nil {
		if s.Log != nil {
			s.Log.WarnContext(ctx, "mailbox usage", "address", address, "err", err)
		}
		return -1
	}
	return n
}

// mailDomain is the school's primary domain: the first of the site's domains.
func mailDomain(site *sitecore.Site) string {
	if len(site.Domains) == 0 {
		return ""
	}
	return site.Domains[0]
}

// NewMailbox is the request to create a mailbox.
type NewMailbox struct {
	LocalPart string `json:"local_part"`
	// QuotaMB is the mailbox's quota in MiB; 0 gives the default (250).
	QuotaMB int64 `json:"quota_mb"`
}

// Credentials is a mailbox with its password, returned once on creation and reset.
type Credentials struct {
	Mailbox  *sitecore.Mailbox `json:"mailbox"`
	Password string            `json:"password"`
}

// maxQuotaMB bounds a mailbox's quota: 100 GiB.
const maxQuotaMB = 100 << 10

// Create makes a mailbox on the site's domain with a generated password.
func (s *Service) Create(ctx context.Context, p *sitecore.Principal, siteID int64, in NewMailbox) (*Credentials, error) {
	const op = "create mailbox"
	if err := sitecore.Authorize(p, siteID, sitecore.ActionPublish, section); err != nil {
		return nil, err
	}
	local, err := sitecore.NormalizeMailboxLocalPart("local_part", in.LocalPart)
	if err != nil {
		return nil, err
	}
	quota := sitecore.DefaultMailboxQuotaBytes
	switch {
	case in.QuotaMB < 0 || in.QuotaMB > maxQuotaMB:
		return nil, sitecore.Invalid("quota_mb", "mailbox.quota_invalid", "max", strconv.Itoa(maxQuotaMB))
	case in.QuotaMB > 0:
		quota = in.QuotaMB << 20
	}
	srv, err := s.server(op)
	if err != nil {
		return nil, err
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	m := &sitecore.Mailbox{SiteID: siteID, Address: local + "@" + mailDomain(site), QuotaBytes: quota, CreatedBy: p.UserID}
	if err := s.Store.CreateMailbox(ctx, m, s.defaultLimit()); err != nil {
		return nil, err
	}
	pw := sitecore.NewMailboxPassword()
	if err := srv.CreateMailbox(ctx, m.Address, pw, quota); err != nil {
		// Nothing half-written: the record goes when the mail server refused.
		if derr := s.Store.DeleteMailbox(context.WithoutCancel(ctx), siteID, m.ID); derr != nil && s.Log != nil {
			s.Log.ErrorContext(ctx, "undo mailbox record", "site", siteID, "address", m.Address, "err", derr)
		}
		if sitecore.ErrorCode(err) == sitecore.EConflict {
			return nil, sitecore.Conflictf("local_part", "mailbox.exists", "address", m.Address)
		}
		return nil, sitecore.WithOp(op, err)
	}
	m.UsedBytes = 0
	s.audit(ctx, p, siteID, "mailbox.create", m, map[string]any{"quota_bytes": quota})
	return &Credentials{Mailbox: m, Password: pw}, nil
}

// ResetPassword gives the mailbox a new generated password, returned once.
func (s *Service) ResetPassword(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Credentials, error) {
	const op = "reset mailbox password"
	m, srv, err := s.find(ctx, p, siteID, id, op)
	if err != nil {
		return nil, err
	}
	pw := sitecore.NewMailboxPassword()
	if err := srv.SetMailboxPassword(ctx, m.Address, pw); err != nil {
		return nil, sitecore.WithOp(op, err)
	}
	m.UsedBytes = s.usage(ctx, m.Address)
	s.audit(ctx, p, siteID, "mailbox.reset_password", m, nil)
	return &Credentials{Mailbox: m, Password: pw}, nil
}

// SetSuspended suspends (true) or resumes (false) a mailbox.
func (s *Service) SetSuspended(ctx context.Context, p *sitecore.Principal, siteID, id int64, suspended bool) (*sitecore.Mailbox, error) {
	const op = "suspend mailbox"
	m, srv, err := s.find(ctx, p, siteID, id, op)
	if err != nil {
		return nil, err
	}
	if err := srv.SetMailboxSuspended(ctx, m.Address, suspended); err != nil {
		return nil, sitecore.WithOp(op, err)
	}
	state, action := sitecore.MailboxActive, "mailbox.resume"
	if suspended {
		state, action = sitecore.MailboxSuspended, "mailbox.suspend"
	}
	if m, err = s.Store.SetMailboxState(ctx, siteID, id, state); err != nil {
		return nil, err
	}
	m.UsedBytes = s.usage(ctx, m.Address)
	s.audit(ctx, p, siteID, action, m, nil)
	return m, nil
}

// Delete removes a mailbox and its mail.
func (s *Service) Delete(ctx context.Context, p *sitecore.Principal, siteID, id int64) error {
	const op = "delete mailbox"
	m, srv, err := s.find(ctx, p, siteID, id, op)
	if err != nil {
		return err
	}
	if err := srv.DeleteMailbox(ctx, m.Address); err != nil {
		return sitecore.WithOp(op, err)
	}
	if err := s.Store.DeleteMailbox(ctx, siteID, id); err != nil {
		return err
	}
	s.audit(ctx, p, siteID, "mailbox.delete", m, nil)
	return nil
}

// SetQuota changes the site's mail quota (operators only).
func (s *Service) SetQuota(ctx context.Context, p *sitecore.Principal, siteID, limitBytes int64) (sitecore.MailQuota, error) {
	if p == nil || !p.Operator() {
		if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section); err != nil {
			return sitecore.MailQuota{}, err
		}
		return sitecore.MailQuota{}, sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	if limitBytes < sitecore.MinMailboxQuotaBytes {
		return sitecore.MailQuota{}, sitecore.Invalid("limit_bytes", "mailbox.limit_invalid", "min",
			strconv.FormatInt(sitecore.MinMailboxQuotaBytes, 10))
	}
	if _, err := s.Sites.FindSiteByID(ctx, siteID); err != nil {
		return sitecore.MailQuota{}, err
	}
	q, err := s.Store.SetMailQuota(ctx, siteID, limitBytes)
	if err == nil {
		s.audit(ctx, p, siteID, "mailbox.quota", nil, map[string]any{"limit_bytes": limitBytes})
	}
	return q, err
}

func (s *Service) find(ctx context.Context, p *sitecore.Principal, siteID, id int64, op string) (*sitecore.Mailbox, sitecore.MailServer, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionPublish, section); err != nil {
		return nil, nil, err
	}
	m, err := s.Store.FindMailbox(ctx, siteID, id)
	if err != nil {
		return nil, nil, err
	}
	srv, err := s.server(op)
	return m, srv, err
}

// audit records an action; a failure is logged, since the change itself is done.
func (s *Service) audit(ctx context.Context, p *sitecore.Principal, siteID int64, action string, m *sitecore.Mailbox, details map[string]any) {
	e := &sitecore.AuditEntry{SiteID: siteID, Action: action, Target: "site:" + strconv.FormatInt(siteID, 10), Details: details}
	if p != nil {
		e.ActorID, e.ActorName = p.UserID, p.Name
	}
	if m != nil {
		e.Target = "mailbox:" + m.Address
	}
	if a, ok := sitecore.ClientIP(ctx); ok {
		e.IP = a.String()
	}
	if err := s.Audit.Audit(context.WithoutCancel(ctx), e); err != nil && s.Log != nil {
		s.Log.ErrorContext(ctx, "audit", "site", siteID, "action", action, "err", err)
	}
}
