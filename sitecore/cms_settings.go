package sitecore

import (
	"context"
	"time"
)

// SiteSettings are what a school sets about its site beyond pages and news: identity shown
// in the header and footer, SEO, third-party services and comment moderation.
type SiteSettings struct {
	Motto        map[Lang]string `json:"motto,omitempty"`
	Address      map[Lang]string `json:"address,omitempty"`
	Phone        string          `json:"phone,omitempty"`
	Email        string          `json:"email,omitempty"`
	Accent       string          `json:"accent,omitempty"` // #rrggbb
	Moderation   string          `json:"moderation"`       // "post" (shown at once, hidden later) or "pre" (shown when approved)
	SEO          SEOSettings     `json:"seo"`
	Integrations Integrations    `json:"integrations"`
	UpdatedAt    time.Time       `json:"updated_at,omitzero"`
}

// SEOSettings are site-wide search-engine settings.
type SEOSettings struct {
	GoogleVerification string   `json:"google_verification,omitempty"`
	YandexVerification string   `json:"yandex_verification,omitempty"`
	Disallow           []string `json:"disallow,omitempty"` // extra robots.txt Disallow paths
	OGImageID          string   `json:"og_image_id,omitempty"`
	OGImageURL         string   `json:"og_image_url,omitempty"` // resolved from the media library
}

// Integrations are third-party services entered as validated IDs, never as raw script: the
// theme writes the code and the Content-Security-Policy allows exactly these.
type Integrations struct {
	GA4     string       `json:"ga4,omitempty"`     // G-XXXXXXXXXX
	GTM     string       `json:"gtm,omitempty"`     // GTM-XXXXXXX
	Metrica string       `json:"metrica,omitempty"` // Yandex Metrica counter number
	Map     *MapWidget   `json:"map,omitempty"`
	Weather *WeatherCity `json:"weather,omitempty"`
}

// MapWidget is a map of the school's location.
type MapWidget struct {
	Provider string  `json:"provider"` // yandex | google | 2gis
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
	Zoom     int     `json:"zoom"`
}

// WeatherCity is the city of the weather widget (one of WeatherCities).
type WeatherCity struct {
	City string `json:"city"`
}

// WeatherCities are the cities the weather widget knows: the capital, the cities of
// republican significance and the regional centres, by their English name.
var WeatherCities = []string{"astana", "almaty", "shymkent", "aktau", "aktobe", "atyrau", "karaganda", "kokshetau",
	"konaev", "kostanay", "kyzylorda", "oral", "oskemen", "pavlodar", "petropavl", "semey", "taldykorgan", "taraz",
	"turkistan", "zhezkazgan"}

// SettingsStore keeps site settings.
type SettingsStore interface {
	// FindSettings returns the site's settings, or the defaults when none are stored.
	FindSettings(ctx context.Context, siteID int64) (*SiteSettings, error)
	// SaveSettings stores the settings.
	SaveSettings(ctx context.Context, siteID int64, s *SiteSettings) error
}

// DefaultSettings are the settings of a site that has saved none.
func DefaultSettings() *SiteSettings { return &SiteSettings{Moderation: "post"} }
