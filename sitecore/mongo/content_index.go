package mongo

import (
	"context"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/mektep/mektep/sitecore"
)

// The content index (Store.Index) keeps, for every page, news item and menu, its document's
// _id and, for pages and news, the document without bodies. Then:
//   - a document is read, replaced and deleted by its _id, which every Mongo API server
//     answers from its primary key (FerretDB on SQLite pushes down nothing else, so a
//     {site_id, key} filter would decode the whole collection, every site's documents);
//   - the lists of the control panel (PageOutline, FilterNews, PagePath) are one indexed
//     query in PostgreSQL.
// A document the index does not know is looked up by its filter, as without an index, so a
// lagging index costs time, never a wrong answer on single reads. The index is written after
// the document: when that fails the write reports the error and the next write of the
// document, or a rebuild, puts it right.

// docID returns the document's _id from the index, or a zero ID when it has none.
func (s *Store) docID(ctx context.Context, kind string, siteID int64, key string) (bson.ObjectID, error) {
	if s.Index == nil {
		return bson.ObjectID{}, nil
	}
	hex, err := s.Index.ContentDocID(ctx, siteID, kind, key)
	if err != nil || hex == "" {
		return bson.ObjectID{}, err
	}
	id, err := bson.ObjectIDFromHex(hex)
	if err != nil {
		return bson.ObjectID{}, nil // not an ObjectID: read by the filter
	}
	return id, nil
}

// byID is the filter of a document by _id, still naming the site and key, so an index entry
// pointing elsewhere cannot return another site's document.
func byID(id bson.ObjectID, siteID int64, keyField, key string) bson.D {
	return bson.D{{Key: "_id", Value: id}, {Key: "site_id", Value: siteID}, {Key: keyField, Value: key}}
}

// replace stores doc under (site, key) and returns its _id (hex) when the store keeps an
// index: by _id when the index knows it, else by the filter (upsert).
func (s *Store) replace(ctx context.Context, coll, kind string, siteID int64, keyField, key string, doc any) (string, error) {
	c := s.db.Collection(coll)
	id, err := s.docID(ctx, kind, siteID, key)
	if err != nil {
		return "", err
	}
	if !id.IsZero() {
		res, err := c.ReplaceOne(ctx, byID(id, siteID, keyField, key), doc)
		if err != nil {
			return "", err
		}
		if res.MatchedCount == 1 {
			return id.Hex(), nil
		}
	}
	filter := bson.D{{Key: "site_id", Value: siteID}, {Key: keyField, Value: key}}
	res, err := c.ReplaceOne(ctx, filter, doc, options.Replace().SetUpsert(true))
	if err != nil || s.Index == nil {
		return "", err
	}
	if oid, ok := res.UpsertedID.(bson.ObjectID); ok {
		return oid.Hex(), nil
	}
	var d struct {
		ID bson.ObjectID `bson:"_id"`
	}
	err = c.FindOne(ctx, filter, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Decode(&d)
	return d.ID.Hex(), err
}

// findOne reads the document under (site, key): by _id when the index knows it.
func (s *Store) findOne(ctx context.Context, coll, kind string, siteID int64, keyField, key string) *mongo.SingleResult {
	c := s.db.Collection(coll)
	if id, err := s.docID(ctx, kind, siteID, key); err != nil {
		return mongo.NewSingleResultFromDocument(bson.D{}, err, nil)
	} else if !id.IsZero() {
		return c.FindOne(ctx, byID(id, siteID, keyField, key))
	}
	return c.FindOne(ctx, bson.D{{Key: "site_id", Value: siteID}, {Key: keyField, Value: key}})
}

// deleteOne removes the document under (site, key) and its index entry.
func (s *Store) deleteOne(ctx context.Context, coll, kind string, siteID int64, keyField, key string) error {
	c := s.db.Collection(coll)
	id, err := s.docID(ctx, kind, siteID, key)
	if err != nil {
		return err
	}
	f := bson.D{{Key: "site_id", Value: siteID}, {Key: keyField, Value: key}}
	if !id.IsZero() {
		f = byID(id, siteID, keyField, key)
	}
	if _, err := c.DeleteOne(ctx, f); err != nil {
		return err
	}
	if s.Index == nil {
		return nil
	}
	return s.Index.DeleteContent(ctx, siteID, kind, key)
}

// indexedPagePath walks up the tree as PagePath does, over the index's pages.
func (s *Store) indexedPagePath(ctx context.Context, siteID int64, key string) ([]string, error) {
	pages, err := s.Index.IndexedPages(ctx, siteID)
	if err != nil {
		return nil, wrap("PagePath", err)
	}
	parent := make(map[string]string, len(pages))
	for _, p := range pages {
		parent[p.Key] = p.Parent
	}
	var path []string
	for k := key; k != "" && len(path) < maxPageDepth; k = parent[k] {
		if _, ok := parent[k]; !ok {
			return nil, sitecore.NotFound("page")
		}
		path = append([]string{k}, path...)
	}
	return path, nil
}

// RebuildIndex replaces the content index with the entries of every page, news item and
// menu in the document store (bodies are not read). Writes made while it reads are put
// right by their document's next write or the next rebuild.
func (s *Store) RebuildIndex(ctx context.Context) error {
	if s.Index == nil {
		return nil
	}
	var entries []*sitecore.ContentEntry
	read := func(coll string, proj bson.D, add func(id bson.ObjectID, raw bson.Raw) error) error {
		cur, err := s.db.Collection(coll).Find(ctx, bson.D{}, options.Find().SetProjection(proj))
		if err != nil {
			return err
		}
		defer cur.Close(ctx)
		for cur.Next(ctx) {
			id, ok := cur.Current.Lookup("_id").ObjectIDOK()
			if !ok {
				continue // not written by this store: read by its filter
			}
			if err := add(id, cur.Current); err != nil {
				return err
			}
		}
		return cur.Err()
	}
	err := read(collPages, noBodies, func(id bson.ObjectID, raw bson.Raw) error {
		var p sitecore.Page
		if err := bson.Unmarshal(raw, &p); err != nil {
			return err
		}
		entries = append(entries, &sitecore.ContentEntry{SiteID: p.SiteID, Kind: sitecore.ContentPage, Key: p.Key, DocID: id.Hex(), Page: &p})
		return nil
	})
	if err == nil {
		err = read(collNews, noBodies, func(id bson.ObjectID, raw bson.Raw) error {
			var n sitecore.News
			if err := bson.Unmarshal(raw, &n); err != nil {
				return err
			}
			entries = append(entries, &sitecore.ContentEntry{SiteID: n.SiteID, Kind: sitecore.ContentNews, Key: n.Key, DocID: id.Hex(), News: &n})
			return nil
		})
	}
	if err == nil {
		err = read(collMenus, bson.D{{Key: "site_id", Value: 1}, {Key: "name", Value: 1}}, func(id bson.ObjectID, raw bson.Raw) error {
			var m sitecore.Menu
			if err := bson.Unmarshal(raw, &m); err != nil {
				return err
			}
			entries = append(entries, &sitecore.ContentEntry{SiteID: m.SiteID, Kind: sitecore.ContentMenu, Key: m.Name, DocID: id.Hex()})
			return nil
		})
	}
	if err != nil {
		return wrap("RebuildIndex", err)
	}
	return wrap("RebuildIndex", s.Index.ReplaceContentIndex(ctx, entries))
}

// EnsureIndex builds the content index from the document store if it was never built (the
// first start after the index was introduced, or an emptied database).
func (s *Store) EnsureIndex(ctx context.Context) error {
	if s.Index == nil {
		return nil
	}
	built, err := s.Index.ContentIndexBuilt(ctx)
	if err != nil || built {
		return wrap("EnsureIndex", err)
	}
	return s.RebuildIndex(ctx)
}
