package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// CreateExport stores a new running export and fills its ID and CreatedAt.
func (db *DB) CreateExport(ctx context.Context, e *sitecore.Export) error {
	filter, err := json.Marshal(e.Filter)
	if err != nil {
		return sitecore.Internal("CreateExport", err)
	}
	err = db.Pool.QueryRow(ctx, `
		INSERT INTO admission_exports (site_id, campaign_id, requested_by, lang, filter)
		VALUES ($1, $2, $3, $4, $5) RETURNING id, status, created_at`,
		e.SiteID, e.CampaignID, e.RequestedBy, string(e.Lang), filter).Scan(&e.ID, &e.Status, &e.CreatedAt)
	return wrap("CreateExport", err)
}

// FindExport returns the site's export, or ENotFound (also for another site's).
func (db *DB) FindExport(ctx context.Context, siteID, id int64) (*sitecore.Export, error) {
	e, err := db.findExport(ctx, "id = $1 AND site_id = $2", id, siteID)
	return e, wrap("FindExport", err)
}

// FindExportByID is for the export workflow's activity, which starts from a stored ID.
func (db *DB) FindExportByID(ctx context.Context, id int64) (*sitecore.Export, error) {
	e, err := db.findExport(ctx, "id = $1", id)
	return e, wrap("FindExportByID", err)
}

func (db *DB) findExport(ctx context.Context, where string, args ...any) (*sitecore.Export, error) {
	var (
		e      sitecore.Export
		filter []byte
		lang   string
	)
	err := db.Pool.QueryRow(ctx, `SELECT id, site_id, campaign_id, requested_by, lang, filter, status, rows,
		file_id, size, error, created_at, finished_at FROM admission_exports WHERE `+where, args...).Scan(
		&e.ID, &e.SiteID, &e.CampaignID, &e.RequestedBy, &lang, &filter, &e.Status, &e.Rows, &e.FileID, &e.Size,
		&e.Error, &e.CreatedAt, &e.FinishedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("export")
	}
	if err != nil {
		return nil, err
	}
	e.Lang = sitecore.Lang(lang)
	if err := json.Unmarshal(filter, &e.Filter); err != nil {
		return nil, err
	}
	return &e, nil
}

// ExportProgress records how many rows a running export has written.
func (db *DB) ExportProgress(ctx context.Context, id int64, rows int) error {
	return admissionExports.progress(ctx, db, id, rows)
}

// FinishExport marks an export done with its file.
func (db *DB) FinishExport(ctx context.Context, id int64, fileID string, rows int, size int64) error {
	return admissionExports.finish(ctx, db, id, fileID, rows, size)
}

// FailExport marks an export failed with a reason.
func (db *DB) FailExport(ctx context.Context, id int64, reason string) error {
	return admissionExports.fail(ctx, db, id, reason)
}

// ExpireExport marks a finished export expired and returns the file to delete ("" when
// already expired).
func (db *DB) ExpireExport(ctx context.Context, id int64) (string, error) {
	return admissionExports.expire(ctx, db, id)
}

// exportTable is a table of exports run as workflows (admission_exports, survey_exports):
// the same columns of progress, file and status, written the same way.
type exportTable string

const (
	admissionExports exportTable = "admission_exports"
	surveyExports    exportTable = "survey_exports"
)

// progress records how many rows a running export has written.
func (t exportTable) progress(ctx context.Context, db *DB, id int64, rows int) error {
	_, err := db.Pool.Exec(ctx, `UPDATE `+string(t)+` SET rows = $2 WHERE id = $1 AND status = 'running'`, id, rows)
	return wrap(string(t)+" progress", err)
}

// finish marks an export done with its file.
func (t exportTable) finish(ctx context.Context, db *DB, id int64, fileID string, rows int, size int64) error {
	_, err := db.Pool.Exec(ctx, `UPDATE `+string(t)+` SET status = 'done', file_id = $2, rows = $3, size = $4,
		finished_at = now() WHERE id = $1`, id, fileID, rows, size)
	return wrap(string(t)+" finish", err)
}

// fail marks a running export failed with a reason.
func (t exportTable) fail(ctx context.Context, db *DB, id int64, reason string) error {
	_, err := db.Pool.Exec(ctx, `UPDATE `+string(t)+` SET status = 'failed', error = $2, finished_at = now()
		WHERE id = $1 AND status = 'running'`, id, reason)
	return wrap(string(t)+" fail", err)
}

// expire marks a done export expired and returns the file to delete ("" when it was not
// done, or expired already).
func (t exportTable) expire(ctx context.Context, db *DB, id int64) (string, error) {
	var fileID string
	err := db.Pool.QueryRow(ctx, `UPDATE `+string(t)+` e SET status = 'expired', file_id = ''
		FROM `+string(t)+` old WHERE e.id = $1 AND old.id = e.id AND e.status = 'done' RETURNING old.file_id`, id).Scan(&fileID)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return fileID, wrap(string(t)+" expire", err)
}
