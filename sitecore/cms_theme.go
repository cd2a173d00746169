package sitecore

import (
	"context"
	"time"
)

// ThemeOverride is one part of a site's theme replaced by the site: a template block
// ("header", "footer", "head-extra"), or the stylesheet "theme.css" / script "theme.js".
type ThemeOverride struct {
	Name      string    `json:"name"`
	Body      string    `json:"body"`
	UpdatedBy int64     `json:"updated_by"`
	UpdatedAt time.Time `json:"updated_at"`
	// Revision is the revision a save stored (see ThemeRevision), when revisions are kept.
	Revision int64 `json:"revision,omitempty" db:"-"`
}

// ThemeOverrideNames are the parts a site may override.
var ThemeOverrideNames = []string{"header", "footer", "theme.css", "theme.js"}

// ThemeStore keeps theme overrides.
type ThemeStore interface {
	ListThemeOverrides(ctx context.Context, siteID int64) ([]*ThemeOverride, error)
	SaveThemeOverride(ctx context.Context, siteID int64, o *ThemeOverride) error
	DeleteThemeOverride(ctx context.Context, siteID int64, name string) error
}
