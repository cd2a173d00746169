package postgres

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/mektep/mektep/sitecore"
)

var (
	_ sitecore.IdempotencyStore = (*DB)(nil)
	_ sitecore.MailLog          = (*DB)(nil)
)

// staleClaim is how long an unfinished claim blocks retries. A process that died mid-request
// never finishes its claim; after this the key may be claimed again.
const staleClaim = 2 * time.Minute

// BeginIdempotent claims the key or reports what an earlier request with it left.
func (db *DB) BeginIdempotent(ctx context.Context, scope, key string, hash []byte) (*sitecore.StoredResponse, error) {
	// Fast path, one round trip: a new key is simply claimed, without waiting for the WAL
	// flush. The claim needs no flush of its own: what the request then commits durably (the
	// application, or the stored response) is later in the WAL, so its flush carries the
	// claim; a crash before that loses a claim whose work never committed, which a retry
	// simply makes again.
	tag, err := db.lazy().Exec(ctx, `
		INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, scope, key, hash)
	if err != nil {
		return nil, wrap("BeginIdempotent", err)
	}
	if tag.RowsAffected() == 1 {
		return nil, nil
	}
	var resp *sitecore.StoredResponse
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, scope, key, hash)
		if err != nil || tag.RowsAffected() == 1 {
			return err
		}
		var (
			stored []byte
			status int
			ctype  string
			body   []byte
			stale  bool
		)
		// Staleness is judged by the database clock, the one that wrote updated_at.
		err = tx.QueryRow(ctx, `
			SELECT request_hash, status, content_type, body, updated_at < now() - $3::interval
			FROM idempotency_keys WHERE scope = $1 AND key = $2 FOR UPDATE`, scope, key, strconv.Itoa(int(staleClaim.Seconds()))+" seconds",
		).Scan(&stored, &status, &ctype, &body, &stale)
		if errors.Is(err, pgx.ErrNoRows) { // expired and deleted between the two statements
			_, err = tx.Exec(ctx, `INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)`,
				scope, key, hash)
			return err
		}
		if err != nil {
			return err
		}
		switch {
		case !bytes.Equal(stored, hash):
			return sitecore.Invalid("Idempotency-Key", "idempotency.key_reused")
		case status != 0:
			resp = &sitecore.StoredResponse{Status: status, ContentType: ctype, Body: body}
			return nil
		case !stale:
			return sitecore.Conflictf("Idempotency-Key", "idempotency.in_progress")
		default: // the claimant died; take the claim over
			_, err = tx.Exec(ctx, `UPDATE idempotency_keys SET updated_at = now() WHERE scope = $1 AND key = $2`,
				scope, key)
			return err
		}
	})
	return resp, wrap("BeginIdempotent", err)
}

// lazy is the lazy-commit pool (the main pool for a DB built without Open).
func (db *DB) lazy() *pgxpool.Pool {
	if db.lazyCommit != nil {
		return db.lazyCommit
	}
	return db.Pool
}

// FinishIdempotent stores the response under the claimed key.
func (db *DB) FinishIdempotent(ctx context.Context, scope, key string, r *sitecore.StoredResponse) error {
	_, err := db.Pool.Exec(ctx, `
		UPDATE idempotency_keys SET status = $3, content_type = $4, body = $5, updated_at = now()
		WHERE scope = $1 AND key = $2`, scope, key, r.Status, r.ContentType, r.Body)
	return wrap("FinishIdempotent", err)
}

// AbortIdempotent releases an unfinished claim.
func (db *DB) AbortIdempotent(ctx context.Context, scope, key string) error {
	_, err := db.Pool.Exec(ctx, `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status = 0`,
		scope, key)
	return wrap("AbortIdempotent", err)
}

// MailSent reports whether the email with key was sent.
func (db *DB) MailSent(ctx context.Context, key string) (bool, error) {
	var ok bool
	err := db.Pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM mail_log WHERE key = $1)`, key).Scan(&ok)
	return ok, wrap("MailSent", err)
}

// MarkMailSent records that the email with key went out.
func (db *DB) MarkMailSent(ctx context.Context, key, to string) error {
	_, err := db.Pool.Exec(ctx, `INSERT INTO mail_log (key, recipient) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		key, to)
	return wrap("MarkMailSent", err)
}
