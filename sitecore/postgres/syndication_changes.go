package postgres

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

// FindRemotes returns what the destination holds of each item, in one query.
func (s *Syndication) FindRemotes(ctx context.Context, siteID, destID int64, newsKeys []string) (map[string]syndication.Remote, error) {
	out := make(map[string]syndication.Remote, len(newsKeys))
	for _, k := range newsKeys {
		out[k] = syndication.Remote{SiteID: siteID, DestinationID: destID, NewsKey: k}
	}
	// The copy is uncertain while the create of the next generation was begun (so perhaps
	// sent) and never confirmed, whatever became of its row since (pending, dead, or
	// skipped by the withdrawal that supersedes it): until a delivery of that generation is
	// confirmed and moves the remote generation on. The key is syndication.DeliveryKey's.
	rows, err := s.db.Pool.Query(ctx, `SELECT k, COALESCE(r.remote_id, ''), COALESCE(r.live, false), COALESCE(r.generation, 0),
			COALESCE(r.version, 0),
			EXISTS (SELECT 1 FROM syndication_deliveries d WHERE d.key = 's' || $1::bigint || '/d' || $2::bigint || '/' || k
				|| '/create/g' || (COALESCE(r.generation, 0) + 1) AND d.site_id = $1 AND d.state <> 'delivered')
		FROM unnest($3::text[]) k
		LEFT JOIN syndication_remote r ON r.site_id = $1 AND r.destination_id = $2 AND r.news_key = k`, siteID, destID, newsKeys)
	if err != nil {
		return nil, wrap("FindRemotes", err)
	}
	defer rows.Close()
	for rows.Next() {
		r := syndication.Remote{SiteID: siteID, DestinationID: destID}
		if err := rows.Scan(&r.NewsKey, &r.RemoteID, &r.Live, &r.Generation, &r.Version, &r.Uncertain); err != nil {
			return nil, wrap("FindRemotes", err)
		}
		out[r.NewsKey] = r
	}
	return out, wrap("FindRemotes", rows.Err())
}

// QueueChanges writes the changed items to the outbox if the site has an outbound rule.
func (s *Syndication) QueueChanges(ctx context.Context, siteID int64, newsKeys []string) error {
	_, err := s.db.Pool.Exec(ctx, `INSERT INTO syndication_changes (site_id, news_key)
		SELECT $1, k FROM unnest($2::text[]) k WHERE EXISTS (SELECT 1 FROM syndication_rules WHERE site_id = $1)`, siteID, newsKeys)
	return wrap("QueueChanges", missingRef(err))
}

// RelayChanges takes queued changes (FOR UPDATE SKIP LOCKED, so relays in several processes
// share the work), groups them per site and destination, hands them to send and deletes
// them in the same transaction.
func (s *Syndication) RelayChanges(ctx context.Context, limit int, send func(ctx context.Context, batches []syndication.ChangeBatch) error) (int, error) {
	n := 0
	err := s.db.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, site_id, news_key FROM syndication_changes ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit)
		if err != nil {
			return err
		}
		var ids, sites []int64
		keys := map[int64][]string{}
		type siteKey struct {
			site int64
			key  string
		}
		seen := map[siteKey]bool{}
		for rows.Next() {
			var id, site int64
			var key string
			if err := rows.Scan(&id, &site, &key); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
			if _, ok := keys[site]; !ok {
				sites = append(sites, site)
			}
			if k := (siteKey{site, key}); !seen[k] {
				seen[k] = true
				keys[site] = append(keys[site], key)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil || len(ids) == 0 {
			return err
		}
		n = len(ids)
		rows, err = tx.Query(ctx, `SELECT site_id, destination_id FROM syndication_rules WHERE site_id = ANY($1)
			ORDER BY site_id, destination_id`, sites)
		if err != nil {
			return err
		}
		var batches []syndication.ChangeBatch
		for rows.Next() {
			var b syndication.ChangeBatch
			if err := rows.Scan(&b.SiteID, &b.DestinationID); err != nil {
				rows.Close()
				return err
			}
			b.Keys = keys[b.SiteID]
			batches = append(batches, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batches) > 0 {
			if err := send(ctx, batches); err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `DELETE FROM syndication_changes WHERE id = ANY($1)`, ids)
		return err
	})
	if err != nil {
		return 0, wrap("RelayChanges", err)
	}
	return n, nil
}

// RecordChanges upserts the items' public state into syndication_items (an older version
// never overwrites a newer one) and queues the changes of sites with an outbound rule, in
// one statement.
func (s *Syndication) RecordChanges(ctx context.Context, items []*sitecore.News) error {
	type siteKey struct {
		site int64
		key  string
	}
	last := map[siteKey]int{} // ON CONFLICT may touch a row once per statement: the newest wins
	for i, n := range items {
		k := siteKey{n.SiteID, n.Key}
		if j, ok := last[k]; !ok || syndication.VersionOf(items[j]) <= syndication.VersionOf(n) {
			last[k] = i
		}
	}
	sites, keys, versions, docs := make([]int64, 0, len(items)), make([]string, 0, len(items)), make([]int64, 0, len(items)), make([]*string, 0, len(items))
	for i, n := range items {
		if last[siteKey{n.SiteID, n.Key}] != i {
			continue
		}
		var doc *string
		if p := syndication.PublicPart(n); p != nil {
			b, err := json.Marshal(p)
			if err != nil {
				return wrap("RecordChanges", err)
			}
			str := string(b)
			doc = &str
		}
		sites, keys, versions, docs = append(sites, n.SiteID), append(keys, n.Key), append(versions, syndication.VersionOf(n)), append(docs, doc)
	}
	_, err := s.db.Pool.Exec(ctx, `WITH input AS (
			SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS u(site_id, news_key, version, item, n)
		), recorded AS (
			INSERT INTO syndication_items (site_id, news_key, version, item)
			SELECT site_id, news_key, version, item::jsonb FROM input
			ON CONFLICT (site_id, news_key) DO UPDATE SET version = excluded.version, item = excluded.item, updated_at = now()
			WHERE syndication_items.version <= excluded.version
		)
		INSERT INTO syndication_changes (site_id, news_key)
		SELECT i.site_id, i.news_key FROM input i
		WHERE EXISTS (SELECT 1 FROM syndication_rules r WHERE r.site_id = i.site_id) ORDER BY i.n`, sites, keys, versions, docs)
	return wrap("RecordChanges", missingRef(err))
}

// FindItems reads the recorded state of the site's items in one query.
func (s *Syndication) FindItems(ctx context.Context, siteID int64, newsKeys []string) (map[string]*sitecore.News, error) {
	rows, err := s.db.Pool.Query(ctx, `SELECT news_key, version, item FROM syndication_items WHERE site_id = $1 AND news_key = ANY($2)`,
		siteID, newsKeys)
	if err != nil {
		return nil, wrap("FindItems", err)
	}
	defer rows.Close()
	out := make(map[string]*sitecore.News, len(newsKeys))
	for rows.Next() {
		var key string
		var version int64
		var doc []byte
		if err := rows.Scan(&key, &version, &doc); err != nil {
			return nil, wrap("FindItems", err)
		}
		n := syndication.Withdrawn(siteID, key, version)
		if doc != nil {
			n = &sitecore.News{}
			if err := json.Unmarshal(doc, n); err != nil {
				return nil, wrap("FindItems", err)
			}
			n.SiteID, n.Key = siteID, key // the row's, whatever the document says
		}
		out[key] = n
	}
	return out, wrap("FindItems", rows.Err())
}
