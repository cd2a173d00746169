package sitecore

import (
	"context"
	"time"
)

// ThemeRevision is one saved version of a theme override with its author, time and exact
// bytes. A draft (PublishedAt zero) is only seen on the editor's preview; publishing it, or
// rolling back to an older revision, makes its bytes what visitors get. Deleted marks the
// removal of an override.
type ThemeRevision struct {
	ID           int64     `json:"id"`
	SiteID       int64     `json:"site_id"`
	Name         string    `json:"name"`
	Body         string    `json:"body"`
	Deleted      bool      `json:"deleted,omitempty"`
	AuthorID     int64     `json:"author_id"`
	CreatedAt    time.Time `json:"created_at"`
	PublishedAt  time.Time `json:"published_at,omitzero"`
	RestoredFrom int64     `json:"restored_from,omitempty"`
}

// ThemeRevisionStore keeps the revisions of theme overrides. Every method is scoped by the
// site: another site's revision is ENotFound.
type ThemeRevisionStore interface {
	// SaveThemeRevision stores r as a new revision of the site (fills ID and times); with
	// publish, it also becomes the site's override (or removes it, for a deleted revision)
	// in the same transaction.
	SaveThemeRevision(ctx context.Context, siteID int64, r *ThemeRevision, publish bool) error
	// PublishThemeRevision makes a revision's exact bytes the site's override: a draft is
	// published in place; an older revision is copied into a new published revision that
	// records where it came from (a rollback). It returns the published revision.
	PublishThemeRevision(ctx context.Context, siteID, id, by int64) (*ThemeRevision, error)
	// FindThemeRevision returns one revision of the site.
	FindThemeRevision(ctx context.Context, siteID, id int64) (*ThemeRevision, error)
	// ThemeRevisions lists the site's revisions, newest first (of one override if name is
	// not empty), at most limit.
	ThemeRevisions(ctx context.Context, siteID int64, name string, limit int) ([]*ThemeRevision, error)
}
