// Package mongo implements the sitecore content stores on the MongoDB API with
// mongo-driver v2. It runs unchanged against MongoDB and against FerretDB, which the dev
// stack embeds; FerretDB has no $text indexes, so search lives in PostgreSQL.
package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"

	"github.com/mektep/mektep/sitecore"
)

// Store is the CMS content store of one database.
type Store struct {
	client *mongo.Client
	db     *mongo.Database
	// Index, when set, is the content index the store keeps with every page, news and menu
	// it writes; lists are then answered from it and single documents read by _id (see
	// content_index.go). Set it before use, then call EnsureIndex.
	Index sitecore.ContentIndex
}

// Open connects to uri and uses the database dbName, creating the indexes the stores rely on.
func Open(ctx context.Context, uri, dbName string) (*Store, error) {
	opts := options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(5 * time.Second).
		SetConnectTimeout(5 * time.Second)
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("mongo: connect: %w", err)
	}
	s := &Store{client: client, db: client.Database(dbName)}
	if err := s.Ping(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("mongo: ping: %w", err)
	}
	if err := s.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	return s, nil
}

// Close disconnects.
func (s *Store) Close(ctx context.Context) error { return s.client.Disconnect(ctx) }

// Ping checks that the server answers; readiness probes use it.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	return s.client.Ping(ctx, readpref.Primary())
}

// Database returns the underlying database, for tests and GridFS.
func (s *Store) Database() *mongo.Database { return s.db }

// Collection names.
const (
	collPages = "pages"
	collMenus = "menus"
	collNews  = "news"

	collRevisions = "page_revisions"
)

func (s *Store) ensureIndexes(ctx context.Context) error {
	idx := map[string][]mongo.IndexModel{
		collPages:     {{Keys: bson.D{{Key: "site_id", Value: 1}, {Key: "key", Value: 1}}, Options: options.Index().SetUnique(true)}},
		collMenus:     {{Keys: bson.D{{Key: "site_id", Value: 1}, {Key: "name", Value: 1}}, Options: options.Index().SetUnique(true)}},
		collRevisions: {{Keys: bson.D{{Key: "site_id", Value: 1}, {Key: "key", Value: 1}, {Key: "rev", Value: 1}}, Options: options.Index().SetUnique(true)}},
		collNews: {
			{Keys: bson.D{{Key: "site_id", Value: 1}, {Key: "key", Value: 1}}, Options: options.Index().SetUnique(true)},
			{Keys: bson.D{{Key: "site_id", Value: 1}, {Key: "published_at", Value: -1}}},
			// The panel's filtered list (FilterNews): by status or by tag, newest first.
			{Keys: bson.D{{Key: "site_id", Value: 1}, {Key: "published", Value: 1}, {Key: "published_at", Value: -1}}},
			{Keys: bson.D{{Key: "site_id", Value: 1}, {Key: "tags", Value: 1}, {Key: "published_at", Value: -1}}},
			{Keys: bson.D{{Key: "published", Value: 1}, {Key: "published_at", Value: -1}}},
			{Keys: bson.D{{Key: "source.site_id", Value: 1}, {Key: "source.key", Value: 1}}},
		},
	}
	for coll, models := range idx {
		// One at a time: FerretDB 1.24 drops the connection when CreateMany names several
		// indexes of which some already exist.
		for _, m := range models {
			if _, err := s.db.Collection(coll).Indexes().CreateOne(ctx, m); err != nil {
				return fmt.Errorf("mongo: indexes of %s: %w", coll, err)
			}
		}
	}
	return nil
}

// wrap turns a driver error into a domain error naming the operation.
func wrap(op string, err error) error {
	var de *sitecore.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &de):
		return sitecore.WithOp(op, err)
	case mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.Is(err, mongo.ErrClientDisconnected):
		return sitecore.Unavailable(op, "mongodb", err)
	default:
		var se mongo.ServerError
		if errors.As(err, &se) {
			return sitecore.Internal(op, err)
		}
		return sitecore.Unavailable(op, "mongodb", err)
	}
}
