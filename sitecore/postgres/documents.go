package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// AddDocument records an uploaded document of an application.
func (db *DB) AddDocument(ctx context.Context, d *sitecore.AppDocument) error {
	err := db.Pool.QueryRow(ctx, `
		INSERT INTO application_documents (application_id, kind, file_id, content_type, size)
		VALUES ($1, $2, $3, $4, $5) RETURNING id, status, created_at`,
		d.ApplicationID, d.Kind, d.FileID, d.ContentType, d.Size).Scan(&d.ID, &d.Status, &d.CreatedAt)
	return wrap("AddDocument", err)
}

// Documents returns the application's documents, newest first within each kind.
func (db *DB) Documents(ctx context.Context, appID int64) ([]sitecore.AppDocument, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT id, application_id, kind, file_id, content_type, size, status, remark, created_at
		FROM application_documents WHERE application_id = $1 ORDER BY kind, id DESC`, appID)
	if err != nil {
		return nil, wrap("Documents", err)
	}
	ds, err := pgx.CollectRows(rows, pgx.RowToStructByName[sitecore.AppDocument])
	return ds, wrap("Documents", err)
}

// ReviewDocument sets the school's verdict on one document of the application; a document
// of another application is ENotFound.
func (db *DB) ReviewDocument(ctx context.Context, appID, docID int64, accepted bool, remark string) error {
	status := "rejected"
	if accepted {
		status = "accepted"
	}
	tag, err := db.Pool.Exec(ctx, `UPDATE application_documents SET status = $3, remark = $4
		WHERE id = $2 AND application_id = $1`, appID, docID, status, remark)
	if err == nil && tag.RowsAffected() == 0 {
		return sitecore.NotFound("document")
	}
	return wrap("ReviewDocument", err)
}
