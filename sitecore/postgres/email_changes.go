package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

// CreateEmailChange stores the user's change of address to newEmail, waiting for the token
// until expires; an earlier waiting change of the user is replaced.
func (db *DB) CreateEmailChange(ctx context.Context, tokenHash []byte, userID int64, newEmail string, expires time.Time) error {
	_, err := db.Pool.Exec(ctx, `
		INSERT INTO email_changes (token_hash, user_id, new_email, expires_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, new_email = EXCLUDED.new_email,
			created_at = now(), expires_at = EXCLUDED.expires_at`, tokenHash, userID, newEmail, expires)
	return wrap("CreateEmailChange", missingRef(err))
}

// PendingEmailChange returns the address the user's waiting change goes to, or ENotFound.
func (db *DB) PendingEmailChange(ctx context.Context, userID int64) (string, error) {
	var email string
	err := db.Pool.QueryRow(ctx, `SELECT new_email FROM email_changes WHERE user_id = $1 AND expires_at > now()`, userID).Scan(&email)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", wrap("PendingEmailChange", sitecore.NotFound("email_change"))
	}
	return email, wrap("PendingEmailChange", err)
}

// ApplyEmailChange consumes the token of a waiting change and sets the user's address to the
// new one, verified (the link proved it), in one transaction. An unknown, replaced or expired
// token is EInvalid on "token"; an address another account took meanwhile is EConflict.
func (db *DB) ApplyEmailChange(ctx context.Context, tokenHash []byte) (userID int64, oldEmail string, err error) {
	err = db.inTx(ctx, func(tx pgx.Tx) error {
		var newEmail string
		err := tx.QueryRow(ctx, `
			DELETE FROM email_changes c USING users u
			WHERE c.token_hash = $1 AND c.expires_at > now() AND u.id = c.user_id
			RETURNING c.user_id, c.new_email, u.email`, tokenHash).Scan(&userID, &newEmail, &oldEmail)
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.Invalid("token", "token.invalid")
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE users SET email = $2, email_verified_at = now(), updated_at = now() WHERE id = $1`,
			userID, newEmail)
		if _, ok := uniqueViolation(err); ok {
			return sitecore.Conflictf("email", "email.taken", "value", newEmail)
		}
		return err
	})
	return userID, oldEmail, wrap("ApplyEmailChange", err)
}
