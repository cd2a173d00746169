package postgres

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

// Syndication is the syndication store (syndication.Store) on the database. It is a type of
// its own so its method names (Rules, Subscriptions, ...) stay apart from the other stores.
type Syndication struct{ db *DB }

// Syndication returns the syndication store.
func (db *DB) Syndication() *Syndication { return &Syndication{db: db} }

var _ syndication.Store = (*Syndication)(nil)

const destinationColumns = `id, scope, protocol, names, endpoint, COALESCE(org_unit_id, 0), COALESCE(portal_site_id, 0),
	credential, enabled, created_at`

func scanDestination(row pgx.Row) (syndication.Destination, error) {
	var d syndication.Destination
	var names []byte
	err := row.Scan(&d.ID, &d.Scope, &d.Protocol, &names, &d.Endpoint, &d.OrgUnitID, &d.PortalSiteID, &d.Credential, &d.Enabled, &d.CreatedAt)
	if err == nil {
		err = json.Unmarshal(names, &d.Names)
	}
	return d, err
}

// CreateDestination stores an operator's destination.
func (s *Syndication) CreateDestination(ctx context.Context, d *syndication.Destination) error {
	names, err := json.Marshal(d.Names)
	if err != nil {
		return sitecore.Internal("CreateDestination", err)
	}
	err = s.db.Pool.QueryRow(ctx, `INSERT INTO syndication_destinations
		(scope, protocol, names, endpoint, org_unit_id, portal_site_id, credential, enabled)
		VALUES ($1, $2, $3, $4, NULLIF($5::bigint, 0), NULLIF($6::bigint, 0), $7, $8) RETURNING id, created_at`,
		d.Scope, d.Protocol, names, d.Endpoint, d.OrgUnitID, d.PortalSiteID, d.Credential, d.Enabled).Scan(&d.ID, &d.CreatedAt)
	if c, ok := foreignKeyViolation(err); ok {
		if c == "syndication_destinations_org_unit_id_fkey" {
			return sitecore.Invalid("org_unit_id", "org_unit.unknown")
		}
		return sitecore.Invalid("portal_site_id", "syndication.not_portal")
	}
	return wrap("CreateDestination", err)
}

// Destinations returns every destination.
func (s *Syndication) Destinations(ctx context.Context) ([]syndication.Destination, error) {
	rows, err := s.db.Pool.Query(ctx, `SELECT `+destinationColumns+` FROM syndication_destinations ORDER BY id`)
	if err != nil {
		return nil, wrap("Destinations", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (syndication.Destination, error) { return scanDestination(r) })
	return out, wrap("Destinations", err)
}

// FindDestination returns a destination or ENotFound.
func (s *Syndication) FindDestination(ctx context.Context, id int64) (*syndication.Destination, error) {
	d, err := scanDestination(s.db.Pool.QueryRow(ctx, `SELECT `+destinationColumns+` FROM syndication_destinations WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("destination")
	}
	if err != nil {
		return nil, wrap("FindDestination", err)
	}
	return &d, nil
}

// SiteOrgUnit returns the unit the site is placed at (0 if none).
func (s *Syndication) SiteOrgUnit(ctx context.Context, siteID int64) (int64, error) {
	var unit int64
	err := s.db.Pool.QueryRow(ctx, `SELECT COALESCE(org_unit_id, 0) FROM sites WHERE id = $1`, siteID).Scan(&unit)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, sitecore.NotFound("site")
	}
	return unit, wrap("SiteOrgUnit", err)
}

// Rules returns the site's outbound rules.
func (s *Syndication) Rules(ctx context.Context, siteID int64) ([]syndication.Rule, error) {
	rows, err := s.db.Pool.Query(ctx, `SELECT destination_id, tags, updated_at FROM syndication_rules
		WHERE site_id = $1 ORDER BY destination_id`, siteID)
	if err != nil {
		return nil, wrap("Rules", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (syndication.Rule, error) {
		var x syndication.Rule
		return x, r.Scan(&x.DestinationID, &x.Tags, &x.UpdatedAt)
	})
	return out, wrap("Rules", err)
}

// ReplaceRules replaces the site's rules with the audit entry in one transaction.
func (s *Syndication) ReplaceRules(ctx context.Context, siteID int64, rules []syndication.Rule, a *sitecore.AuditEntry) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM syndication_rules WHERE site_id = $1`, siteID); err != nil {
			return err
		}
		for _, r := range rules {
			if _, err := tx.Exec(ctx, `INSERT INTO syndication_rules (site_id, destination_id, tags) VALUES ($1, $2, COALESCE($3, '{}'::text[]))`,
				siteID, r.DestinationID, r.Tags); err != nil {
				return missingRef(err)
			}
		}
		return insertAudit(ctx, tx, a)
	})
	return wrap("ReplaceRules", err)
}

// FindRemote returns what the destination holds of the item.
func (s *Syndication) FindRemote(ctx context.Context, siteID, destID int64, newsKey string) (syndication.Remote, error) {
	r := syndication.Remote{SiteID: siteID, DestinationID: destID, NewsKey: newsKey}
	m, err := s.FindRemotes(ctx, siteID, destID, []string{newsKey})
	if err != nil {
		return r, wrap("FindRemote", err)
	}
	return m[newsKey], nil
}

const deliveryColumns = `key, site_id, destination_id, news_key, op, version, state, remote_id, attempts, error, created_at, updated_at`

func scanDelivery(row pgx.Row) (syndication.Delivery, error) {
	var d syndication.Delivery
	err := row.Scan(&d.Key, &d.SiteID, &d.DestinationID, &d.NewsKey, &d.Op, &d.Version, &d.State, &d.RemoteID,
		&d.Attempts, &d.Error, &d.CreatedAt, &d.UpdatedAt)
	return d, err
}

func collectDeliveries(rows pgx.Rows, err error) ([]syndication.Delivery, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (syndication.Delivery, error) { return scanDelivery(r) })
}

// BeginDelivery inserts the delivery as pending or counts one more attempt of it (with the
// version now sent). A dead or skipped delivery attempted again (a resend, an item changed
// back) is pending again. Other unfinished deliveries of the item to the destination are
// superseded by this one and marked skipped, in the same transaction.
func (s *Syndication) BeginDelivery(ctx context.Context, d *syndication.Delivery) (*syndication.Delivery, error) {
	var out syndication.Delivery
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = scanDelivery(tx.QueryRow(ctx, `INSERT INTO syndication_deliveries
			(key, site_id, destination_id, news_key, op, version, attempts) VALUES ($1, $2, $3, $4, $5, $6, 1)
			ON CONFLICT (key) DO UPDATE SET attempts = syndication_deliveries.attempts + 1, updated_at = now(),
				version = CASE WHEN syndication_deliveries.state = 'delivered' THEN syndication_deliveries.version ELSE EXCLUDED.version END,
				state = CASE WHEN syndication_deliveries.state = 'delivered' THEN 'delivered' ELSE 'pending' END
			WHERE syndication_deliveries.site_id = EXCLUDED.site_id
			RETURNING `+deliveryColumns, d.Key, d.SiteID, d.DestinationID, d.NewsKey, d.Op, d.Version))
		if errors.Is(err, pgx.ErrNoRows) {
			return sitecore.NotFound("delivery")
		}
		if err != nil {
			return missingRef(err)
		}
		_, err = tx.Exec(ctx, `UPDATE syndication_deliveries SET state = 'skipped', updated_at = now()
			WHERE site_id = $1 AND destination_id = $2 AND news_key = $3 AND key <> $4 AND state IN ('pending', 'dead')`,
			d.SiteID, d.DestinationID, d.NewsKey, d.Key)
		return err
	})
	if err != nil {
		return nil, wrap("BeginDelivery", err)
	}
	return &out, nil
}

// CompleteDelivery marks the delivery delivered and stores the item's remote state.
func (s *Syndication) CompleteDelivery(ctx context.Context, siteID int64, key string, r syndication.Remote) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE syndication_deliveries SET state = 'delivered', remote_id = $3, error = '', updated_at = now()
			WHERE site_id = $1 AND key = $2`, siteID, key, r.RemoteID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return sitecore.NotFound("delivery")
		}
		_, err = tx.Exec(ctx, `INSERT INTO syndication_remote (site_id, destination_id, news_key, remote_id, live, generation, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (site_id, destination_id, news_key) DO UPDATE SET remote_id = EXCLUDED.remote_id, live = EXCLUDED.live,
				generation = EXCLUDED.generation, version = EXCLUDED.version, updated_at = now()`,
			siteID, r.DestinationID, r.NewsKey, r.RemoteID, r.Live, r.Generation, r.Version)
		return err
	})
	return wrap("CompleteDelivery", err)
}

// FailDelivery records an attempt's error and the delivery's new state.
func (s *Syndication) FailDelivery(ctx context.Context, siteID int64, key string, state syndication.State, msg string) error {
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	tag, err := s.db.Pool.Exec(ctx, `UPDATE syndication_deliveries SET state = $3, error = $4, updated_at = now()
		WHERE site_id = $1 AND key = $2 AND state <> 'delivered'`, siteID, key, state, msg)
	if err == nil && tag.RowsAffected() == 0 {
		return nil // delivered meanwhile, or unknown: nothing to record
	}
	return wrap("FailDelivery", err)
}

// EndPending ends the item's pending deliveries to the destination in the given state.
func (s *Syndication) EndPending(ctx context.Context, siteID, destID int64, newsKey string, state syndication.State, msg string) error {
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	_, err := s.db.Pool.Exec(ctx, `UPDATE syndication_deliveries SET state = $4, updated_at = now(),
		error = CASE WHEN error = '' THEN $5 ELSE error END
		WHERE site_id = $1 AND destination_id = $2 AND news_key = $3 AND state = 'pending'`, siteID, destID, newsKey, state, msg)
	return wrap("EndPending", err)
}

// Deliveries returns the site's deliveries, newest first.
func (s *Syndication) Deliveries(ctx context.Context, siteID int64, f syndication.DeliveryFilter) ([]syndication.Delivery, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	out, err := collectDeliveries(s.db.Pool.Query(ctx, `SELECT `+deliveryColumns+` FROM syndication_deliveries
		WHERE site_id = $1 AND ($2::text = '' OR state = $2) AND ($3::bigint = 0 OR destination_id = $3) AND ($4::text = '' OR news_key = $4)
		ORDER BY created_at DESC, key LIMIT $5`, siteID, string(f.State), f.DestinationID, f.NewsKey, f.Limit))
	return out, wrap("Deliveries", err)
}

// FindDelivery returns one delivery of the site or ENotFound.
func (s *Syndication) FindDelivery(ctx context.Context, siteID int64, key string) (*syndication.Delivery, error) {
	d, err := scanDelivery(s.db.Pool.QueryRow(ctx, `SELECT `+deliveryColumns+` FROM syndication_deliveries
		WHERE site_id = $1 AND key = $2`, siteID, key))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, sitecore.NotFound("delivery")
	}
	if err != nil {
		return nil, wrap("FindDelivery", err)
	}
	return &d, nil
}

// ResendDelivery turns a dead delivery back to pending with the audit entry.
func (s *Syndication) ResendDelivery(ctx context.Context, siteID int64, key string, a *sitecore.AuditEntry) error {
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE syndication_deliveries SET state = 'pending', updated_at = now()
			WHERE site_id = $1 AND key = $2 AND state = 'dead'`, siteID, key)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return sitecore.Conflictf("key", "syndication.not_dead", "value", "")
		}
		return insertAudit(ctx, tx, a)
	})
	return wrap("ResendDelivery", err)
}

// DeadLetters returns dead deliveries of every site, newest first.
func (s *Syndication) DeadLetters(ctx context.Context, limit int) ([]syndication.Delivery, error) {
	out, err := collectDeliveries(s.db.Pool.Query(ctx, `SELECT `+deliveryColumns+` FROM syndication_deliveries
		WHERE state = 'dead' ORDER BY updated_at DESC LIMIT $1`, limit))
	return out, wrap("DeadLetters", err)
}
