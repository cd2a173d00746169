package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

const subscriptionColumns = `id, site_id, url, mode, interval_seconds, etag, last_modified, last_polled_at, last_error, imported, created_at`

func scanSubscription(row pgx.Row) (syndication.Subscription, error) {
	var s syndication.Subscription
	var secs int
	err := row.Scan(&s.ID, &s.SiteID, &s.URL, &s.Mode, &secs, &s.ETag, &s.LastModified, &s.LastPolledAt, &s.LastError,
		&s.Imported, &s.CreatedAt)
	s.Interval = time.Duration(secs) * time.Second
	return s, err
}

// CreateSubscription stores the subscription with its audit entry; a second one of the
// same URL is EConflict.
func (s *Syndication) CreateSubscription(ctx context.Context, sub *syndication.Subscription, a *sitecore.AuditEntry) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO syndication_subscriptions (site_id, url, mode, interval_seconds)
			VALUES ($1, $2, $3, $4) RETURNING id, created_at`, sub.SiteID, sub.URL, sub.Mode, int(sub.Interval/time.Second)).
			Scan(&sub.ID, &sub.CreatedAt)
		if _, ok := uniqueViolation(err); ok {
			return sitecore.Conflictf("url", "syndication.feed_exists")
		}
		if err != nil {
			return missingRef(err)
		}
		return insertAudit(ctx, tx, a)
	})
	return wrap("CreateSubscription", err)
}

// Subscriptions returns the site's subscriptions.
func (s *Syndication) Subscriptions(ctx context.Context, siteID int64) ([]syndication.Subscription, error) {
	rows, err := s.db.Pool.Query(ctx, `SELECT `+subscriptionColumns+` FROM syndication_subscriptions WHERE site_id = $1 ORDER BY id`, siteID)
	if err != nil {
		return nil, wrap("Subscriptions", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (syndication.Subscription, error) { return scanSubscription(r) })
	return out, wrap("Subscriptions", err)
}

// FindSubscription returns one subscription of the site or ENotFound.
func (s *Syndication) FindSubscription(ctx context.Context, siteID, id int64) (*syndication.Subscription, error) {
	sub, err := scanSubscription(s.db.Pool.QueryRow(ctx, `SELECT `+subscriptionColumns+` FROM syndication_subscriptions
		WHERE site_id = $1 AND id = $2`, siteID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("subscription")
	}
	if err != nil {
		return nil, wrap("FindSubscription", err)
	}
	return &sub, nil
}

// DeleteSubscription removes the subscription with its audit entry.
func (s *Syndication) DeleteSubscription(ctx context.Context, siteID, id int64, a *sitecore.AuditEntry) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM syndication_subscriptions WHERE site_id = $1 AND id = $2`, siteID, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return sitecore.NotFound("subscription")
		}
		return insertAudit(ctx, tx, a)
	})
	return wrap("DeleteSubscription", err)
}

// SavePoll stores the validators and outcome of a poll.
func (s *Syndication) SavePoll(ctx context.Context, siteID, id int64, etag, lastModified, errMsg string, imported int) error {
	if len(errMsg) > 1000 {
		errMsg = errMsg[:1000]
	}
	_, err := s.db.Pool.Exec(ctx, `UPDATE syndication_subscriptions SET etag = $3, last_modified = $4, last_error = $5,
		imported = imported + $6, last_polled_at = now() WHERE site_id = $1 AND id = $2`, siteID, id, etag, lastModified, errMsg, imported)
	return wrap("SavePoll", err)
}

// ClaimImport records the entry as imported by the site as newsKey. It returns true when
// the claim is new or is this same item's (a retried import), false when the site got the
// entry already through another path.
func (s *Syndication) ClaimImport(ctx context.Context, siteID, subID int64, guid, newsKey string) (bool, error) {
	var key string
	err := s.db.Pool.QueryRow(ctx, `INSERT INTO syndication_imports (site_id, guid, subscription_id, news_key)
		VALUES ($1, $2, $3, $4) ON CONFLICT (site_id, guid) DO UPDATE SET news_key = syndication_imports.news_key
		RETURNING news_key`, siteID, guid, subID, newsKey).Scan(&key)
	if err != nil {
		return false, wrap("ClaimImport", missingRef(err))
	}
	return key == newsKey, nil
}
