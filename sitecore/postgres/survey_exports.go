package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

var _ survey.ExportStore = (*DB)(nil)

// CreateSurveyExport stores a running export of a survey of the site.
func (db *DB) CreateSurveyExport(ctx context.Context, x *survey.Export) error {
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO survey_exports (site_id, survey_id, kind, requested_by, lang, total)
		SELECT s.site_id, s.id, $3, $4, $5, $6 FROM surveys s WHERE s.id = $2 AND s.site_id = $1
		RETURNING id, status, created_at`,
		x.SiteID, x.SurveyID, string(x.Kind), x.RequestedBy, string(x.Lang), x.Total).Scan(&x.ID, &x.Status, &x.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		err = sitecore.NotFound("survey")
	}
	return wrap("CreateSurveyExport", err)
}

// FindSurveyExport returns the export of the site's survey, or ENotFound.
func (db *DB) FindSurveyExport(ctx context.Context, siteID, surveyID, id int64) (*survey.Export, error) {
	x, err := db.findSurveyExport(ctx, "id = $1 AND site_id = $2 AND survey_id = $3", id, siteID, surveyID)
	return x, wrap("FindSurveyExport", err)
}

// FindSurveyExportByID returns an export by its ID alone (for its workflow).
func (db *DB) FindSurveyExportByID(ctx context.Context, id int64) (*survey.Export, error) {
	x, err := db.findSurveyExport(ctx, "id = $1", id)
	return x, wrap("FindSurveyExportByID", err)
}

func (db *DB) findSurveyExport(ctx context.Context, where string, args ...any) (*survey.Export, error) {
	var (
		x          survey.Export
		kind, lang string
	)
	err := db.Pool.QueryRow(ctx, `SELECT id, site_id, survey_id, kind, requested_by, lang, status, rows, total,
		file_id, size, error, created_at, finished_at FROM survey_exports WHERE `+where, args...).Scan(
		&x.ID, &x.SiteID, &x.SurveyID, &kind, &x.RequestedBy, &lang, &x.Status, &x.Rows, &x.Total,
		&x.FileID, &x.Size, &x.Error, &x.CreatedAt, &x.FinishedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("export")
	}
	x.Kind, x.Lang = survey.ExportKind(kind), sitecore.Lang(lang)
	return &x, err
}

// SurveyExportProgress records how many rows a running export has written.
func (db *DB) SurveyExportProgress(ctx context.Context, id int64, rows int) error {
	return surveyExports.progress(ctx, db, id, rows)
}

// FinishSurveyExport marks an export done with its file.
func (db *DB) FinishSurveyExport(ctx context.Context, id int64, fileID string, rows int, size int64) error {
	return surveyExports.finish(ctx, db, id, fileID, rows, size)
}

// FailSurveyExport marks a running export failed with a reason.
func (db *DB) FailSurveyExport(ctx context.Context, id int64, reason string) error {
	return surveyExports.fail(ctx, db, id, reason)
}

// ExpireSurveyExport marks a done export expired and returns the file to delete.
func (db *DB) ExpireSurveyExport(ctx context.Context, id int64) (string, error) {
	return surveyExports.expire(ctx, db, id)
}
