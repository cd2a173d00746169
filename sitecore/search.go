package sitecore

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kinds of searchable content.
const (
	SearchPage  = "page"
	SearchNews  = "news"
	SearchAlbum = "album" // a published photo/video album: title, description, captions
)

// SearchDoc is one published page or news item in one language, as the search index keeps
// it. The CMS hands the index every language of an item at once.
type SearchDoc struct {
	SiteID      int64
	Kind        string // SearchPage, SearchNews or SearchAlbum
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

// Search limits.
const (
	MaxSearchQuery   = 200 // runes of a query
	MaxSearchPage    = 50  // deeper pages are refused: nobody reads them, and they cost the most
	SearchPerPage    = 10
	MaxSearchPerPage = 50
)

// SearchQuery is a search in one language, over one site or (SiteID 0) every active site.
type SearchQuery struct {
	SiteID  int64
	Lang    Lang
	Text    string
	Page    int // from 1
	PerPage int
}

// Validate trims the text and checks the limits; errors name the query parameter (q, lang,
// page). An empty text is valid: it finds nothing.
func (q *SearchQuery) Validate() error {
	q.Text = strings.TrimSpace(q.Text)
	if utf8.RuneCountInString(q.Text) > MaxSearchQuery {
		return Invalid("q", "field.too_long", "max", strconv.Itoa(MaxSearchQuery))
	}
	if !q.Lang.Supported() {
		return Invalid("lang", "lang.unsupported", "value", string(q.Lang))
	}
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Page < 1 || q.Page > MaxSearchPage {
		return Invalid("page", "search.page", "max", strconv.Itoa(MaxSearchPage))
	}
	if q.PerPage <= 0 {
		q.PerPage = SearchPerPage
	}
	q.PerPage = min(q.PerPage, MaxSearchPerPage)
	return nil
}

// SearchHit is one found page or news item. Title and Snippet are safe HTML: the text is
// escaped and the only markup is <mark> around the words that matched.
type SearchHit struct {
	SiteID      int64     `json:"site_id"`
	SiteName    string    `json:"site_name"`
	Host        string    `json:"-"` // the site's first domain, for absolute links
	Kind        string    `json:"kind"`
	Key         string    `json:"key"`
	Lang        Lang      `json:"lang"`
	Title       string    `json:"title"`
	Snippet     string    `json:"snippet"`
	Path        string    `json:"path"`
	URL         string    `json:"url,omitempty"` // absolute, filled by the HTTP layer
	PublishedAt time.Time `json:"published_at"`
}

// SearchResults is a page of hits. Fuzzy means nothing matched the words as typed and the
// hits come from the typo-tolerant fallback (Corrected is the query it ran, if any). A
// query matching very many documents ranks only its newest ones: Total is then capped and
// More is true.
type SearchResults struct {
	Hits      []SearchHit `json:"hits"`
	Total     int         `json:"total"`
	More      bool        `json:"more"`
	Page      int         `json:"page"`
	PerPage   int         `json:"per_page"`
	Fuzzy     bool        `json:"fuzzy"`
	Corrected string      `json:"corrected,omitempty"`
}

// Searcher answers searches over the published content the SearchIndexer keeps.
type Searcher interface {
	// Search returns the page q.Page of hits for a validated query, best first. Only active
	// sites are searched; with q.SiteID set, only that site.
	Search(ctx context.Context, q SearchQuery) (*SearchResults, error)
}
