package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

var _ sitecore.SettingsStore = (*DB)(nil)

// FindSettings returns the site's settings or the defaults.
func (db *DB) FindSettings(ctx context.Context, siteID int64) (*sitecore.SiteSettings, error) {
	var raw []byte
	err := db.Pool.QueryRow(ctx, `SELECT settings FROM site_settings WHERE site_id = $1`, siteID).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return sitecore.DefaultSettings(), nil
	}
	if err != nil {
		return nil, wrap("FindSettings", err)
	}
	s := sitecore.DefaultSettings()
	if err := json.Unmarshal(raw, s); err != nil {
		return nil, sitecore.Internal("FindSettings", err)
	}
	return s, nil
}

// SaveSettings stores the site's settings.
func (db *DB) SaveSettings(ctx context.Context, siteID int64, s *sitecore.SiteSettings) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return sitecore.Internal("SaveSettings", err)
	}
	_, err = db.Pool.Exec(ctx, `INSERT INTO site_settings (site_id, settings, updated_at) VALUES ($1, $2, now())
		ON CONFLICT (site_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`, siteID, raw)
	return wrap("SaveSettings", err)
}

// SaveSettingsAndIdentity stores the site's settings, languages and names in one
// transaction and announces the change.
func (db *DB) SaveSettingsAndIdentity(ctx context.Context, siteID int64, s *sitecore.SiteSettings, langs []sitecore.Lang, names map[sitecore.Lang]string) error {
	raw, err := json.Marshal(s)
	if err != nil {
		return sitecore.Internal("SaveSettingsAndIdentity", err)
	}
	rawNames, err := json.Marshal(names)
	if err != nil {
		return sitecore.Internal("SaveSettingsAndIdentity", err)
	}
	ls := make([]string, len(langs))
	for i, l := range langs {
		ls[i] = string(l)
	}
	return pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `WITH u AS (UPDATE sites SET names = $2, languages = $3, updated_at = now() WHERE id = $1 RETURNING id)
			SELECT pg_notify('`+siteChannel+`', id::text) FROM u`, siteID, rawNames, ls)
		if err != nil {
			return wrap("SaveSettingsAndIdentity", err)
		}
		if tag.RowsAffected() == 0 {
			return sitecore.NotFound("site")
		}
		_, err = tx.Exec(ctx, `INSERT INTO site_settings (site_id, settings, updated_at) VALUES ($1, $2, now())
			ON CONFLICT (site_id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()`, siteID, raw)
		return wrap("SaveSettingsAndIdentity", err)
	})
}
