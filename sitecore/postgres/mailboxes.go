package postgres

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
)

const mailboxCols = `id, site_id, address, quota_bytes, state, coalesce(created_by, 0), created_at, updated_at`

func scanMailbox(row pgx.Row) (*sitecore.Mailbox, error) {
	var m sitecore.Mailbox
	err := row.Scan(&m.ID, &m.SiteID, &m.Address, &m.QuotaBytes, &m.State, &m.CreatedBy, &m.CreatedAt, &m.UpdatedAt)
	return &m, err
}

// lockMailQuota makes sure the site has a mail quota row and locks it for the transaction,
// so creations on one site are serialized; it returns the limit and the allocation.
func lockMailQuota(ctx context.Context, tx pgx.Tx, siteID, defaultLimit int64) (sitecore.MailQuota, error) {
	q := sitecore.MailQuota{SiteID: siteID}
	if _, err := tx.Exec(ctx, `INSERT INTO site_mail_quotas (site_id, limit_bytes) VALUES ($1, $2)
		ON CONFLICT (site_id) DO NOTHING`, siteID, defaultLimit); err != nil {
		return q, missingRef(err)
	}
	// Lock first, then sum in a statement of its own: under READ COMMITTED a statement that
	// waited for the lock still sees its own older snapshot, so a sum in the locking
	// statement would miss the mailboxes the lock's holder just added.
	if err := tx.QueryRow(ctx, `SELECT limit_bytes FROM site_mail_quotas WHERE site_id = $1 FOR UPDATE`, siteID).
		Scan(&q.LimitBytes); err != nil {
		return q, err
	}
	err := tx.QueryRow(ctx, `SELECT coalesce(sum(quota_bytes), 0)::bigint FROM mailboxes WHERE site_id = $1`, siteID).
		Scan(&q.AllocatedBytes)
	q.LeftBytes = q.LimitBytes - q.AllocatedBytes
	return q, err
}

// CreateMailbox stores a mailbox if its quota fits the site's mail quota.
func (db *DB) CreateMailbox(ctx context.Context, m *sitecore.Mailbox, defaultLimit int64) error {
	err := db.inTx(ctx, func(tx pgx.Tx) error {
		q, err := lockMailQuota(ctx, tx, m.SiteID, defaultLimit)
		if err != nil {
			return err
		}
		if m.QuotaBytes > q.LeftBytes {
			return sitecore.MailQuotaExceeded("quota_mb", q)
		}
		var by *int64
		if m.CreatedBy != 0 {
			by = &m.CreatedBy
		}
		err = tx.QueryRow(ctx, `INSERT INTO mailboxes (site_id, address, quota_bytes, created_by) VALUES ($1, $2, $3, $4)
			RETURNING id, state, created_at, updated_at`, m.SiteID, m.Address, m.QuotaBytes, by).
			Scan(&m.ID, &m.State, &m.CreatedAt, &m.UpdatedAt)
		if _, dup := uniqueViolation(err); dup {
			return sitecore.Conflictf("local_part", "mailbox.exists", "address", m.Address)
		}
		return missingRef(err)
	})
	return wrap("CreateMailbox", err)
}

// Mailboxes lists the site's mailboxes by address.
func (db *DB) Mailboxes(ctx context.Context, siteID int64) ([]sitecore.Mailbox, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+mailboxCols+` FROM mailboxes WHERE site_id = $1 ORDER BY address`, siteID)
	if err != nil {
		return nil, wrap("Mailboxes", err)
	}
	defer rows.Close()
	out := []sitecore.Mailbox{}
	for rows.Next() {
		m, err := scanMailbox(rows)
		if err != nil {
			return nil, wrap("Mailboxes", err)
		}
		out = append(out, *m)
	}
	return out, wrap("Mailboxes", rows.Err())
}

// FindMailbox returns a mailbox of the site, or ENotFound.
func (db *DB) FindMailbox(ctx context.Context, siteID, id int64) (*sitecore.Mailbox, error) {
	m, err := scanMailbox(db.Pool.QueryRow(ctx, `SELECT `+mailboxCols+` FROM mailboxes WHERE site_id = $1 AND id = $2`, siteID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("FindMailbox", sitecore.NotFound("mailbox"))
	}
	return m, wrap("FindMailbox", err)
}

// SetMailboxState suspends or resumes a mailbox of the site.
func (db *DB) SetMailboxState(ctx context.Context, siteID, id int64, state string) (*sitecore.Mailbox, error) {
	m, err := scanMailbox(db.Pool.QueryRow(ctx, `UPDATE mailboxes SET state = $3, updated_at = now()
		WHERE site_id = $1 AND id = $2 RETURNING `+mailboxCols, siteID, id, state))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, wrap("SetMailboxState", sitecore.NotFound("mailbox"))
	}
	return m, wrap("SetMailboxState", err)
}

// DeleteMailbox removes a mailbox record of the site.
func (db *DB) DeleteMailbox(ctx context.Context, siteID, id int64) error {
	tag, err := db.Pool.Exec(ctx, `DELETE FROM mailboxes WHERE site_id = $1 AND id = $2`, siteID, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = sitecore.NotFound("mailbox")
	}
	return wrap("DeleteMailbox", err)
}

// MailQuota returns the site's mail limit and allocation.
func (db *DB) MailQuota(ctx context.Context, siteID, defaultLimit int64) (sitecore.MailQuota, error) {
	q := sitecore.MailQuota{SiteID: siteID}
	err := db.Pool.QueryRow(ctx, `SELECT coalesce((SELECT limit_bytes FROM site_mail_quotas WHERE site_id = $1), $2),
		(SELECT coalesce(sum(quota_bytes), 0) FROM mailboxes WHERE site_id = $1)::bigint`, siteID, defaultLimit).
		Scan(&q.LimitBytes, &q.AllocatedBytes)
	q.LeftBytes = q.LimitBytes - q.AllocatedBytes
	return q, wrap("MailQuota", err)
}

// SetMailQuota changes the site's mail limit.
func (db *DB) SetMailQuota(ctx context.Context, siteID, limit int64) (sitecore.MailQuota, error) {
	_, err := db.Pool.Exec(ctx, `INSERT INTO site_mail_quotas (site_id, limit_bytes) VALUES ($1, $2)
		ON CONFLICT (site_id) DO UPDATE SET limit_bytes = $2, updated_at = now()`, siteID, limit)
	if err != nil {
		return sitecore.MailQuota{}, wrap("SetMailQuota", missingRef(err))
	}
	return db.MailQuota(ctx, siteID, limit)
}
