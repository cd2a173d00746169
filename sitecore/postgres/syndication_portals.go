package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

var _ syndication.PortalStore = (*Syndication)(nil)

// CreatePortal binds the site to the unit and creates its destination in one transaction.
func (s *Syndication) CreatePortal(ctx context.Context, p *syndication.Portal, d *syndication.Destination) error {
	names, err := json.Marshal(d.Names)
	if err != nil {
		return sitecore.Internal("CreatePortal", err)
	}
	err = s.db.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO syndication_destinations (scope, protocol, names, org_unit_id, portal_site_id, enabled)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`, d.Scope, d.Protocol, names, d.OrgUnitID, d.PortalSiteID, d.Enabled).
			Scan(&d.ID, &d.CreatedAt); err != nil {
			return missingRef(err)
		}
		p.DestinationID = d.ID
		err := tx.QueryRow(ctx, `INSERT INTO portal_sites (site_id, org_unit_id, destination_id) VALUES ($1, $2, $3) RETURNING created_at`,
			p.SiteID, p.OrgUnitID, p.DestinationID).Scan(&p.CreatedAt)
		if _, ok := uniqueViolation(err); ok {
			return sitecore.Conflictf("site_id", "syndication.portal_exists")
		}
		return missingRef(err)
	})
	return wrap("CreatePortal", err)
}

// FindPortal returns the portal of a site or ENotFound.
func (s *Syndication) FindPortal(ctx context.Context, siteID int64) (*syndication.Portal, error) {
	var p syndication.Portal
	err := s.db.Pool.QueryRow(ctx, `SELECT site_id, org_unit_id, destination_id, created_at FROM portal_sites WHERE site_id = $1`, siteID).
		Scan(&p.SiteID, &p.OrgUnitID, &p.DestinationID, &p.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("site")
	}
	if err != nil {
		return nil, wrap("FindPortal", err)
	}
	return &p, nil
}

// PortalNews returns a page of the portal's news in lang, newest first. The join with the
// schools' rules and status makes an opt-out (or a deactivated school) vanish at once.
func (s *Syndication) PortalNews(ctx context.Context, portalSiteID int64, lang sitecore.Lang, offset, limit int) ([]syndication.PortalItem, int64, error) {
	const from = ` FROM portal_news n
		JOIN portal_sites p ON p.site_id = n.portal_site_id AND p.destination_id = n.destination_id
		JOIN syndication_rules r ON r.site_id = n.school_site_id AND r.destination_id = n.destination_id
		JOIN sites s ON s.id = n.school_site_id AND s.status = 'active'
		WHERE n.portal_site_id = $1 AND n.lang = $2`
	var total int64
	if err := s.db.Pool.QueryRow(ctx, `SELECT count(*)`+from, portalSiteID, string(lang)).Scan(&total); err != nil {
		return nil, 0, wrap("PortalNews", err)
	}
	rows, err := s.db.Pool.Query(ctx, `SELECT n.school_site_id, n.school_name, n.school_url, n.news_key, n.lang, n.title, n.summary,
		n.url, n.image_url, n.published_at`+from+` ORDER BY n.published_at DESC, n.school_site_id, n.news_key LIMIT $3 OFFSET $4`,
		portalSiteID, string(lang), limit, offset)
	if err != nil {
		return nil, 0, wrap("PortalNews", err)
	}
	items, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (syndication.PortalItem, error) {
		var it syndication.PortalItem
		return it, r.Scan(&it.SchoolSiteID, &it.SchoolName, &it.SchoolURL, &it.NewsKey, &it.Lang, &it.Title, &it.Summary,
			&it.URL, &it.ImageURL, &it.PublishedAt)
	})
	return items, total, wrap("PortalNews", err)
}

// PortalPartner is the adapter of a platform destination: delivering writes the item into
// the portal's aggregated news.
func (s *Syndication) PortalPartner(d *syndication.Destination) syndication.Partner {
	return &portalPartner{db: s.db, dest: *d}
}

type portalPartner struct {
	db   *DB
	dest syndication.Destination
}

func (p *portalPartner) Deliver(ctx context.Context, it *syndication.Item) (string, error) {
	remote := "portal/" + strconv.FormatInt(p.dest.PortalSiteID, 10) + "/" + it.ExternalID
	err := p.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM portal_news WHERE portal_site_id = $1 AND school_site_id = $2 AND news_key = $3`,
			p.dest.PortalSiteID, it.SiteID, it.NewsKey); err != nil {
			return err
		}
		if it.Op == syndication.OpUnpublish {
			return nil
		}
		for l, t := range it.Texts {
			name := it.SchoolName[l]
			if name == "" {
				for _, n := range it.SchoolName {
					name = n
					break
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO portal_news (portal_site_id, destination_id, school_site_id, news_key, lang, title,
				summary, url, image_url, school_name, school_url, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
				p.dest.PortalSiteID, p.dest.ID, it.SiteID, it.NewsKey, string(l), t.Title, t.Summary, t.URL, it.ImageURL, name,
				it.SchoolURL, it.PublishedAt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", syndication.Retryable(wrap("PortalDeliver", err))
	}
	return remote, nil
}
