package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.AgeExceptionStore = (*DB)(nil)

// GrantAgeException stores an age exception and its audit entry in one transaction; a
// campaign of another site is ENotFound.
func (db *DB) GrantAgeException(ctx context.Context, e *sitecore.AgeException, a *sitecore.AuditEntry) error {
	return wrap("GrantAgeException", db.audited(ctx, e.SiteID, a, func(tx pgx.Tx) (bool, error) {
		err := tx.QueryRow(ctx, `
			INSERT INTO admission_age_exceptions (site_id, campaign_id, child_iin, grade, reason, granted_by)
			SELECT $1, id, $3, $4, $5, $6 FROM admission_campaigns WHERE id = $2 AND site_id = $1
			ON CONFLICT (campaign_id, child_iin, grade) DO UPDATE
			   SET reason = EXCLUDED.reason, granted_by = EXCLUDED.granted_by, created_at = now()
			RETURNING created_at`,
			e.SiteID, e.CampaignID, string(e.ChildIIN), e.Grade, e.Reason, e.GrantedBy).Scan(&e.CreatedAt)
		if err == pgx.ErrNoRows {
			return false, sitecore.NotFound("campaign")
		}
		return err == nil, err
	}))
}

// HasAgeException tells whether the child has an age exception for the campaign's grade.
func (db *DB) HasAgeException(ctx context.Context, siteID, campaignID int64, iin sitecore.IIN, grade int) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM admission_age_exceptions
		WHERE site_id = $1 AND campaign_id = $2 AND child_iin = $3 AND grade = $4)`,
		siteID, campaignID, string(iin), grade).Scan(&ok)
	return ok, wrap("HasAgeException", err)
}
