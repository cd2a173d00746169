package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.MaintenanceStore = (*DB)(nil)

// CreateMaintenance stores the notice, resolves its sites and writes the audit entry in one
// transaction: a notice that would reach no site is refused.
func (db *DB) CreateMaintenance(ctx context.Context, m *sitecore.Maintenance, a *sitecore.AuditEntry) error {
	msg, err := json.Marshal(m.Message)
	if err != nil {
		return sitecore.Internal("CreateMaintenance", err)
	}
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		if m.Scope == sitecore.MaintenanceOrgUnit {
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM org_units WHERE id = $1)`, *m.OrgUnitID).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return sitecore.Invalid("org_unit_id", "maintenance.unknown_org_unit")
			}
		}
		if m.Scope == sitecore.MaintenanceSites {
			var missing *int64
			if err := tx.QueryRow(ctx, `SELECT min(x) FROM unnest($1::bigint[]) x WHERE NOT EXISTS (SELECT 1 FROM sites WHERE id = x)`,
				m.SiteIDs).Scan(&missing); err != nil {
				return err
			}
			if missing != nil {
				return sitecore.Invalid("site_ids", "maintenance.unknown_site", "value", strconv.FormatInt(*missing, 10))
			}
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO maintenance_notices (starts_at, ends_at, scope, org_unit_id, message, emergency, reason, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, status, version, created_at, updated_at`,
			m.StartsAt, m.EndsAt, m.Scope, m.OrgUnitID, msg, m.Emergency, m.Reason, m.CreatedBy,
		).Scan(&m.ID, &m.Status, &m.Version, &m.CreatedAt, &m.UpdatedAt); err != nil {
			return err
		}
		var sel string
		args := []any{m.ID}
		switch m.Scope {
		case sitecore.MaintenanceAll:
			sel = `SELECT id FROM sites`
		case sitecore.MaintenanceOrgUnit:
			sel, args = orgUnitSites, []any{*m.OrgUnitID, m.ID}
		default:
			sel, args = `SELECT unnest($1::bigint[])`, []any{m.SiteIDs, m.ID}
		}
		n := len(args)
		tag, err := tx.Exec(ctx, `INSERT INTO maintenance_sites (notice_id, site_id)
			SELECT $`+strconv.Itoa(n)+`, id FROM (`+sel+`) s(id) ON CONFLICT DO NOTHING`, args...)
		if err != nil {
			return err
		}
		if m.Sites = int(tag.RowsAffected()); m.Sites == 0 {
			field := "scope"
			if m.Scope == sitecore.MaintenanceOrgUnit {
				field = "org_unit_id"
			}
			return sitecore.Invalid(field, "maintenance.no_sites")
		}
		if a != nil {
			a.Target = "maintenance:" + strconv.FormatInt(m.ID, 10)
			return insertAudit(ctx, tx, a)
		}
		return nil
	})
	return wrap("CreateMaintenance", err)
}

const maintenanceColumns = `n.id, n.starts_at, n.ends_at, n.scope, n.org_unit_id, n.message, n.emergency, n.reason,
	n.status, n.version, n.created_by, n.created_at, n.updated_at,
	(SELECT count(*) FROM maintenance_sites s WHERE s.notice_id = n.id),
	CASE WHEN n.scope = 'sites' THEN (SELECT array_agg(site_id ORDER BY site_id) FROM maintenance_sites s WHERE s.notice_id = n.id) END`

func scanMaintenance(row pgx.Row) (*sitecore.Maintenance, error) {
	var m sitecore.Maintenance
	var msg []byte
	var sites []int64
	if err := row.Scan(&m.ID, &m.StartsAt, &m.EndsAt, &m.Scope, &m.OrgUnitID, &msg, &m.Emergency, &m.Reason,
		&m.Status, &m.Version, &m.CreatedBy, &m.CreatedAt, &m.UpdatedAt, &m.Sites, &sites); err != nil {
		return nil, err
	}
	m.SiteIDs = sites
	return &m, json.Unmarshal(msg, &m.Message)
}

// FindMaintenance returns the notice or ENotFound.
func (db *DB) FindMaintenance(ctx context.Context, id int64) (*sitecore.Maintenance, error) {
	m, err := scanMaintenance(db.Pool.QueryRow(ctx, `SELECT `+maintenanceColumns+` FROM maintenance_notices n WHERE n.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("maintenance")
	}
	return m, wrap("FindMaintenance", err)
}

// ListMaintenance returns the newest notices first (at most limit, 100 by default).
func (db *DB) ListMaintenance(ctx context.Context, limit int) ([]*sitecore.Maintenance, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	rows, err := db.Pool.Query(ctx, `SELECT `+maintenanceColumns+` FROM maintenance_notices n ORDER BY n.id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, wrap("ListMaintenance", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*sitecore.Maintenance, error) { return scanMaintenance(r) })
	return out, wrap("ListMaintenance", err)
}

// RescheduleMaintenance stores a postponement; a version already stored changes nothing.
func (db *DB) RescheduleMaintenance(ctx context.Context, id int64, start, end time.Time, version int, a *sitecore.AuditEntry) error {
	return wrap("RescheduleMaintenance", db.audited(ctx, 0, a, func(tx pgx.Tx) (bool, error) {
		tag, err := tx.Exec(ctx, `UPDATE maintenance_notices SET starts_at = $2, ends_at = $3, version = $4, updated_at = now()
			WHERE id = $1 AND version < $4`, id, start, end, version)
		return tag.RowsAffected() > 0, err
	}))
}

// SetMaintenanceStatus records the status of an open notice; setting the status it has, or
// any status of a notice that is done or cancelled, changes nothing (a cancellation is not
// overwritten by a start that raced it).
func (db *DB) SetMaintenanceStatus(ctx context.Context, id int64, s sitecore.MaintenanceStatus, a *sitecore.AuditEntry) error {
	return wrap("SetMaintenanceStatus", db.audited(ctx, 0, a, func(tx pgx.Tx) (bool, error) {
		tag, err := tx.Exec(ctx, `UPDATE maintenance_notices SET status = $2, updated_at = now() WHERE id = $1 AND status <> $2
			AND status IN ('scheduled', 'in_progress')`, id, s)
		return tag.RowsAffected() > 0, err
	}))
}

// MaintenanceRecipients returns a page of the owners and admins of the notice's sites.
func (db *DB) MaintenanceRecipients(ctx context.Context, id int64, shard, shards int, after int64, limit int) ([]sitecore.MaintenanceRecipient, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT u.id, u.email, u.full_name, u.lang FROM users u
		WHERE u.id > $4 AND u.id % $3 = $2 AND EXISTS (
			SELECT 1 FROM site_members m JOIN maintenance_sites s ON s.site_id = m.site_id
			WHERE s.notice_id = $1 AND m.user_id = u.id AND m.role IN ('owner', 'admin'))
		ORDER BY u.id LIMIT $5`, id, shard, shards, after, limit)
	if err != nil {
		return nil, wrap("MaintenanceRecipients", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sitecore.MaintenanceRecipient, error) {
		var m sitecore.MaintenanceRecipient
		err := r.Scan(&m.UserID, &m.Email, &m.FullName, &m.Lang)
		return m, err
	})
	return out, wrap("MaintenanceRecipients", err)
}

// OpenMaintenance returns the scheduled and running notices with their sites.
func (db *DB) OpenMaintenance(ctx context.Context) ([]sitecore.MaintenanceBanner, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT n.id, n.starts_at, n.ends_at, n.status, n.message,
			(SELECT array_agg(site_id) FROM maintenance_sites s WHERE s.notice_id = n.id)
		FROM maintenance_notices n WHERE n.status IN ('scheduled', 'in_progress') ORDER BY n.starts_at, n.id`)
	if err != nil {
		return nil, wrap("OpenMaintenance", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (sitecore.MaintenanceBanner, error) {
		var b sitecore.MaintenanceBanner
		var msg []byte
		if err := r.Scan(&b.ID, &b.StartsAt, &b.EndsAt, &b.Status, &msg, &b.SiteIDs); err != nil {
			return b, err
		}
		return b, json.Unmarshal(msg, &b.Message)
	})
	return out, wrap("OpenMaintenance", err)
}
