package vacancy

import (
	"context"
	"strings"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// Syndicator hears of every change to what visitors see of a vacancy (syndication.Service,
// by the vacancy's SyndicationKey).
type Syndicator interface {
	NewsChanged(ctx context.Context, siteID int64, key string) error
}

// OrgTree returns the organisation tree (region and district filters).
type OrgTree interface {
	OrgUnits(ctx context.Context) ([]sitecore.OrgUnit, error)
}

// Service implements the vacancy use cases.
type Service struct {
	Store      Store
	Sites      sitecore.SiteStore
	Org        OrgTree
	Syndicator Syndicator // may be nil
	// Changed is told of a site whose public pages changed (cached pages go); may be nil.
	Changed func(siteID int64)
	Now     func() time.Time
}

func section() sitecore.Resource { return sitecore.Resource{Section: sitecore.SectionVacancies} }

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// List returns the site's vacancies, drafts included; it needs vacancies:view.
func (s *Service) List(ctx context.Context, p *sitecore.Principal, siteID int64) ([]Vacancy, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section()); err != nil {
		return nil, err
	}
	return s.Store.Vacancies(ctx, siteID, time.Time{})
}

// Get returns one vacancy of the site; it needs vacancies:view.
func (s *Service) Get(ctx context.Context, p *sitecore.Principal, siteID, id int64) (*Vacancy, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section()); err != nil {
		return nil, err
	}
	return s.Store.FindVacancy(ctx, siteID, id)
}

// authorizeWrite needs vacancies:edit, and vacancies:publish to publish or to change what a
// published vacancy shows.
func authorizeWrite(p *sitecore.Principal, siteID int64, publishing bool) error {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, section()); err != nil {
		return err
	}
	if publishing {
		return sitecore.Authorize(p, siteID, sitecore.ActionPublish, section())
	}
	return nil
}

// Create stores a new vacancy (published at once if asked and allowed).
func (s *Service) Create(ctx context.Context, p *sitecore.Principal, siteID int64, in Input) (*Vacancy, error) {
	if err := authorizeWrite(p, siteID, in.Published); err != nil {
		return nil, err
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	v, err := in.validate(site, s.now(), nil)
	if err != nil {
		return nil, err
	}
	if err := s.Store.CreateVacancy(ctx, v); err != nil {
		return nil, err
	}
	return v, s.changed(ctx, v, v.Published)
}

// Update replaces a vacancy's fields.
func (s *Service) Update(ctx context.Context, p *sitecore.Principal, siteID, id int64, in Input) (*Vacancy, error) {
	old, err := s.Store.FindVacancy(ctx, siteID, id)
	if err != nil {
		if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section()); err != nil {
			return nil, err
		}
		return nil, err
	}
	if err := authorizeWrite(p, siteID, in.Published || old.Published); err != nil {
		return nil, err
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	v, err := in.validate(site, s.now(), old)
	if err != nil {
		return nil, err
	}
	v.ID, v.CreatedAt, v.PublishedAt = old.ID, old.CreatedAt, old.PublishedAt
	if err := s.Store.UpdateVacancy(ctx, v); err != nil {
		return nil, err
	}
	return v, s.changed(ctx, v, v.Published || old.Published)
}

// Delete removes a vacancy; a published one needs vacancies:publish, and partners are told
// to withdraw it.
func (s *Service) Delete(ctx context.Context, p *sitecore.Principal, siteID, id int64) error {
	old, err := s.Store.FindVacancy(ctx, siteID, id)
	if err != nil {
		if err := sitecore.Authorize(p, siteID, sitecore.ActionView, section()); err != nil {
			return err
		}
		return err
	}
	if err := authorizeWrite(p, siteID, old.Published); err != nil {
		return err
	}
	if err := s.Store.DeleteVacancy(ctx, siteID, id); err != nil {
		return err
	}
	return s.changed(ctx, old, old.Published)
}

// changed tells syndication and the page cache about a change visitors can see.
func (s *Service) changed(ctx context.Context, v *Vacancy, public bool) error {
	if !public {
		return nil
	}
	if s.Changed != nil {
		s.Changed(v.SiteID)
	}
	if s.Syndicator == nil {
		return nil
	}
	return s.Syndicator.NewsChanged(ctx, v.SiteID, SyndicationKey(v.ID))
}

// Open returns the site's vacancies visitors see today (published, deadline not passed).
func (s *Service) Open(ctx context.Context, siteID int64) ([]Vacancy, error) {
	return s.Store.Vacancies(ctx, siteID, Day(s.now()))
}

// Search is the platform-wide list: open vacancies of every school, optionally of one
// region or district (the unit and every unit under it) and one subject. It is public.
func (s *Service) Search(ctx context.Context, unit int64, subject string, lang sitecore.Lang, page, size int) ([]Listed, int64, error) {
	q := Query{Subject: strings.TrimSpace(subject), Lang: lang, Day: Day(s.now())}
	if unit != 0 {
		tree, err := s.Org.OrgUnits(ctx)
		if err != nil {
			return nil, 0, err
		}
		known := false
		for _, u := range tree {
			known = known || u.ID == unit
		}
		if !known {
			return nil, 0, sitecore.Invalid("org_unit", "org_unit.unknown")
		}
		q.OrgUnits = descendants(tree, unit)
	}
	if size <= 0 || size > 50 {
		size = 20
	}
	q.Limit, q.Offset = size, (max(page, 1)-1)*size
	return s.Store.SearchVacancies(ctx, q)
}

// descendants returns unit and every unit under it.
func descendants(tree []sitecore.OrgUnit, unit int64) []int64 {
	children := map[int64][]int64{}
	for _, u := range tree {
		if u.ParentID != nil {
			children[*u.ParentID] = append(children[*u.ParentID], u.ID)
		}
	}
	out := []int64{unit}
	for i := 0; i < len(out) && i <= len(tree); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}
