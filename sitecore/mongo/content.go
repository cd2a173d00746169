package mongo

import (
	"context"
	"errors"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/locale"
)

var _ sitecore.ContentStore = (*Store)(nil)

// UpsertPage replaces the page stored under (site, key), inserting it if new.
func (s *Store) UpsertPage(ctx context.Context, p *sitecore.Page) error {
	mark, err := s.pending(ctx, sitecore.ContentPage, p.SiteID, p.Key)
	if err != nil {
		return wrap("UpsertPage", err)
	}
	id, err := s.replace(ctx, collPages, sitecore.ContentPage, p.SiteID, "key", p.Key, p)
	if err == nil && s.Index != nil {
		err = s.Index.PutContent(ctx, &sitecore.ContentEntry{SiteID: p.SiteID, Kind: sitecore.ContentPage, Key: p.Key, DocID: id, Page: p, Pending: mark})
	}
	return wrap("UpsertPage", err)
}

// FindPage returns the published page with slug in lang. The home page has the empty slug.
func (s *Store) FindPage(ctx context.Context, siteID int64, lang sitecore.Lang, slug string) (*sitecore.Page, error) {
	filter := bson.D{
		{Key: "site_id", Value: siteID},
		{Key: "published", Value: true},
		{Key: "text." + string(lang) + ".slug", Value: slug},
	}
	var p sitecore.Page
	err := s.db.Collection(collPages).FindOne(ctx, filter).Decode(&p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, sitecore.NotFound("page")
	}
	if err != nil {
		return nil, wrap("FindPage", err)
	}
	return &p, nil
}

// FindPageByKey returns the page, published or not.
func (s *Store) FindPageByKey(ctx context.Context, siteID int64, key string) (*sitecore.Page, error) {
	var p sitecore.Page
	err := s.findOne(ctx, collPages, sitecore.ContentPage, siteID, "key", key, &p)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, sitecore.NotFound("page")
	}
	if err != nil {
		return nil, wrap("FindPageByKey", err)
	}
	return &p, nil
}

// maxPageDepth bounds the walk up the tree, so a cycle written by a bug cannot hang it.
const maxPageDepth = 32

// PagePath walks from the page up through its parents. Trees are shallow (a school site
// rarely goes deeper than four levels), so one small query per level is cheap.
func (s *Store) PagePath(ctx context.Context, siteID int64, key string) ([]string, error) {
	if s.Index != nil {
		return s.indexedPagePath(ctx, siteID, key)
	}
	var path []string
	for k := key; k != "" && len(path) < maxPageDepth; {
		var p struct {
			Parent string `bson:"parent"`
		}
		err := s.db.Collection(collPages).FindOne(ctx, bson.D{{Key: "site_id", Value: siteID}, {Key: "key", Value: k}},
			options.FindOne().SetProjection(bson.D{{Key: "parent", Value: 1}})).Decode(&p)
		if errors.Is(err, mongo.ErrNoDocuments) {
			return nil, sitecore.NotFound("page")
		}
		if err != nil {
			return nil, wrap("PagePath", err)
		}
		path = append(path, k)
		k = p.Parent
	}
	slices.Reverse(path)
	return path, nil
}

// ListPages returns the site's pages in position order: with a content index, in its order
// and read by _id (see content_index.go).
func (s *Store) ListPages(ctx context.Context, siteID int64) ([]*sitecore.Page, error) {
	if s.Index != nil {
		ids, err := s.Index.ContentDocIDs(ctx, siteID, sitecore.ContentPage)
		if err != nil {
			return nil, wrap("ListPages", err)
		}
		out, ok, err := indexedDocs[sitecore.Page](ctx, s.db.Collection(collPages), siteID, ids)
		if ok || err != nil {
			return out, wrap("ListPages", err)
		}
	}
	cur, err := s.db.Collection(collPages).Find(ctx, bson.D{{Key: "site_id", Value: siteID}},
		options.Find().SetSort(bson.D{{Key: "position", Value: 1}, {Key: "key", Value: 1}}))
	if err != nil {
		return nil, wrap("ListPages", err)
	}
	var out []*sitecore.Page
	if err := cur.All(ctx, &out); err != nil {
		return nil, wrap("ListPages", err)
	}
	return out, nil
}

// PageOutline returns the site's pages in position order without bodies: from the content
// index when there is one.
func (s *Store) PageOutline(ctx context.Context, siteID int64) ([]*sitecore.Page, error) {
	if s.Index != nil {
		out, err := s.Index.IndexedPages(ctx, siteID)
		return out, wrap("PageOutline", err)
	}
	cur, err := s.db.Collection(collPages).Find(ctx, bson.D{{Key: "site_id", Value: siteID}},
		options.Find().SetSort(bson.D{{Key: "position", Value: 1}, {Key: "key", Value: 1}}).SetProjection(noBodies))
	if err != nil {
		return nil, wrap("PageOutline", err)
	}
	var out []*sitecore.Page
	return out, wrap("PageOutline", cur.All(ctx, &out))
}

// CountPages returns how many pages the site has: from the content index when there is one.
func (s *Store) CountPages(ctx context.Context, siteID int64) (int64, error) {
	if s.Index != nil {
		ids, err := s.Index.ContentDocIDs(ctx, siteID, sitecore.ContentPage)
		return int64(len(ids)), wrap("CountPages", err)
	}
	n, err := s.db.Collection(collPages).CountDocuments(ctx, bson.D{{Key: "site_id", Value: siteID}})
	return n, wrap("CountPages", err)
}

// DeletePage removes the page and its revisions.
func (s *Store) DeletePage(ctx context.Context, siteID int64, key string) error {
	f := bson.D{{Key: "site_id", Value: siteID}, {Key: "key", Value: key}}
	if err := s.deleteOne(ctx, collPages, sitecore.ContentPage, siteID, "key", key); err != nil {
		return wrap("DeletePage", err)
	}
	_, err := s.db.Collection(collRevisions).DeleteMany(ctx, f)
	return wrap("DeletePage", err)
}

// AddPageRevision stores the revision and drops the page's revisions older than the newest
// keep.
func (s *Store) AddPageRevision(ctx context.Context, r *sitecore.PageRevision, keep int) error {
	if _, err := s.db.Collection(collRevisions).InsertOne(ctx, r); err != nil {
		return wrap("AddPageRevision", err)
	}
	_, err := s.db.Collection(collRevisions).DeleteMany(ctx, bson.D{{Key: "site_id", Value: r.SiteID},
		{Key: "key", Value: r.Key}, {Key: "rev", Value: bson.D{{Key: "$lte", Value: r.Rev - keep}}}})
	return wrap("AddPageRevision", err)
}

// ListPageRevisions returns the page's revisions, newest first.
func (s *Store) ListPageRevisions(ctx context.Context, siteID int64, key string) ([]*sitecore.PageRevision, error) {
	cur, err := s.db.Collection(collRevisions).Find(ctx, bson.D{{Key: "site_id", Value: siteID}, {Key: "key", Value: key}},
		options.Find().SetSort(bson.D{{Key: "rev", Value: -1}}))
	if err != nil {
		return nil, wrap("ListPageRevisions", err)
	}
	out := []*sitecore.PageRevision{}
	return out, wrap("ListPageRevisions", cur.All(ctx, &out))
}

// FindPageRevision returns one revision of the page.
func (s *Store) FindPageRevision(ctx context.Context, siteID int64, key string, rev int) (*sitecore.PageRevision, error) {
	var r sitecore.PageRevision
	err := s.db.Collection(collRevisions).FindOne(ctx, bson.D{{Key: "site_id", Value: siteID}, {Key: "key", Value: key},
		{Key: "rev", Value: rev}}).Decode(&r)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, sitecore.NotFound("revision")
	}
	if err != nil {
		return nil, wrap("FindPageRevision", err)
	}
	return &r, nil
}

// UpsertMenu replaces the menu stored under (site, name).
func (s *Store) UpsertMenu(ctx context.Context, m *sitecore.Menu) error {
	mark, err := s.pending(ctx, sitecore.ContentMenu, m.SiteID, m.Name)
	if err != nil {
		return wrap("UpsertMenu", err)
	}
	id, err := s.replace(ctx, collMenus, sitecore.ContentMenu, m.SiteID, "name", m.Name, m)
	if err == nil && s.Index != nil {
		err = s.Index.PutContent(ctx, &sitecore.ContentEntry{SiteID: m.SiteID, Kind: sitecore.ContentMenu, Key: m.Name, DocID: id, Pending: mark})
	}
	return wrap("UpsertMenu", err)
}

// FindMenu returns the menu, or an empty one if the site has none by that name.
func (s *Store) FindMenu(ctx context.Context, siteID int64, name string) (*sitecore.Menu, error) {
	var m sitecore.Menu
	err := s.findOne(ctx, collMenus, sitecore.ContentMenu, siteID, "name", name, &m)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return &sitecore.Menu{SiteID: siteID, Name: name}, nil
	}
	if err != nil {
		return nil, wrap("FindMenu", err)
	}
	return &m, nil
}

// UpsertNews replaces the news item stored under (site, key).
func (s *Store) UpsertNews(ctx context.Context, n *sitecore.News) error {
	mark, err := s.pending(ctx, sitecore.ContentNews, n.SiteID, n.Key)
	if err != nil {
		return wrap("UpsertNews", err)
	}
	id, err := s.replace(ctx, collNews, sitecore.ContentNews, n.SiteID, "key", n.Key, n)
	if err == nil && s.Index != nil {
		err = s.Index.PutContent(ctx, &sitecore.ContentEntry{SiteID: n.SiteID, Kind: sitecore.ContentNews, Key: n.Key, DocID: id, News: n, Pending: mark})
	}
	return wrap("UpsertNews", err)
}

// ListNews returns the newest news items of the site that have text in lang.
func (s *Store) ListNews(ctx context.Context, siteID int64, lang sitecore.Lang, limit int) ([]*sitecore.News, error) {
	filter := bson.D{
		{Key: "site_id", Value: siteID},
		{Key: "published", Value: true},
		{Key: "text." + string(lang), Value: bson.D{{Key: "$exists", Value: true}}},
	}
	cur, err := s.db.Collection(collNews).Find(ctx, filter,
		options.Find().SetSort(bson.D{{Key: "published_at", Value: -1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, wrap("ListNews", err)
	}
	var out []*sitecore.News
	if err := cur.All(ctx, &out); err != nil {
		return nil, wrap("ListNews", err)
	}
	return out, nil
}

// publishedNews is the filter of published news of a query.
func publishedNews(q sitecore.NewsQuery) bson.D {
	f := bson.D{{Key: "published", Value: true}}
	if q.SiteID != 0 {
		f = append(f, bson.E{Key: "site_id", Value: q.SiteID})
	}
	if q.Lang != "" {
		f = append(f, bson.E{Key: "text." + string(q.Lang), Value: bson.D{{Key: "$exists", Value: true}}})
	}
	if q.Tag != "" {
		f = append(f, bson.E{Key: "tags", Value: q.Tag})
	}
	if q.Originals {
		f = append(f, bson.E{Key: "source", Value: bson.D{{Key: "$exists", Value: false}}})
	}
	if !q.Before.IsZero() {
		f = append(f, bson.E{Key: "published_at", Value: bson.D{{Key: "$lt", Value: q.Before}}})
	}
	return f
}

// QueryNews returns published news, newest first, and the number that match. A site's news
// are selected, counted and ordered by the content index and the page shown is read by _id
// (see content_index.go); the platform-wide feed (SiteID 0) reads the collection.
func (s *Store) QueryNews(ctx context.Context, q sitecore.NewsQuery) ([]*sitecore.News, int64, error) {
	if s.Index != nil && q.SiteID != 0 {
		ids, total, err := s.Index.PublishedNewsIDs(ctx, q)
		if err != nil {
			return nil, 0, wrap("QueryNews", err)
		}
		items, ok, err := indexedDocs[sitecore.News](ctx, s.db.Collection(collNews), q.SiteID, ids)
		if err != nil {
			return nil, 0, wrap("QueryNews", err)
		}
		if ok {
			// An item unpublished after the index was last written is not shown.
			return slices.DeleteFunc(items, func(n *sitecore.News) bool {
				_, has := n.Text[q.Lang]
				return !n.Published || (q.Lang != "" && !has)
			}), total, nil
		}
	}
	f := publishedNews(q)
	total, err := s.db.Collection(collNews).CountDocuments(ctx, f)
	if err != nil {
		return nil, 0, wrap("QueryNews", err)
	}
	out, err := s.findNews(ctx, f, q.Offset, q.Limit)
	return out, total, err
}

func (s *Store) findNews(ctx context.Context, f bson.D, offset, limit int) ([]*sitecore.News, error) {
	o := options.Find().SetSort(bson.D{{Key: "published_at", Value: -1}, {Key: "key", Value: 1}})
	if offset > 0 {
		o.SetSkip(int64(offset))
	}
	if limit > 0 {
		o.SetLimit(int64(limit))
	}
	cur, err := s.db.Collection(collNews).Find(ctx, f, o)
	if err != nil {
		return nil, wrap("findNews", err)
	}
	out := []*sitecore.News{}
	return out, wrap("findNews", cur.All(ctx, &out))
}

// ListAllNews returns the site's news, drafts included.
func (s *Store) ListAllNews(ctx context.Context, siteID int64, offset, limit int) ([]*sitecore.News, int64, error) {
	f := bson.D{{Key: "site_id", Value: siteID}}
	total, err := s.db.Collection(collNews).CountDocuments(ctx, f)
	if err != nil {
		return nil, 0, wrap("ListAllNews", err)
	}
	out, err := s.findNews(ctx, f, offset, limit)
	return out, total, err
}

// FilterNews returns a page of the site's news matching f, drafts included, newest first.
// Lists show titles, so bodies stay in the store (projection); there is no count, which on
// FerretDB would read the collection a second time (it pushes no filter but _id down).
func (s *Store) FilterNews(ctx context.Context, siteID int64, f sitecore.NewsFilter, offset, limit int) ([]*sitecore.News, error) {
	if s.Index != nil {
		out, err := s.Index.IndexedNews(ctx, siteID, f, offset, limit)
		return out, wrap("FilterNews", err)
	}
	q := bson.D{{Key: "site_id", Value: siteID}}
	switch f.Status {
	case "draft":
		q = append(q, bson.E{Key: "published", Value: false})
	case "published":
		q = append(q, bson.E{Key: "published", Value: true})
	case "scheduled":
		q = append(q, bson.E{Key: "publish_at", Value: bson.D{{Key: "$type", Value: "date"}}})
	}
	if f.Lang != "" {
		has := bson.D{{Key: "$exists", Value: true}}
		q = append(q, bson.E{Key: "$or", Value: bson.A{
			bson.D{{Key: "draft." + string(f.Lang), Value: has}}, bson.D{{Key: "text." + string(f.Lang), Value: has}}}})
	}
	if f.Tag != "" {
		q = append(q, bson.E{Key: "tags", Value: f.Tag})
	}
	o := options.Find().SetSort(bson.D{{Key: "published_at", Value: -1}, {Key: "key", Value: 1}}).SetProjection(noBodies)
	if offset > 0 {
		o.SetSkip(int64(offset))
	}
	if limit > 0 {
		o.SetLimit(int64(limit))
	}
	cur, err := s.db.Collection(collNews).Find(ctx, q, o)
	if err != nil {
		return nil, wrap("FilterNews", err)
	}
	out := []*sitecore.News{}
	return out, wrap("FilterNews", cur.All(ctx, &out))
}

// noBodies leaves the bodies of every language's text and draft out of a news read.
var noBodies = func() bson.D {
	var p bson.D
	for _, l := range locale.Supported() {
		p = append(p, bson.E{Key: "text." + string(l) + ".body", Value: 0}, bson.E{Key: "draft." + string(l) + ".body", Value: 0})
	}
	return p
}()

// FindNewsByKey returns the item, published or not.
func (s *Store) FindNewsByKey(ctx context.Context, siteID int64, key string) (*sitecore.News, error) {
	var n sitecore.News
	err := s.findOne(ctx, collNews, sitecore.ContentNews, siteID, "key", key, &n)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, sitecore.NotFound("news")
	}
	if err != nil {
		return nil, wrap("FindNews", err)
	}
	return &n, nil
}

// FindNewsBySlug returns the published item with the slug in lang.
func (s *Store) FindNewsBySlug(ctx context.Context, siteID int64, lang sitecore.Lang, slug string) (*sitecore.News, error) {
	return s.findOneNews(ctx, bson.D{{Key: "site_id", Value: siteID}, {Key: "published", Value: true},
		{Key: "text." + string(lang) + ".slug", Value: slug}})
}

func (s *Store) findOneNews(ctx context.Context, f bson.D) (*sitecore.News, error) {
	var n sitecore.News
	err := s.db.Collection(collNews).FindOne(ctx, f).Decode(&n)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, sitecore.NotFound("news")
	}
	if err != nil {
		return nil, wrap("FindNews", err)
	}
	return &n, nil
}

// FindNewsCopies returns every site's copies of the item.
func (s *Store) FindNewsCopies(ctx context.Context, sourceSite int64, sourceKey string) ([]*sitecore.News, error) {
	return s.findNews(ctx, bson.D{{Key: "source.site_id", Value: sourceSite}, {Key: "source.key", Value: sourceKey}}, 0, 0)
}

// DeleteNews removes the item.
func (s *Store) DeleteNews(ctx context.Context, siteID int64, key string) error {
	return wrap("DeleteNews", s.deleteOne(ctx, collNews, sitecore.ContentNews, siteID, "key", key))
}

// InsertNews stores new news items (none may exist yet under its site and key) with one
// InsertMany, for seeding and bulk imports; UpsertNews is the editor's path. The content
// index is told of each item.
func (s *Store) InsertNews(ctx context.Context, items []*sitecore.News) error {
	if len(items) == 0 {
		return nil
	}
	docs := make([]any, len(items))
	for i, n := range items {
		docs[i] = n
	}
	res, err := s.db.Collection(collNews).InsertMany(ctx, docs)
	if err != nil {
		return wrap("InsertNews", err)
	}
	if s.Index == nil {
		return nil
	}
	for i, n := range items {
		id := ""
		if oid, ok := res.InsertedIDs[i].(bson.ObjectID); ok {
			id = oid.Hex()
		}
		if err := s.Index.PutContent(ctx, &sitecore.ContentEntry{SiteID: n.SiteID, Kind: sitecore.ContentNews, Key: n.Key, DocID: id, News: n}); err != nil {
			return wrap("InsertNews", err)
		}
	}
	return nil
}
