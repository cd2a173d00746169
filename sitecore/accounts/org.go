package accounts

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// OrgUnits returns the organisation tree (region → district or city); it is public.
func (s *Service) OrgUnits(ctx context.Context) ([]sitecore.OrgUnit, error) {
	return s.Store.OrgUnits(ctx)
}

// NewOrgUnit is a request to add a unit to the tree.
type NewOrgUnit struct {
	ParentID *int64            `json:"parent_id"`
	Kind     string            `json:"kind"`
	Names    map[string]string `json:"names"`
}

// CreateOrgUnit adds a region (no parent) or a district or city (under a region); only
// operators may.
func (s *Service) CreateOrgUnit(ctx context.Context, p *sitecore.Principal, in NewOrgUnit) (*sitecore.OrgUnit, error) {
	if err := requireOperator(p); err != nil {
		return nil, err
	}
	switch {
	case in.Kind == "region" && in.ParentID == nil:
	case (in.Kind == "district" || in.Kind == "city") && in.ParentID != nil:
	default:
		return nil, sitecore.Invalid("kind", "org_unit.kind")
	}
	u := &sitecore.OrgUnit{ParentID: in.ParentID, Kind: in.Kind, Names: map[sitecore.Lang]string{}}
	for k, v := range in.Names {
		l := sitecore.Lang(k)
		if !l.Supported() {
			return nil, sitecore.Invalid("names."+k, "lang.unsupported", "value", k)
		}
		v = strings.TrimSpace(v)
		if v == "" || utf8.RuneCountInString(v) > maxNameLen {
			return nil, sitecore.Invalid("names."+k, "field.too_long", "max", strconv.Itoa(maxNameLen))
		}
		u.Names[l] = v
	}
	for _, l := range sitecore.DefaultLanguages {
		if u.Names[l] == "" {
			return nil, sitecore.Invalid("names."+string(l), "name.missing_lang", "value", string(l))
		}
	}
	if err := s.Store.CreateOrgUnit(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// SetSiteOrgUnit places a school in the tree; only operators may.
func (s *Service) SetSiteOrgUnit(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID, unitID int64) error {
	if err := requireOperator(p); err != nil {
		return err
	}
	return s.Store.SetSiteOrgUnit(ctx, siteID, unitID,
		audit(a, siteID, "site.org_unit", "org_unit:"+strconv.FormatInt(unitID, 10), nil))
}

func requireOperator(p *sitecore.Principal) error {
	if p.Operator() {
		return nil
	}
	if !p.LoggedIn() {
		return sitecore.Errorf(sitecore.EUnauthorized, "login.required")
	}
	return sitecore.Errorf(sitecore.EForbidden, "forbidden")
}

// ClaimDomain starts binding a new domain to the site: the owner must publish the returned
// TXT record, then call VerifyDomain.
func (s *Service) ClaimDomain(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, host string) (*sitecore.DomainClaim, error) {
	if err := s.requireOwner(p, siteID); err != nil {
		return nil, err
	}
	h, ok := sitecore.NormalizeHost(host)
	if !ok || !strings.Contains(h, ".") {
		return nil, sitecore.Invalid("host", "domain.invalid", "value", host)
	}
	c := &sitecore.DomainClaim{SiteID: siteID, Host: h, Record: sitecore.DomainChallengeName(h), Value: sitecore.NewDomainChallenge()}
	if err := s.Store.CreateDomainClaim(ctx, c, audit(a, siteID, "domain.claim", h, nil)); err != nil {
		return nil, err
	}
	return c, nil
}

// VerifyDomain looks the claim's TXT record up and, when it is there, binds the domain.
func (s *Service) VerifyDomain(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, host string) (*sitecore.DomainClaim, error) {
	if err := s.requireOwner(p, siteID); err != nil {
		return nil, err
	}
	h, _ := sitecore.NormalizeHost(host)
	c, err := s.Store.FindDomainClaim(ctx, siteID, h)
	if err != nil {
		return nil, err
	}
	if err := sitecore.VerifyDomainChallenge(ctx, s.Resolver, h, c.Value); err != nil {
		return nil, err
	}
	if err := s.Store.BindDomain(ctx, siteID, h, audit(a, siteID, "domain.bind", h, nil)); err != nil {
		return nil, err
	}
	return s.Store.FindDomainClaim(ctx, siteID, h)
}

// UnbindDomain removes a domain from the site (never its last one).
func (s *Service) UnbindDomain(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, host string) error {
	if err := s.requireOwner(p, siteID); err != nil {
		return err
	}
	h, _ := sitecore.NormalizeHost(host)
	return s.Store.UnbindDomain(ctx, siteID, h, audit(a, siteID, "domain.unbind", h, nil))
}
