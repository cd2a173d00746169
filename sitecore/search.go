package sitecore

import (
	"context"
	"time"
)

// Kinds of searchable content.
const (
	SearchPage = "page"
	SearchNews = "news"
)

// SearchDoc is one published page or news item in one language, as the search index keeps
// it. The CMS hands the index every language of an item at once.
type SearchDoc struct {
	SiteID      int64
	Kind        string // SearchPage or SearchNews
	Key         string // the item's key within the site
	Lang        Lang
	Title       string
	Body        string // sanitized HTML; the index strips the tags
	Path        string // the item's public path, e.g. "/kk/about"
	PublishedAt time.Time
}

// SearchIndexer keeps the search index in step with what is published. The CMS calls it on
// publish, unpublish and delete.
type SearchIndexer interface {
	// IndexItem replaces every language of the item (site, kind, key) with docs; docs all
	// share the same site, kind and key. An empty docs removes the item.
	IndexItem(ctx context.Context, siteID int64, kind, key string, docs []SearchDoc) error
}
