package postgres

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.BackupDrills = (*DB)(nil)

// RecordBackupDrill implements sitecore.BackupDrills.
func (db *DB) RecordBackupDrill(ctx context.Context, d sitecore.BackupDrill) (bool, error) {
	problems, err := json.Marshal(append([]string{}, d.Problems...))
	if err != nil {
		return false, err
	}
	tag, err := db.Pool.Exec(ctx, `INSERT INTO backup_drills (run_id, backup_id, started_at, ok, problems, restore_seconds)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id) DO NOTHING`,
		d.RunID, d.BackupID, d.StartedAt, d.OK, problems, d.RestoreSeconds)
	if err != nil {
		return false, sitecore.Unavailable("RecordBackupDrill", "postgresql", err)
	}
	return tag.RowsAffected() == 1, nil
}

// LatestBackupDrills implements sitecore.BackupDrills.
func (db *DB) LatestBackupDrills(ctx context.Context, limit int) ([]sitecore.BackupDrill, error) {
	rows, err := db.Pool.Query(ctx, `SELECT run_id, backup_id, started_at, ok, problems, restore_seconds
		FROM backup_drills ORDER BY finished_at DESC, id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, sitecore.Unavailable("LatestBackupDrills", "postgresql", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (sitecore.BackupDrill, error) {
		var d sitecore.BackupDrill
		var problems []byte
		if err := r.Scan(&d.RunID, &d.BackupID, &d.StartedAt, &d.OK, &problems, &d.RestoreSeconds); err != nil {
			return d, err
		}
		return d, json.Unmarshal(problems, &d.Problems)
	})
}

// OperatorEmails implements sitecore.BackupDrills.
func (db *DB) OperatorEmails(ctx context.Context) ([]string, error) {
	rows, err := db.Pool.Query(ctx, `SELECT email FROM users WHERE platform_role = 'operator' ORDER BY id`)
	if err != nil {
		return nil, sitecore.Unavailable("OperatorEmails", "postgresql", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
