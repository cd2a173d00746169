package syndication

import (
	"context"
	"strconv"

	"github.com/mektep/mektep/sitecore"
)

// Dispatcher hands work to the durable process (workflows/syndication.go).
type Dispatcher interface {
	// Changed tells the outbound process of each destination that the items changed.
	Changed(ctx context.Context, siteID int64, newsKeys []string, destIDs []int64) error
	// StartPolling starts (or keeps) the subscription's polling process.
	StartPolling(ctx context.Context, siteID, subID int64) error
	// StopPolling ends it; none running is fine.
	StopPolling(ctx context.Context, siteID, subID int64) error
}

// OrgTree returns the organisation tree (the accounts store).
type OrgTree interface {
	OrgUnits(ctx context.Context) ([]sitecore.OrgUnit, error)
}

// Service implements the syndication use cases of school admins and operators.
type Service struct {
	Store    Store
	Org      OrgTree
	Dispatch Dispatcher
	// Portals and PushDowns serve push-down (a portal's news to the schools of its unit).
	Portals   PortalStore
	PushDowns PushDownStore
	// PortalChanged is told of a portal site whose aggregated page changed (a school opted
	// in or out), so cached pages go at once (may be nil).
	PortalChanged func(portalSiteID int64)
	// Credential reports whether the configuration holds a secret by this name; a
	// destination naming one it does not hold is refused (nil: any name is taken).
	Credential func(name string) bool
}

func newsSection() sitecore.Resource { return sitecore.Resource{Section: sitecore.SectionNews} }

func auditEntry(a sitecore.Actor, siteID int64, action, target string, details map[string]any) *sitecore.AuditEntry {
	ip := ""
	if a.IP.IsValid() {
		ip = a.IP.String()
	}
	return &sitecore.AuditEntry{SiteID: siteID, ActorID: a.UserID, ActorName: a.Name, Action: action,
		Target: target, Details: details, IP: ip, UserAgent: a.UserAgent}
}

// CreateDestination adds a destination; only operators may.
func (s *Service) CreateDestination(ctx context.Context, p *sitecore.Principal, d *Destination) error {
	if !p.Operator() {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	if d.Protocol == ProtocolSchool {
		return sitecore.Invalid("protocol", "syndication.protocol") // made by schools opting in
	}
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Credential != "" && s.Credential != nil && !s.Credential(d.Credential) {
		return sitecore.Invalid("credential", "syndication.credential")
	}
	return s.Store.CreateDestination(ctx, d)
}

// Open returns the destinations the site may send to: enabled ones whose org unit is the
// school's or one above it.
func (s *Service) Open(ctx context.Context, siteID int64) ([]Destination, error) {
	all, err := s.Store.Destinations(ctx)
	if err != nil {
		return nil, err
	}
	unit, err := s.Store.SiteOrgUnit(ctx, siteID)
	if err != nil {
		return nil, err
	}
	var units []int64
	if unit != 0 {
		tree, err := s.Org.OrgUnits(ctx)
		if err != nil {
			return nil, err
		}
		units = Ancestry(tree, unit)
	}
	open := []Destination{}
	for _, d := range all {
		if d.Protocol != ProtocolSchool && d.AppliesTo(units) {
			open = append(open, d)
		}
	}
	return open, nil
}

// Settings is a school's outbound page: the destinations open to it and its rules.
type Settings struct {
	Destinations []Destination `json:"destinations"`
	Rules        []Rule        `json:"rules"`
}

// Settings returns the site's destinations and rules; it needs news:view.
func (s *Service) Settings(ctx context.Context, p *sitecore.Principal, siteID int64) (*Settings, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, newsSection()); err != nil {
		return nil, err
	}
	open, err := s.Open(ctx, siteID)
	if err != nil {
		return nil, err
	}
	rules, err := s.Store.Rules(ctx, siteID)
	if err != nil {
		return nil, err
	}
	return &Settings{Destinations: open, Rules: rules}, nil
}

// SetRules replaces the site's outbound rules; it needs news:publish, since it decides what
// leaves the school. The change is audited with the rules before and after.
func (s *Service) SetRules(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in RuleInput) (*Settings, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionPublish, newsSection()); err != nil {
		return nil, err
	}
	open, err := s.Open(ctx, siteID)
	if err != nil {
		return nil, err
	}
	rules, err := in.normalize(open)
	if err != nil {
		return nil, err
	}
	before, err := s.Store.Rules(ctx, siteID)
	if err != nil {
		return nil, err
	}
	// A portal's push-down rules (one per school that opted in) are the schools' to change.
	for _, r := range before {
		if d, err := s.Store.FindDestination(ctx, r.DestinationID); err == nil && d.Protocol == ProtocolSchool {
			rules = append(rules, r)
		}
	}
	entry := auditEntry(a, siteID, "syndication.rules", "outbound", map[string]any{"before": before, "after": rules})
	if err := s.Store.ReplaceRules(ctx, siteID, rules, entry); err != nil {
		return nil, err
	}
	if s.PortalChanged != nil {
		for _, r := range append(before, rules...) {
			if d, err := s.Store.FindDestination(ctx, r.DestinationID); err == nil && d.Protocol == ProtocolPlatform {
				s.PortalChanged(d.PortalSiteID)
			}
		}
	}
	return s.Settings(ctx, p, siteID)
}

// Deliveries lists the site's deliveries (dead letters with their errors among them); it
// needs news:view.
func (s *Service) Deliveries(ctx context.Context, p *sitecore.Principal, siteID int64, f DeliveryFilter) ([]Delivery, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, newsSection()); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	return s.Store.Deliveries(ctx, siteID, f)
}

// DeadLetters lists dead deliveries of every school; only operators may.
func (s *Service) DeadLetters(ctx context.Context, p *sitecore.Principal, limit int) ([]Delivery, error) {
	if !p.Operator() {
		return nil, sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	return s.Store.DeadLetters(ctx, limit)
}

// Resend sends a dead delivery's item again; it needs news:publish. The item is sent as it
// is now (the delivery's own key is reused if nothing changed meanwhile).
func (s *Service) Resend(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, key string) (*Delivery, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionPublish, newsSection()); err != nil {
		return nil, err
	}
	d, err := s.Store.FindDelivery(ctx, siteID, key)
	if err != nil {
		return nil, err
	}
	if d.State != StateDead {
		return nil, sitecore.Conflictf("key", "syndication.not_dead", "value", string(d.State))
	}
	if err := s.Store.ResendDelivery(ctx, siteID, key, auditEntry(a, siteID, "syndication.resend", key, nil)); err != nil {
		return nil, err
	}
	if err := s.Dispatch.Changed(ctx, siteID, []string{d.NewsKey}, []int64{d.DestinationID}); err != nil {
		return nil, err
	}
	return s.Store.FindDelivery(ctx, siteID, key)
}

// NewsChanged is the CMS's hook (cms.Syndicator): it queues the change in the outbox
// (PostgreSQL, one statement) if the school has any outbound rule; the relay
// (workflows.SyndicationRelay) hands queued changes to the outbound process of every
// destination the school has a rule for, several changes in one signal. Whether anything is
// sent is decided at delivery time, from the item and the rules as they are then.
func (s *Service) NewsChanged(ctx context.Context, siteID int64, newsKey string) error {
	return s.Store.QueueChanges(ctx, siteID, []string{newsKey})
}

// NewsItemChanged is the CMS's hook for a news item (cms.Syndicator): it records the item's
// public state and queues the change, like NewsItemsChanged for one item.
func (s *Service) NewsItemChanged(ctx context.Context, n *sitecore.News) error {
	return s.NewsItemsChanged(ctx, []*sitecore.News{n})
}

// NewsItemsChanged records, in one statement, the public state of every item (what delivery
// will send: only PublicPart, so drafts and unpublished items never leave) and queues the
// changes of schools with outbound rules in the outbox. Delivery reads the recorded state
// (Store.FindItems), not the document store. Bulk imports call it with many items.
func (s *Service) NewsItemsChanged(ctx context.Context, items []*sitecore.News) error {
	if len(items) == 0 {
		return nil
	}
	return s.Store.RecordChanges(ctx, items)
}

// Subscriptions lists the site's feed subscriptions; it needs news:view.
func (s *Service) Subscriptions(ctx context.Context, p *sitecore.Principal, siteID int64) ([]Subscription, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, newsSection()); err != nil {
		return nil, err
	}
	return s.Store.Subscriptions(ctx, siteID)
}

// Subscribe adds a feed subscription and starts polling it; it needs news:publish, since
// imports may publish.
func (s *Service) Subscribe(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in SubscriptionInput) (*Subscription, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionPublish, newsSection()); err != nil {
		return nil, err
	}
	sub, err := in.validate(siteID)
	if err != nil {
		return nil, err
	}
	if err := s.Store.CreateSubscription(ctx, sub, auditEntry(a, siteID, "syndication.subscribe", sub.URL, nil)); err != nil {
		return nil, err
	}
	if err := s.Dispatch.StartPolling(ctx, siteID, sub.ID); err != nil {
		return nil, err
	}
	return sub, nil
}

// Unsubscribe stops polling and removes the subscription; it needs news:publish.
func (s *Service) Unsubscribe(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, id int64) error {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionPublish, newsSection()); err != nil {
		return err
	}
	if _, err := s.Store.FindSubscription(ctx, siteID, id); err != nil {
		return err
	}
	if err := s.Store.DeleteSubscription(ctx, siteID, id, auditEntry(a, siteID, "syndication.unsubscribe", strconv.FormatInt(id, 10), nil)); err != nil {
		return err
	}
	return s.Dispatch.StopPolling(ctx, siteID, id)
}
