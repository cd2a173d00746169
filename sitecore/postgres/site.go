package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.SiteStore = (*DB)(nil)

// CreateSite inserts the site and its domains in one transaction, so a clash on any of them
// leaves nothing behind.
func (db *DB) CreateSite(ctx context.Context, s *sitecore.Site) error {
	names, err := json.Marshal(s.Names)
	if err != nil {
		return sitecore.Internal("CreateSite", err)
	}
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO sites (slug, names, languages, owner_email, status, step)
			VALUES ($1, $2, $3, $4, $5, $6)
			RETURNING id, created_at, updated_at`,
			s.Slug, names, s.Languages, s.OwnerEmail, s.Status, s.Step,
		).Scan(&s.ID, &s.CreatedAt, &s.UpdatedAt)
		if c, ok := uniqueViolation(err); ok && c == "sites_slug_key" {
			return sitecore.Conflictf("slug", "slug.taken", "value", s.Slug)
		}
		if err != nil {
			return err
		}
		for i, host := range s.Domains {
			_, err := tx.Exec(ctx, `INSERT INTO site_domains (host, site_id, position) VALUES ($1, $2, $3)`,
				host, s.ID, i)
			if _, ok := uniqueViolation(err); ok {
				return sitecore.Conflictf("domains["+strconv.Itoa(i)+"]", "domain.taken", "value", host)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil { // the row was rolled back: do not hand out its ID
		s.ID, s.CreatedAt, s.UpdatedAt = 0, time.Time{}, time.Time{}
	}
	return wrap("CreateSite", err)
}

// FindSiteByID returns the site or ENotFound.
func (db *DB) FindSiteByID(ctx context.Context, id int64) (*sitecore.Site, error) {
	s, err := db.findSite(ctx, "s.id = $1", id)
	return s, wrap("FindSiteByID", err)
}

// FindSiteBySlug returns the site or ENotFound.
func (db *DB) FindSiteBySlug(ctx context.Context, slug string) (*sitecore.Site, error) {
	s, err := db.findSite(ctx, "s.slug = $1", slug)
	return s, wrap("FindSiteBySlug", err)
}

// FindActiveSiteByHost returns the active site bound to host, or ENotFound.
func (db *DB) FindActiveSiteByHost(ctx context.Context, host string) (*sitecore.Site, error) {
	s, err := db.findSite(ctx,
		"s.status = 'active' AND s.id = (SELECT site_id FROM site_domains WHERE host = $1)", host)
	return s, wrap("FindActiveSiteByHost", err)
}

// siteRow is a row of the site query, scanned by column name.
type siteRow struct {
	ID         int64
	Slug       string
	Names      map[sitecore.Lang]string
	Languages  []string
	OwnerEmail string
	Status     string
	Step       string
	Error      string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	Domains    []string
	// The logo: its media ID, name and whether it has a thumbnail (NULL without a logo).
	LogoMediaID *string
	LogoName    *string
	LogoThumb   *bool
}

// findSite returns the one site matching where, with its domains in order.
func (db *DB) findSite(ctx context.Context, where string, args ...any) (*sitecore.Site, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT s.id, s.slug, s.names, s.languages, s.owner_email, s.status, s.step, s.error,
		       s.created_at, s.updated_at,
		       ARRAY(SELECT d.host FROM site_domains d WHERE d.site_id = s.id ORDER BY d.position) AS domains,
		       s.logo_media_id, lm.name AS logo_name, lm.thumb_file_id <> '' AS logo_thumb
		FROM sites s LEFT JOIN media lm ON lm.site_id = s.id AND lm.id = s.logo_media_id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[siteRow])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("site")
	}
	if err != nil {
		return nil, err
	}
	s := &sitecore.Site{ID: r.ID, Slug: r.Slug, Names: r.Names, Domains: r.Domains,
		OwnerEmail: r.OwnerEmail, Status: sitecore.SiteStatus(r.Status), Step: r.Step,
		Error: r.Error, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	for _, l := range r.Languages {
		s.Languages = append(s.Languages, sitecore.Lang(l))
	}
	if r.LogoMediaID != nil && r.LogoName != nil {
		s.LogoMediaID, s.LogoURL = *r.LogoMediaID, sitecore.LogoURL(*r.LogoMediaID, *r.LogoName, r.LogoThumb != nil && *r.LogoThumb)
	}
	return s, nil
}

// SetSiteStep records a completed provisioning step; StepActivated also makes the site
// active. Steps never go backwards, so a retried activity cannot undo later progress.
func (db *DB) SetSiteStep(ctx context.Context, id int64, step string) error {
	if !slices.Contains(stepOrder, step) {
		return sitecore.Internal("SetSiteStep", errors.New("unknown step "+step))
	}
	status := sitecore.SiteProvisioning
	if step == sitecore.StepActivated {
		status = sitecore.SiteActive
	}
	tag, err := db.Pool.Exec(ctx, `
		WITH u AS (
			UPDATE sites SET step = $2, status = $3, error = '', updated_at = now()
			WHERE id = $1 AND status <> 'failed'
			  AND array_position($4::text[], step) <= array_position($4::text[], $2)
			RETURNING id)
		SELECT pg_notify('`+siteChannel+`', id::text) FROM u`,
		id, step, status, stepOrder)
	if err == nil && tag.RowsAffected() == 0 {
		if _, ferr := db.FindSiteByID(ctx, id); ferr != nil {
			return ferr
		}
	}
	return wrap("SetSiteStep", err)
}

// stepOrder is the order of provisioning steps.
var stepOrder = []string{sitecore.StepReserved, sitecore.StepContentSeeded,
	sitecore.StepOwnerInvited, sitecore.StepActivated}

// FailSite marks a site that is still provisioning as failed with a reason for operators.
func (db *DB) FailSite(ctx context.Context, id int64, reason string) error {
	_, err := db.Pool.Exec(ctx, `
		UPDATE sites SET status = 'failed', error = $2, updated_at = now()
		WHERE id = $1 AND status = 'provisioning'`, id, strings.TrimSpace(reason))
	return wrap("FailSite", err)
}
