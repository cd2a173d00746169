// Package maintenance lets operators announce planned maintenance of the platform to the
// admins of the sites it affects (4.10 of the seed), and shows the banner on those sites.
// The durable part — emails at once and an hour before, the status on timers,
// postponements and cancellations — is workflows.Maintenance.
package maintenance

import (
	"context"
	"log/slog"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Workflows starts a notice's workflow and sends it the operators' changes.
type Workflows interface {
	Start(ctx context.Context, m *sitecore.Maintenance) error
	// Postpone and Cancel return once the workflow stored the change; its validator's
	// refusal comes back as the domain error.
	Postpone(ctx context.Context, id int64, m sitecore.MaintenanceMove) error
	Cancel(ctx context.Context, id int64, audit *sitecore.AuditEntry) error
}

// Service schedules, postpones and cancels maintenance notices. Only operators may.
type Service struct {
	Store     sitecore.MaintenanceStore
	Workflows Workflows
	Banners   *Banners // refreshed after each change, so this instance shows it at once
	Log       *slog.Logger
	Now       func() time.Time // time.Now unless a test fixes it
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func operator(p *sitecore.Principal) error {
	if !p.Operator() {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	return nil
}

// entry is the audit entry of an operator's action on notice id (0: filled by the store).
func entry(a sitecore.Actor, action string, id int64, details map[string]any) *sitecore.AuditEntry {
	ip := ""
	if a.IP.IsValid() {
		ip = a.IP.String()
	}
	e := &sitecore.AuditEntry{ActorID: a.UserID, ActorName: a.Name, Action: action, IP: ip, UserAgent: a.UserAgent,
		Details: details}
	if id != 0 {
		e.Target = "maintenance:" + itoa(id)
	}
	return e
}

// Schedule stores the notice with its sites and starts its workflow, which emails the
// admins at once. A start less than a day ahead is refused on starts_at unless the notice
// is an emergency, whose reason goes into the audit log ("maintenance.emergency").
func (s *Service) Schedule(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, in sitecore.MaintenanceInput) (*sitecore.Maintenance, error) {
	if err := operator(p); err != nil {
		return nil, err
	}
	m, err := in.Validate(s.now())
	if err != nil {
		return nil, err
	}
	m.CreatedBy = a.Name
	action, details := "maintenance.schedule", map[string]any{"starts_at": m.StartsAt, "ends_at": m.EndsAt, "scope": m.Scope}
	if m.Emergency {
		action, details["reason"] = "maintenance.emergency", m.Reason
	}
	if err := s.Store.CreateMaintenance(ctx, m, entry(a, action, 0, details)); err != nil {
		return nil, err
	}
	if err := s.Workflows.Start(ctx, m); err != nil {
		// Nobody was told: the notice must not show a banner it never announced.
		if serr := s.Store.SetMaintenanceStatus(context.WithoutCancel(ctx), m.ID, sitecore.MaintenanceCancelled, nil); serr != nil && s.Log != nil {
			s.Log.ErrorContext(ctx, "maintenance: cancel unstarted notice", "notice", m.ID, "error", serr)
		}
		return nil, err
	}
	s.refresh(ctx)
	return m, nil
}

// Get returns a notice.
func (s *Service) Get(ctx context.Context, p *sitecore.Principal, id int64) (*sitecore.Maintenance, error) {
	if err := operator(p); err != nil {
		return nil, err
	}
	return s.Store.FindMaintenance(ctx, id)
}

// List returns the newest notices first.
func (s *Service) List(ctx context.Context, p *sitecore.Principal) ([]*sitecore.Maintenance, error) {
	if err := operator(p); err != nil {
		return nil, err
	}
	return s.Store.ListMaintenance(ctx, 100)
}

// Postpone moves a scheduled notice to a later start; its workflow stores the new time and
// emails the admins again. The same rule as for scheduling applies to the new start.
func (s *Service) Postpone(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, id int64, c sitecore.MaintenanceChange) (*sitecore.Maintenance, error) {
	if err := operator(p); err != nil {
		return nil, err
	}
	m, err := s.Store.FindMaintenance(ctx, id)
	if err != nil {
		return nil, err
	}
	start, end, err := c.Validate(m, s.now())
	if err != nil {
		return nil, err
	}
	details := map[string]any{"from": m.StartsAt, "starts_at": start, "ends_at": end}
	action := "maintenance.postpone"
	if c.Emergency && start.Before(s.now().Add(sitecore.MaintenanceLead)) {
		action, details["reason"] = "maintenance.emergency", c.Reason
	}
	if err := s.Workflows.Postpone(ctx, id, sitecore.MaintenanceMove{StartsAt: start, EndsAt: end,
		Emergency: c.Emergency, Reason: c.Reason, Audit: entry(a, action, id, details)}); err != nil {
		return nil, err
	}
	s.refresh(ctx)
	return s.Store.FindMaintenance(ctx, id)
}

// Cancel calls the maintenance off: the banner goes, and the admins of a notice that had
// not started are told.
func (s *Service) Cancel(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, id int64) (*sitecore.Maintenance, error) {
	if err := operator(p); err != nil {
		return nil, err
	}
	if _, err := s.Store.FindMaintenance(ctx, id); err != nil {
		return nil, err
	}
	if err := s.Workflows.Cancel(ctx, id, entry(a, "maintenance.cancel", id, nil)); err != nil {
		return nil, err
	}
	s.refresh(ctx)
	return s.Store.FindMaintenance(ctx, id)
}

func (s *Service) refresh(ctx context.Context) {
	if s.Banners == nil {
		return
	}
	if err := s.Banners.Refresh(ctx); err != nil && s.Log != nil {
		s.Log.WarnContext(ctx, "maintenance banners: refresh", "error", err)
	}
}
