package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// SpoolMail keeps a sealed message under its key; a key spooled before keeps its message.
func (db *DB) SpoolMail(ctx context.Context, key, keyID string, sealed []byte) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO mail_spool (key, key_id, sealed) VALUES ($1, $2, $3)
		ON CONFLICT (key) DO NOTHING`, key, keyID, sealed)
	return wrap("SpoolMail", err)
}

// SpooledMail returns the sealed message with key, or sitecore.ErrNotSpooled once it was sent.
func (db *DB) SpooledMail(ctx context.Context, key string) (keyID string, sealed []byte, err error) {
	err = db.Pool.QueryRow(ctx, `SELECT key_id, sealed FROM mail_spool WHERE key = $1`, key).Scan(&keyID, &sealed)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, sitecore.ErrNotSpooled
	}
	return keyID, sealed, wrap("SpooledMail", err)
}

// MarkSpooledMailSent records that the message with key went out and drops it from the
// spool, in one transaction.
func (db *DB) MarkSpooledMailSent(ctx context.Context, key, to string) error {
	return wrap("MarkSpooledMailSent", pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO mail_log (key, recipient) VALUES ($1, $2) ON CONFLICT DO NOTHING`, key, to); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM mail_spool WHERE key = $1`, key)
		return err
	}))
}
