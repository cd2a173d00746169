package mongo

import (
	"context"
	"errors"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/mektep/mektep/sitecore"
)

// The content index (Store.Index) keeps, for every page, news item and menu, its document's
// _id and, for pages and news, the document without bodies. Then:
//   - a document is read, replaced and deleted by a filter of its _id alone, which every
//     Mongo API server answers from its primary key. FerretDB 1.24 on SQLite pushes a filter
//     down to SQL only when it is exactly {_id: <ObjectID or string>}: any other field beside
//     it (or any filter without it) decodes the whole collection, every site's documents. So
//     the site and key are checked on the document read, not put in the filter;
//   - the lists of the control panel (PageOutline, FilterNews, PagePath) are one indexed
//     query in PostgreSQL, and the public lists (ListPages, QueryNews of a site) take their
//     order and selection from it and read the few documents they show by _id.
// A document the index does not know is looked up by its filter, as without an index, so a
// lagging index costs time, never a wrong answer on single reads. The index is written after
// the document, after a pending mark (ContentIndex.MarkContentPending) that the entry's write
// removes: when the process dies between the two, or the entry's write fails, the mark stays
// and RepairContentIndex (run by the worker every minute) writes the entry from the
// document as it is then. Bulk inserts (InsertNews, for seeding and imports) write no marks.

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

// idOnly is the filter of a document by its _id alone (see above).
func idOnly(id bson.ObjectID) bson.D { return bson.D{{Key: "_id", Value: id}} }

// siteKey is the projection that owns needs.
var siteKey = func(keyField string) *options.FindOneOptionsBuilder {
	return options.FindOne().SetProjection(bson.D{{Key: "site_id", Value: 1}, {Key: keyField, Value: 1}})
}

// owns tells whether the document read by _id is the site's document under key (keyField ""
// checks the site only), so an index entry pointing elsewhere cannot return, replace or
// delete another site's document.
func owns(doc bson.Raw, siteID int64, keyField, key string) bool {
	site, ok := doc.Lookup("site_id").AsInt64OK()
	if !ok || site != siteID {
		return false
	}
	if keyField == "" {
		return true
	}
	k, ok := doc.Lookup(keyField).StringValueOK()
	return ok && k == key
}

// byID reads the document with _id id when it is the site's under key; else ErrNoDocuments.
func byID(ctx context.Context, c *mongo.Collection, id bson.ObjectID, siteID int64, keyField, key string,
	opts ...options.Lister[options.FindOneOptions]) (bson.Raw, error) {
	doc, err := c.FindOne(ctx, idOnly(id), opts...).Raw()
	if err != nil {
		return nil, err
	}
	if !owns(doc, siteID, keyField, key) {
		return nil, mongo.ErrNoDocuments
	}
	return doc, nil
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
		_, err := byID(ctx, c, id, siteID, keyField, key, siteKey(keyField))
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return "", err
		}
		if err == nil {
			// The document's site and key never change, so it is still the one checked.
			res, err := c.ReplaceOne(ctx, idOnly(id), doc)
			if err != nil {
				return "", err
			}
			if res.MatchedCount == 1 {
				return id.Hex(), nil
			}
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

// findOne decodes the document under (site, key) into out: by _id when the index knows it.
// It returns mongo.ErrNoDocuments when there is none.
func (s *Store) findOne(ctx context.Context, coll, kind string, siteID int64, keyField, key string, out any) error {
	c := s.db.Collection(coll)
	id, err := s.docID(ctx, kind, siteID, key)
	if err != nil {
		return err
	}
	if id.IsZero() {
		return c.FindOne(ctx, bson.D{{Key: "site_id", Value: siteID}, {Key: keyField, Value: key}}).Decode(out)
	}
	doc, err := byID(ctx, c, id, siteID, keyField, key)
	if err != nil {
		return err
	}
	return bson.Unmarshal(doc, out)
}

// deleteOne removes the document under (site, key) and its index entry.
func (s *Store) deleteOne(ctx context.Context, coll, kind string, siteID int64, keyField, key string) error {
	c := s.db.Collection(coll)
	mark, err := s.pending(ctx, kind, siteID, key)
	if err != nil {
		return err
	}
	id, err := s.docID(ctx, kind, siteID, key)
	if err != nil {
		return err
	}
	f := bson.D{{Key: "site_id", Value: siteID}, {Key: keyField, Value: key}}
	if !id.IsZero() {
		switch _, err := byID(ctx, c, id, siteID, keyField, key, siteKey(keyField)); {
		case err == nil:
			f = idOnly(id)
		case errors.Is(err, mongo.ErrNoDocuments):
			f = nil // the index points at no document of the site's: only the entry goes
		default:
			return err
		}
	}
	if f != nil {
		if _, err := c.DeleteOne(ctx, f); err != nil {
			return err
		}
	}
	if s.Index == nil {
		return nil
	}
	return s.Index.DeleteContent(ctx, siteID, kind, key, mark)
}

// pending records that a write is about to change the document of (site, kind, key) and
// returns the mark its entry's write removes (0 without an index, or for a site that does
// not exist, whose entries the index does not keep either).
func (s *Store) pending(ctx context.Context, kind string, siteID int64, key string) (int64, error) {
	if s.Index == nil {
		return 0, nil
	}
	return s.Index.MarkContentPending(ctx, siteID, kind, key)
}

// DefaultRepairGrace is how old a pending mark must be before RepairContentIndex takes it
// (a write in progress is given that long to finish).
const DefaultRepairGrace = time.Minute

// RepairContentIndex settles the pending marks older than grace that writes left behind: each
// entry is written from the document as the document store has it now, or removed when the
// document is gone. It returns how many entries it settled; call it until that is below the
// limit to settle a backlog.
func (s *Store) RepairContentIndex(ctx context.Context, grace time.Duration, limit int) (int, error) {
	if s.Index == nil {
		return 0, nil
	}
	n, err := s.Index.RepairContent(ctx, grace, limit, s.currentEntry)
	return n, wrap("RepairContentIndex", err)
}

// currentEntry is the index entry of the document of (site, kind, key) as it is now; nil when
// there is none.
func (s *Store) currentEntry(ctx context.Context, siteID int64, kind, key string) (*sitecore.ContentEntry, error) {
	var coll, keyField string
	proj := noBodies
	switch kind {
	case sitecore.ContentPage:
		coll, keyField = collPages, "key"
	case sitecore.ContentNews:
		coll, keyField = collNews, "key"
	case sitecore.ContentMenu:
		coll, keyField, proj = collMenus, "name", bson.D{{Key: "site_id", Value: 1}, {Key: "name", Value: 1}}
	default:
		return nil, nil
	}
	c := s.db.Collection(coll)
	// By the _id the index knows, else by the filter (a new document the index never saw).
	var doc bson.Raw
	id, err := s.docID(ctx, kind, siteID, key)
	if err != nil {
		return nil, err
	}
	if !id.IsZero() {
		doc, err = byID(ctx, c, id, siteID, keyField, key, options.FindOne().SetProjection(proj))
	}
	if id.IsZero() || errors.Is(err, mongo.ErrNoDocuments) {
		doc, err = c.FindOne(ctx, bson.D{{Key: "site_id", Value: siteID}, {Key: keyField, Value: key}},
			options.FindOne().SetProjection(proj)).Raw()
	}
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	oid, ok := doc.Lookup("_id").ObjectIDOK()
	if !ok {
		return nil, nil // not written by this store: read by its filter, never indexed
	}
	e := &sitecore.ContentEntry{SiteID: siteID, Kind: kind, Key: key, DocID: oid.Hex()}
	switch kind {
	case sitecore.ContentPage:
		e.Page = new(sitecore.Page)
		err = bson.Unmarshal(doc, e.Page)
	case sitecore.ContentNews:
		e.News = new(sitecore.News)
		err = bson.Unmarshal(doc, e.News)
	}
	return e, err
}

// indexedDocs reads the documents with the index's _ids ids, in that order, by _id each (one
// small query per document: FerretDB on SQLite pushes no $in down). Documents gone or of
// another site are left out. ok is false when an _id is not an ObjectID: the caller reads by
// its filter then.
func indexedDocs[T any](ctx context.Context, c *mongo.Collection, siteID int64, ids []string) (out []*T, ok bool, err error) {
	oids := make([]bson.ObjectID, len(ids))
	for i, hex := range ids {
		if oids[i], err = bson.ObjectIDFromHex(hex); err != nil {
			return nil, false, nil
		}
	}
	out = make([]*T, 0, len(ids))
	for _, id := range oids {
		doc, err := byID(ctx, c, id, siteID, "", "")
		if errors.Is(err, mongo.ErrNoDocuments) {
			continue
		}
		if err != nil {
			return nil, true, err
		}
		v := new(T)
		if err := bson.Unmarshal(doc, v); err != nil {
			return nil, true, err
		}
		out = append(out, v)
	}
	return out, true, nil
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
