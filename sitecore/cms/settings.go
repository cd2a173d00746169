package cms

import (
	"context"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mektep/mektep/sitecore"
)

// SiteNamer stores a site's settings together with its languages and names (shown in its
// header, titles and feeds) in one transaction, so a change of both is saved whole or not at
// all.
type SiteNamer interface {
	SaveSettingsAndIdentity(ctx context.Context, siteID int64, s *sitecore.SiteSettings, langs []sitecore.Lang, names map[sitecore.Lang]string) error
}

// Settings manages a site's identity, SEO and integrations.
type Settings struct {
	Store    sitecore.SettingsStore
	Sites    sitecore.SiteStore
	Namer    SiteNamer
	Audit    Auditor
	Media    MediaLookup // may be nil
	OnChange func(siteID int64)
	Now      func() time.Time
}

// SettingsInput changes some groups of settings; nil groups stay as they are.
type SettingsInput struct {
	Names        *map[string]string     `json:"names"`
	Languages    *[]string              `json:"languages"`
	Motto        *map[string]string     `json:"motto"`
	Address      *map[string]string     `json:"address"`
	Phone        *string                `json:"phone"`
	Email        *string                `json:"email"`
	Accent       *string                `json:"accent"`
	Moderation   *string                `json:"moderation"`
	SEO          *sitecore.SEOSettings  `json:"seo"`
	Integrations *sitecore.Integrations `json:"integrations"`
}

var (
	colorRE   = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	phoneRE   = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{4,19}$`)
	verifyRE  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)
	ga4RE     = regexp.MustCompile(`^G-[A-Z0-9]{4,12}$`)
	gtmRE     = regexp.MustCompile(`^GTM-[A-Z0-9]{4,10}$`)
	metricaRE = regexp.MustCompile(`^[0-9]{5,10}$`)
	pathRE    = regexp.MustCompile(`^/[A-Za-z0-9/_.*$-]{0,200}$`)
)

// Get returns the settings; any member of the site's staff with a section may read them.
func (s *Settings) Get(ctx context.Context, p *sitecore.Principal, siteID int64) (*sitecore.SiteSettings, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionView, sitecore.Resource{Section: sitecore.SectionSEO}); err != nil {
		return nil, err
	}
	return s.Store.FindSettings(ctx, siteID)
}

// Update validates every changed group, then stores them in one write, so a refused field
// leaves everything as it was. SEO and integrations need seo:edit; the identity of the site
// (names, languages, motto, contacts, colour, moderation) needs an owner or admin.
func (s *Settings) Update(ctx context.Context, p *sitecore.Principal, a sitecore.Actor, siteID int64, in SettingsInput) (*sitecore.SiteSettings, error) {
	if err := sitecore.Authorize(p, siteID, sitecore.ActionEdit, sitecore.Resource{Section: sitecore.SectionSEO}); err != nil {
		return nil, err
	}
	identity := in.Names != nil || in.Languages != nil || in.Motto != nil || in.Address != nil || in.Phone != nil || in.Email != nil || in.Accent != nil || in.Moderation != nil
	if identity && !p.Operator() && !p.HasRole(siteID, sitecore.RoleOwner, sitecore.RoleAdmin) {
		return nil, sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return nil, err
	}
	cur, err := s.Store.FindSettings(ctx, siteID)
	if err != nil {
		return nil, err
	}
	perLang := func(field string, m map[string]string, max int) (map[sitecore.Lang]string, error) {
		out := map[sitecore.Lang]string{}
		for _, l := range sortedKeys(m) {
			v := strings.TrimSpace(m[l])
			if !site.HasLang(sitecore.Lang(l)) {
				return nil, sitecore.Invalid(field+"."+l, "lang.unsupported", "value", l)
			}
			if utf8.RuneCountInString(v) > max {
				return nil, sitecore.Invalid(field+"."+l, "field.too_long", "max", strconv.Itoa(max))
			}
			if v != "" {
				out[sitecore.Lang(l)] = v
			}
		}
		return out, nil
	}
	var (
		langs []sitecore.Lang
		names map[sitecore.Lang]string
	)
	if in.Names != nil || in.Languages != nil {
		langs = site.Languages
		if in.Languages != nil {
			if langs, err = sitecore.ParseLanguages("languages", *in.Languages); err != nil {
				return nil, err
			}
			for _, core := range sitecore.DefaultLanguages {
				if !slices.Contains(langs, core) {
					return nil, sitecore.Invalid("languages", "lang.core_required", "value", string(core))
				}
			}
		}
		names = map[sitecore.Lang]string{}
		for l, n := range site.Names {
			names[l] = n
		}
		if in.Names != nil {
			for _, l := range sortedKeys(*in.Names) {
				v := strings.TrimSpace((*in.Names)[l])
				switch {
				case !slices.Contains(langs, sitecore.Lang(l)):
					return nil, sitecore.Invalid("names."+l, "lang.unsupported", "value", l)
				case utf8.RuneCountInString(v) > 200:
					return nil, sitecore.Invalid("names."+l, "field.too_long", "max", "200")
				}
				names[sitecore.Lang(l)] = v
			}
		}
		for l := range names {
			if !slices.Contains(langs, l) {
				delete(names, l)
			}
		}
		for _, l := range langs {
			if names[l] == "" {
				return nil, sitecore.Invalid("names."+string(l), "field.required")
			}
		}
		if s.Namer == nil {
			return nil, sitecore.Invalid("names", "field.unknown")
		}
	}
	if in.Motto != nil {
		if cur.Motto, err = perLang("motto", *in.Motto, 200); err != nil {
			return nil, err
		}
	}
	if in.Address != nil {
		if cur.Address, err = perLang("address", *in.Address, 300); err != nil {
			return nil, err
		}
	}
	if in.Phone != nil {
		v := strings.TrimSpace(*in.Phone)
		if v != "" && !phoneRE.MatchString(v) {
			return nil, sitecore.Invalid("phone", "field.type", "want", "+7 7172 00 00 00")
		}
		cur.Phone = v
	}
	if in.Email != nil {
		v := strings.TrimSpace(*in.Email)
		if a, err := mail.ParseAddress(v); v != "" && (err != nil || a.Address != v) {
			return nil, sitecore.Invalid("email", "field.type", "want", "email")
		}
		cur.Email = v
	}
	if in.Accent != nil {
		v := strings.ToLower(strings.TrimSpace(*in.Accent))
		if v != "" && !colorRE.MatchString(v) {
			return nil, sitecore.Invalid("accent", "settings.color")
		}
		cur.Accent = v
	}
	if in.Moderation != nil {
		if *in.Moderation != "pre" && *in.Moderation != "post" {
			return nil, sitecore.Invalid("moderation", "settings.integration", "value", *in.Moderation)
		}
		cur.Moderation = *in.Moderation
	}
	if in.SEO != nil {
		seo, err := s.validSEO(ctx, siteID, *in.SEO)
		if err != nil {
			return nil, err
		}
		cur.SEO = seo
	}
	if in.Integrations != nil {
		if err := validIntegrations(in.Integrations); err != nil {
			return nil, err
		}
		cur.Integrations = *in.Integrations
	}
	cur.UpdatedAt = time.Now().UTC()
	if s.Now != nil {
		cur.UpdatedAt = s.Now().UTC()
	}
	if names != nil {
		err = s.Namer.SaveSettingsAndIdentity(ctx, siteID, cur, langs, names)
	} else {
		err = s.Store.SaveSettings(ctx, siteID, cur)
	}
	if err != nil {
		return nil, err
	}
	if s.OnChange != nil {
		s.OnChange(siteID)
	}
	audit(ctx, s.Audit, a, siteID, "settings.update", "")
	return cur, nil
}

func (s *Settings) validSEO(ctx context.Context, siteID int64, in sitecore.SEOSettings) (sitecore.SEOSettings, error) {
	for f, v := range map[string]string{"seo.google_verification": in.GoogleVerification, "seo.yandex_verification": in.YandexVerification} {
		if v != "" && !verifyRE.MatchString(v) {
			return in, sitecore.Invalid(f, "settings.integration", "value", v)
		}
	}
	if len(in.Disallow) > 20 {
		return in, sitecore.Invalid("seo.disallow", "field.too_long", "max", "20")
	}
	for _, d := range in.Disallow {
		if !pathRE.MatchString(d) {
			return in, sitecore.Invalid("seo.disallow", "settings.integration", "value", d)
		}
	}
	in.OGImageURL = ""
	if in.OGImageID != "" {
		if s.Media == nil {
			return in, sitecore.Invalid("seo.og_image_id", "media.unknown")
		}
		url, err := s.Media(ctx, siteID, in.OGImageID)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			return in, sitecore.Invalid("seo.og_image_id", "media.unknown")
		}
		if err != nil {
			return in, err
		}
		in.OGImageURL = url
	}
	return in, nil
}

func validIntegrations(in *sitecore.Integrations) error {
	switch {
	case in.GA4 != "" && !ga4RE.MatchString(in.GA4):
		return sitecore.Invalid("integrations.ga4", "settings.integration", "value", in.GA4)
	case in.GTM != "" && !gtmRE.MatchString(in.GTM):
		return sitecore.Invalid("integrations.gtm", "settings.integration", "value", in.GTM)
	case in.Metrica != "" && !metricaRE.MatchString(in.Metrica):
		return sitecore.Invalid("integrations.metrica", "settings.integration", "value", in.Metrica)
	}
	if m := in.Map; m != nil {
		if !slices.Contains([]string{"yandex", "google", "2gis"}, m.Provider) {
			return sitecore.Invalid("integrations.map.provider", "settings.integration", "value", m.Provider)
		}
		if m.Lat < 40 || m.Lat > 56 || m.Lon < 46 || m.Lon > 88 {
			return sitecore.Invalid("integrations.map.lat", "settings.coordinates")
		}
		if m.Zoom == 0 {
			m.Zoom = 16
		}
		if m.Zoom < 3 || m.Zoom > 19 {
			return sitecore.Invalid("integrations.map.zoom", "settings.integration", "value", strconv.Itoa(m.Zoom))
		}
	}
	if w := in.Weather; w != nil && !slices.Contains(sitecore.WeatherCities, w.City) {
		return sitecore.Invalid("integrations.weather.city", "settings.integration", "value", w.City)
	}
	return nil
}
