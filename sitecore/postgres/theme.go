package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.ThemeStore = (*DB)(nil)

// ListThemeOverrides returns the site's overrides by name.
func (db *DB) ListThemeOverrides(ctx context.Context, siteID int64) ([]*sitecore.ThemeOverride, error) {
	rows, _ := db.Pool.Query(ctx, `SELECT name, body, updated_by, updated_at FROM theme_overrides WHERE site_id = $1 ORDER BY name`, siteID)
	out, err := pgx.CollectRows(rows, pgx.RowToAddrOfStructByPos[sitecore.ThemeOverride])
	if out == nil {
		out = []*sitecore.ThemeOverride{}
	}
	return out, wrap("ListThemeOverrides", err)
}

// SaveThemeOverride stores one override.
func (db *DB) SaveThemeOverride(ctx context.Context, siteID int64, o *sitecore.ThemeOverride) error {
	err := db.Pool.QueryRow(ctx, `INSERT INTO theme_overrides (site_id, name, body, updated_by) VALUES ($1, $2, $3, $4)
		ON CONFLICT (site_id, name) DO UPDATE SET body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = now()
		RETURNING updated_at`, siteID, o.Name, o.Body, o.UpdatedBy).Scan(&o.UpdatedAt)
	return wrap("SaveThemeOverride", err)
}

// DeleteThemeOverride removes one override.
func (db *DB) DeleteThemeOverride(ctx context.Context, siteID int64, name string) error {
	_, err := db.Pool.Exec(ctx, `DELETE FROM theme_overrides WHERE site_id = $1 AND name = $2`, siteID, name)
	return wrap("DeleteThemeOverride", err)
}
