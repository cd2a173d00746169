package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.QuotaStore = (*DB)(nil)

// mark is the SQL of the highest warning mark (70 or 90 percent) that usage used of limit
// reaches, or 0. It mirrors sitecore.QuotaMark and sitecore.QuotaMarks.
func mark(used, limit string) string {
	return "(CASE WHEN " + used + " * 100 >= " + limit + " * 90 THEN 90 WHEN " + used + " * 100 >= " + limit + " * 70 THEN 70 ELSE 0 END)"
}

// ensureQuota creates the site's quota row with the default limit if it has none.
func (db *DB) ensureQuota(ctx context.Context, siteID, defaultLimit int64) error {
	if defaultLimit <= 0 {
		defaultLimit = sitecore.DefaultQuotaBytes
	}
	_, err := db.Pool.Exec(ctx, `INSERT INTO site_quotas (site_id, limit_bytes)
		SELECT id, $2 FROM sites WHERE id = $1 ON CONFLICT (site_id) DO NOTHING`, siteID, defaultLimit)
	return err
}

const quotaCols = `site_id, used_bytes, limit_bytes, warned, notified, epoch`

func scanQuota(row pgx.Row) (sitecore.QuotaState, error) {
	var q sitecore.QuotaState
	err := row.Scan(&q.SiteID, &q.UsedBytes, &q.LimitBytes, &q.Warned, &q.Notified, &q.Epoch)
	if errors.Is(err, pgx.ErrNoRows) {
		return q, sitecore.NotFound("site")
	}
	q.LeftBytes = max(q.LimitBytes-q.UsedBytes, 0)
	return q, err
}

// ReserveSpace adds n bytes if they fit, in one UPDATE whose WHERE re-checks the limit on
// the row version it locks, so concurrent reservations queue on the row and never overshoot.
func (db *DB) ReserveSpace(ctx context.Context, siteID, n, defaultLimit int64) (sitecore.QuotaState, bool, error) {
	if err := db.ensureQuota(ctx, siteID, defaultLimit); err != nil {
		return sitecore.QuotaState{}, false, wrap("ReserveSpace", err)
	}
	q, err := scanQuota(db.Pool.QueryRow(ctx, `
		UPDATE site_quotas SET used_bytes = used_bytes + $2::bigint,
		       warned = GREATEST(warned, `+mark("(used_bytes + $2::bigint)", "limit_bytes")+`),
		       updated_at = now()
		WHERE site_id = $1 AND used_bytes + $2::bigint <= limit_bytes
		RETURNING `+quotaCols, siteID, n))
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		// It did not fit (or the site is gone): report what is left.
		q, err = db.FindQuota(ctx, siteID, defaultLimit)
		return q, false, err
	}
	return q, err == nil, wrap("ReserveSpace", err)
}

// ReleaseSpace gives bytes back; marks above the new share re-arm with a new epoch.
func (db *DB) ReleaseSpace(ctx context.Context, siteID, n, defaultLimit int64) (sitecore.QuotaState, error) {
	if err := db.ensureQuota(ctx, siteID, defaultLimit); err != nil {
		return sitecore.QuotaState{}, wrap("ReleaseSpace", err)
	}
	q, err := scanQuota(db.Pool.QueryRow(ctx, `
		UPDATE site_quotas SET used_bytes = GREATEST(used_bytes - $2::bigint, 0), updated_at = now(),
		       warned   = LEAST(warned,   `+mark("GREATEST(used_bytes - $2::bigint, 0)", "limit_bytes")+`),
		       notified = LEAST(notified, `+mark("GREATEST(used_bytes - $2::bigint, 0)", "limit_bytes")+`),
		       epoch    = epoch + (warned > `+mark("GREATEST(used_bytes - $2::bigint, 0)", "limit_bytes")+`)::int
		WHERE site_id = $1
		RETURNING `+quotaCols, siteID, n))
	return q, wrap("ReleaseSpace", err)
}

// FindQuota returns the site's quota, creating its row with the default limit.
func (db *DB) FindQuota(ctx context.Context, siteID, defaultLimit int64) (sitecore.QuotaState, error) {
	if err := db.ensureQuota(ctx, siteID, defaultLimit); err != nil {
		return sitecore.QuotaState{}, wrap("FindQuota", err)
	}
	q, err := scanQuota(db.Pool.QueryRow(ctx, `SELECT `+quotaCols+` FROM site_quotas WHERE site_id = $1`, siteID))
	return q, wrap("FindQuota", err)
}

// SetQuotaLimit changes the limit. Marks the new share no longer reaches re-arm; marks it
// newly reaches are warned about on the next upload.
func (db *DB) SetQuotaLimit(ctx context.Context, siteID, limit int64) (sitecore.QuotaState, error) {
	if err := db.ensureQuota(ctx, siteID, limit); err != nil {
		return sitecore.QuotaState{}, wrap("SetQuotaLimit", err)
	}
	q, err := scanQuota(db.Pool.QueryRow(ctx, `
		UPDATE site_quotas SET limit_bytes = $2::bigint, updated_at = now(),
		       warned   = LEAST(warned,   `+mark("used_bytes", "$2::bigint")+`),
		       notified = LEAST(notified, `+mark("used_bytes", "$2::bigint")+`),
		       epoch    = epoch + (warned > `+mark("used_bytes", "$2::bigint")+`)::int
		WHERE site_id = $1
		RETURNING `+quotaCols, siteID, limit))
	return q, wrap("SetQuotaLimit", err)
}

// MarkQuotaNotified records that warnings up to mark were queued, unless the marks re-armed
// meanwhile (another epoch).
func (db *DB) MarkQuotaNotified(ctx context.Context, siteID, epoch int64, mark int) error {
	_, err := db.Pool.Exec(ctx, `UPDATE site_quotas SET notified = GREATEST(notified, $3)
		WHERE site_id = $1 AND epoch = $2`, siteID, epoch, mark)
	return wrap("MarkQuotaNotified", err)
}
