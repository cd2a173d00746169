package sitecore

import (
	"context"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SiteStatus is where a site is in its life. Only active sites are served to visitors, so a
// site whose provisioning has not finished is never shown half-made.
type SiteStatus string

// Site statuses.
const (
	SiteProvisioning SiteStatus = "provisioning"
	SiteActive       SiteStatus = "active"
	SiteFailed       SiteStatus = "failed"
)

// Provisioning steps recorded on the site as the workflow completes them, in order.
const (
	StepReserved      = "reserved"
	StepContentSeeded = "content_seeded"
	StepOwnerInvited  = "owner_invited"
	StepActivated     = "activated"
)

// Site is one school's website: its names in each language, the domains it answers on and
// the languages it publishes in (the first is the default).
type Site struct {
	ID         int64           `json:"id"`
	Slug       string          `json:"slug"`
	Names      map[Lang]string `json:"names"`
	Domains    []string        `json:"domains"`
	Languages  []Lang          `json:"languages"`
	OwnerEmail string          `json:"owner_email"`
	Status     SiteStatus      `json:"status"`
	Step       string          `json:"step"`
	Error      string          `json:"error,omitempty"`
	// LogoMediaID is the media library image shown as the site's logo; LogoURL is where the
	// public pages load it from (its thumbnail when it has one). Both empty without a logo.
	LogoMediaID string    `json:"logo_media_id,omitempty"`
	LogoURL     string    `json:"logo_url,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// DefaultLang returns the site's first language.
func (s *Site) DefaultLang() Lang {
	if len(s.Languages) == 0 {
		return Kazakh
	}
	return s.Languages[0]
}

// HasLang reports whether the site publishes in l.
func (s *Site) HasLang(l Lang) bool { return slices.Contains(s.Languages, l) }

// PageLang is the language to show the site's pages in for someone who prefers l: l when
// the site has it, else the site's default.
func (s *Site) PageLang(l Lang) Lang {
	if s.HasLang(l) {
		return l
	}
	return s.DefaultLang()
}

// URL is the address of path on the site's first domain, with the scheme and port of the
// platform's public URL (so links work on a dev server's :8080); path "" is the home page.
// Emails link to the site this way, never to the JSON API.
func (s *Site) URL(publicURL, path string) string {
	scheme, port := "https", ""
	if u, err := url.Parse(publicURL); err == nil && u.Scheme != "" {
		scheme, port = u.Scheme, u.Port()
	}
	host := s.Domains[0]
	if port != "" {
		host += ":" + port
	}
	return scheme + "://" + host + path
}

// Name returns the site's name in l, or in its default language.
func (s *Site) Name(l Lang) string {
	if n := s.Names[l]; n != "" {
		return n
	}
	return s.Names[s.DefaultLang()]
}

// NewSite is the request to create a site, as an operator sends it.
type NewSite struct {
	Slug       string            `json:"slug"`
	Names      map[string]string `json:"names"`
	Domains    []string          `json:"domains"`
	Languages  []string          `json:"languages"`
	OwnerEmail string            `json:"owner_email"`
}

// Limits of the site fields.
const (
	maxNameLen   = 200
	maxDomains   = 20
	maxEmailLen  = 254
	maxDomainLen = 253
)

var (
	slugRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	labelRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// reservedSlugs cannot be site slugs: they are, or may become, platform subdomains.
	reservedSlugs = []string{"api", "admin", "www", "static", "assets", "mail", "smtp",
		"platform", "console", "help", "support", "status", "temporal", "metrics"}
)

// Validate checks the request and returns the normalized site, or an EInvalid error naming
// the first field at fault.
func (n NewSite) Validate() (*Site, error) {
	s := &Site{Slug: strings.ToLower(strings.TrimSpace(n.Slug))}
	switch {
	case s.Slug == "":
		return nil, Invalid("slug", "field.required")
	case !slugRE.MatchString(s.Slug):
		return nil, Invalid("slug", "slug.invalid", "value", n.Slug)
	case slices.Contains(reservedSlugs, s.Slug):
		return nil, Invalid("slug", "slug.reserved", "value", s.Slug)
	}

	langs, err := ParseLanguages("languages", n.Languages)
	if err != nil {
		return nil, err
	}
	s.Languages = langs

	if len(n.Names) == 0 {
		return nil, Invalid("names", "field.required")
	}
	s.Names = make(map[Lang]string, len(langs))
	for k, v := range n.Names {
		l := Lang(strings.ToLower(k))
		if !s.HasLang(l) {
			return nil, Invalid("names."+k, "name.extra_lang", "value", k)
		}
		v = strings.TrimSpace(v)
		if utf8.RuneCountInString(v) > maxNameLen {
			return nil, Invalid("names."+k, "field.too_long", "max", strconv.Itoa(maxNameLen))
		}
		s.Names[l] = v
	}
	for _, l := range langs {
		if s.Names[l] == "" {
			return nil, Invalid("names."+string(l), "name.missing_lang", "value", string(l))
		}
	}

	if len(n.Domains) == 0 {
		return nil, Invalid("domains", "field.required")
	}
	if len(n.Domains) > maxDomains {
		return nil, Invalid("domains", "field.too_long", "max", strconv.Itoa(maxDomains))
	}
	for i, d := range n.Domains {
		field := "domains[" + strconv.Itoa(i) + "]"
		host, ok := NormalizeHost(d)
		if !ok || (!strings.Contains(host, ".") && host != "localhost") {
			return nil, Invalid(field, "domain.invalid", "value", d)
		}
		if slices.Contains(s.Domains, host) {
			return nil, Invalid(field, "domain.duplicate", "value", d)
		}
		s.Domains = append(s.Domains, host)
	}

	email := strings.TrimSpace(n.OwnerEmail)
	if email == "" {
		return nil, Invalid("owner_email", "field.required")
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || len(email) > maxEmailLen || !strings.Contains(email[strings.LastIndexByte(email, '@'):], ".") {
		return nil, Invalid("owner_email", "email.invalid", "value", n.OwnerEmail)
	}
	s.OwnerEmail = strings.ToLower(email)
	s.Status = SiteProvisioning
	s.Step = StepReserved
	return s, nil
}

// SameRequest reports whether two normalized sites describe the same creation request, so a
// repeated POST with the same slug is answered with the existing site instead of a conflict.
func (s *Site) SameRequest(o *Site) bool {
	if s.Slug != o.Slug || s.OwnerEmail != o.OwnerEmail || !slices.Equal(s.Languages, o.Languages) ||
		len(s.Names) != len(o.Names) {
		return false
	}
	for k, v := range s.Names {
		if o.Names[k] != v {
			return false
		}
	}
	a, b := slices.Clone(s.Domains), slices.Clone(o.Domains)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// NormalizeHost lowercases a host name, drops a port (digits only) and a trailing dot, and
// checks that it is a syntactically valid DNS name (letters, digits and hyphens; IDNs come
// as punycode).
func NormalizeHost(h string) (string, bool) {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		// The port must be a number: public pages build their links from the Host header
		// as sent, so "school.kz:'onmouseover=..." must not reach a site.
		if port := h[i+1:]; len(port) > 5 || strings.Trim(port, "0123456789") != "" {
			return "", false
		}
		h = h[:i]
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > maxDomainLen {
		return "", false
	}
	for label := range strings.SplitSeq(h, ".") {
		if !labelRE.MatchString(label) {
			return "", false
		}
	}
	return h, true
}

// SiteStore keeps sites in the system of record.
type SiteStore interface {
	// CreateSite stores a new site with status provisioning and fills its ID and times. A slug
	// or domain that another site holds gives EConflict naming the field.
	CreateSite(ctx context.Context, s *Site) error
	// FindSiteByID returns the site or ENotFound.
	FindSiteByID(ctx context.Context, id int64) (*Site, error)
	// FindSiteBySlug returns the site or ENotFound.
	FindSiteBySlug(ctx context.Context, slug string) (*Site, error)
	// FindActiveSiteByHost returns the active site bound to host, or ENotFound; sites that are
	// still provisioning or failed are not found, so visitors never see them.
	FindActiveSiteByHost(ctx context.Context, host string) (*Site, error)
	// SetSiteStep records a completed provisioning step; StepActivated also makes it active.
	SetSiteStep(ctx context.Context, id int64, step string) error
	// FailSite marks the site failed with a reason for operators.
	FailSite(ctx context.Context, id int64, reason string) error
}

// Provisioner creates sites: it stores the site and starts the durable provisioning process.
type Provisioner interface {
	// Provision validates the request, reserves the slug and domains, and starts provisioning.
	// A repeated identical request returns the existing site with created=false.
	Provision(ctx context.Context, req NewSite) (st *ProvisionStatus, created bool, err error)
	// Status returns the site with provisioning progress.
	Status(ctx context.Context, id int64) (*ProvisionStatus, error)
}

// ProvisionStatus is a site with what its provisioning workflow is doing now.
type ProvisionStatus struct {
	Site       *Site  `json:"site"`
	WorkflowID string `json:"workflow_id"`
	Running    bool   `json:"running"`
	// PendingStep and Attempt tell which activity is running or being retried and how often.
	PendingStep string `json:"pending_step,omitempty"`
	Attempt     int32  `json:"attempt,omitempty"`
}
