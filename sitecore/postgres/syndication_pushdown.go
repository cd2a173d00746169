package postgres

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

var _ syndication.PushDownStore = (*Syndication)(nil)

// PushDownDestination returns the push-down destination of (portal, school), creating it.
func (s *Syndication) PushDownDestination(ctx context.Context, d *syndication.Destination) (*syndication.Destination, error) {
	names, err := json.Marshal(d.Names)
	if err != nil {
		return nil, sitecore.Internal("PushDownDestination", err)
	}
	if _, err := s.db.Pool.Exec(ctx, `INSERT INTO syndication_destinations (scope, protocol, names, endpoint, org_unit_id, portal_site_id, enabled)
		VALUES ($1, 'school', $2, $3, NULLIF($4::bigint, 0), $5, true)
		ON CONFLICT (endpoint, portal_site_id) WHERE protocol = 'school' DO NOTHING`,
		d.Scope, names, d.Endpoint, d.OrgUnitID, d.PortalSiteID); err != nil {
		return nil, wrap("PushDownDestination", missingRef(err))
	}
	out, err := scanDestination(s.db.Pool.QueryRow(ctx, `SELECT `+destinationColumns+` FROM syndication_destinations
		WHERE protocol = 'school' AND endpoint = $1 AND portal_site_id = $2`, d.Endpoint, d.PortalSiteID))
	if err != nil {
		return nil, wrap("PushDownDestination", err)
	}
	return &out, nil
}

// SetRule adds or removes one rule of the site with the audit entry.
func (s *Syndication) SetRule(ctx context.Context, siteID, destID int64, on bool, a *sitecore.AuditEntry) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if on {
			_, err = tx.Exec(ctx, `INSERT INTO syndication_rules (site_id, destination_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, siteID, destID)
		} else {
			_, err = tx.Exec(ctx, `DELETE FROM syndication_rules WHERE site_id = $1 AND destination_id = $2`, siteID, destID)
		}
		if err != nil {
			return missingRef(err)
		}
		return insertAudit(ctx, tx, a)
	})
	return wrap("SetRule", err)
}

// PushDownPortals returns the portal sites whose news the school takes.
func (s *Syndication) PushDownPortals(ctx context.Context, schoolSiteID int64) ([]int64, error) {
	rows, err := s.db.Pool.Query(ctx, `SELECT r.site_id FROM syndication_rules r
		JOIN syndication_destinations d ON d.id = r.destination_id
		WHERE d.protocol = 'school' AND d.portal_site_id = $1 ORDER BY r.site_id`, schoolSiteID)
	if err != nil {
		return nil, wrap("PushDownPortals", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if out == nil {
		out = []int64{}
	}
	return out, wrap("PushDownPortals", err)
}
