package postgres

import (
	"context"

	"github.com/mektep/mektep/sitecore"
)

// FindApplicationByID returns an application whatever its site. Only the admission
// workflow's activities use it: they start from an application ID the platform itself
// stored; requests always go through the site-scoped FindApplication.
func (db *DB) FindApplicationByID(ctx context.Context, id int64) (*sitecore.Application, error) {
	app, err := collectApp(db.Pool.Query(ctx, `SELECT `+appColumns+` FROM applications WHERE id = $1`, id))
	return app, wrap("FindApplicationByID", err)
}
