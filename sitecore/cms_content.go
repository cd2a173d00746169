package sitecore

import (
	"context"
	"time"
)

// PageKind tells the renderer how to show a page.
type PageKind string

// Page kinds.
const (
	PageHome     PageKind = "home"
	PageStandard PageKind = "page"
	PageNews     PageKind = "news"     // the news section: lists news items
	PageContacts PageKind = "contacts" // renders the site's contacts under the body
)

// PageText is a page's content in one language.
type PageText struct {
	Title       string `json:"title" bson:"title"`
	Slug        string `json:"slug" bson:"slug"`                                   // empty for the home page
	Body        string `json:"body" bson:"body"`                                   // sanitized HTML
	Description string `json:"description,omitempty" bson:"description,omitempty"` // SEO description
	SEOTitle    string `json:"seo_title,omitempty" bson:"seo_title,omitempty"`     // <title> when not the title
}

// Page is a node of a site's page tree with its text in every language. Key is stable across
// languages and unique within the site ("home", "about"), so seeding is idempotent.
//
// Text is what visitors see once the page is published. Edits of a published page go to
// Draft and reach Text only when someone with publish rights publishes them, so a draft is
// never visible publicly. A page that was never published keeps its text in Draft too.
type Page struct {
	SiteID      int64             `json:"site_id" bson:"site_id"`
	Key         string            `json:"key" bson:"key"`
	Parent      string            `json:"parent,omitempty" bson:"parent,omitempty"` // key of the parent page; "" at the top
	Kind        PageKind          `json:"kind" bson:"kind"`
	Position    int               `json:"position" bson:"position"`
	Published   bool              `json:"published" bson:"published"`
	Hidden      bool              `json:"hidden" bson:"hidden,omitempty"` // left out of menus and the sitemap
	Text        map[Lang]PageText `json:"text" bson:"text"`
	Draft       map[Lang]PageText `json:"draft,omitempty" bson:"draft,omitempty"`
	Revision    int               `json:"revision" bson:"revision,omitempty"`
	PublishAt   *time.Time        `json:"publish_at,omitempty" bson:"publish_at,omitempty"` // a scheduled publish
	PublishedAt time.Time         `json:"published_at,omitzero" bson:"published_at,omitempty"`
	UpdatedAt   time.Time         `json:"updated_at" bson:"updated_at"`
}

// Working returns the text an editor works on in l: the draft if there is one, else the
// published text.
func (p *Page) Working(l Lang) (PageText, bool) {
	if t, ok := p.Draft[l]; ok {
		return t, true
	}
	t, ok := p.Text[l]
	return t, ok
}

// PageRevision is a saved version of a page's text, written on every edit and publish, so an
// editor can look back and restore. News revisions are kept the same way (the summary in
// Description).
type PageRevision struct {
	SiteID     int64             `json:"-" bson:"site_id"`
	Key        string            `json:"key" bson:"key"`
	Rev        int               `json:"rev" bson:"rev"`
	Event      string            `json:"event" bson:"event"` // edit | publish | restore
	Text       map[Lang]PageText `json:"text" bson:"text"`
	AuthorID   int64             `json:"author_id,omitempty" bson:"author_id,omitempty"`
	AuthorName string            `json:"author_name,omitempty" bson:"author_name,omitempty"`
	CreatedAt  time.Time         `json:"created_at" bson:"created_at"`
}

// MenuItem is one entry of a site's menu: a link to a page by key, or an external URL, with a
// label per language.
type MenuItem struct {
	PageKey  string          `json:"page_key,omitempty" bson:"page_key,omitempty"`
	NewsKey  string          `json:"news_key,omitempty" bson:"news_key,omitempty"`
	URL      string          `json:"url,omitempty" bson:"url,omitempty"`
	Label    map[Lang]string `json:"label" bson:"label"`
	Children []MenuItem      `json:"children,omitempty" bson:"children,omitempty"`
}

// Menu is a named menu of a site ("main").
type Menu struct {
	SiteID    int64      `json:"site_id" bson:"site_id"`
	Name      string     `json:"name" bson:"name"`
	Items     []MenuItem `json:"items" bson:"items"`
	UpdatedAt time.Time  `json:"updated_at" bson:"updated_at"`
}

// NewsText is a news item in one language.
type NewsText struct {
	Title   string `json:"title" bson:"title"`
	Slug    string `json:"slug" bson:"slug"`
	Summary string `json:"summary" bson:"summary"`
	Body    string `json:"body" bson:"body"` // sanitized HTML
}

// NewsSource names the original of a news item republished from another school. Copies
// follow their source and are never republished themselves, so republishing cannot loop.
type NewsSource struct {
	SiteID   int64           `json:"site_id" bson:"site_id"`
	Key      string          `json:"key" bson:"key"`
	SiteName map[Lang]string `json:"site_name" bson:"site_name"`
	URL      map[Lang]string `json:"url" bson:"url"` // the canonical address of the original per language
	// Origin is the ID of the original entry when the item was imported from a feed (its
	// Atom id or RSS guid); feeds keep it, so the origin survives every hop (loop checks).
	Origin string `json:"origin,omitempty" bson:"origin,omitempty"`
}

// News is a news item with its text in the languages it was written in. Key is unique within
// the site. Like pages, Text is what visitors see once Published; edits of a published item
// wait in Draft until published.
type News struct {
	SiteID      int64             `json:"site_id" bson:"site_id"`
	Key         string            `json:"key" bson:"key"`
	Text        map[Lang]NewsText `json:"text" bson:"text"`
	Draft       map[Lang]NewsText `json:"draft,omitempty" bson:"draft,omitempty"`
	Published   bool              `json:"published" bson:"published"`
	CoverID     string            `json:"cover_id,omitempty" bson:"cover_id,omitempty"`   // a media library item
	CoverURL    string            `json:"cover_url,omitempty" bson:"cover_url,omitempty"` // its public path
	Tags        []string          `json:"tags,omitempty" bson:"tags,omitempty"`
	NoComments  bool              `json:"no_comments,omitempty" bson:"no_comments,omitempty"`
	Source      *NewsSource       `json:"source,omitempty" bson:"source,omitempty"`
	PublishAt   *time.Time        `json:"publish_at,omitempty" bson:"publish_at,omitempty"`
	PublishedAt time.Time         `json:"published_at" bson:"published_at"`
	UpdatedAt   time.Time         `json:"updated_at" bson:"updated_at"`
	// Revision counts the saved versions of the texts (see PageRevision).
	Revision int `json:"revision" bson:"revision,omitempty"`
}

// NewsQuery selects published news.
type NewsQuery struct {
	SiteID int64 // 0: every site (the platform-wide feed)
	Lang   Lang  // only items with text in Lang
	Tag    string
	// Originals leaves out republished copies.
	Originals bool
	Before    time.Time // only items published before (paging the platform feed); zero: no bound
	Offset    int
	Limit     int
}

// NewsFilter selects a site's news for the editor's list, drafts included. Empty fields do not
// filter.
type NewsFilter struct {
	Status string // "draft" (not published), "published", "scheduled" (has a publication time set)
	Lang   Lang   // items with text, published or draft, in Lang
	Tag    string
}

// ContentStore keeps the document-shaped CMS content. Every method takes the site; content
// of another site is never returned.
type ContentStore interface {
	// UpsertPage stores the page by (site, key), replacing an earlier version.
	UpsertPage(ctx context.Context, p *Page) error
	// FindPage returns the published page whose slug in lang is slug ("" is the home page),
	// or ENotFound.
	FindPage(ctx context.Context, siteID int64, lang Lang, slug string) (*Page, error)
	// FindPageByKey returns the page, published or not, or ENotFound.
	FindPageByKey(ctx context.Context, siteID int64, key string) (*Page, error)
	// PagePath returns the keys from the top of the tree down to the page (inclusive), for
	// subtree permissions, or ENotFound.
	PagePath(ctx context.Context, siteID int64, key string) ([]string, error)
	// ListPages returns the site's pages in position order (menus resolve links with it).
	ListPages(ctx context.Context, siteID int64) ([]*Page, error)
	// PageOutline returns the site's pages in position order without their bodies (trees,
	// menus, sitemaps): what the content index answers without reading the documents.
	PageOutline(ctx context.Context, siteID int64) ([]*Page, error)
	// CountPages returns how many pages the site has.
	CountPages(ctx context.Context, siteID int64) (int64, error)
	// DeletePage removes the page and its revisions.
	DeletePage(ctx context.Context, siteID int64, key string) error
	// AddPageRevision stores a revision and keeps only the newest keep of the page.
	AddPageRevision(ctx context.Context, r *PageRevision, keep int) error
	// ListPageRevisions returns the page's revisions, newest first.
	ListPageRevisions(ctx context.Context, siteID int64, key string) ([]*PageRevision, error)
	// FindPageRevision returns one revision or ENotFound.
	FindPageRevision(ctx context.Context, siteID int64, key string, rev int) (*PageRevision, error)
	// UpsertMenu stores the menu by (site, name).
	UpsertMenu(ctx context.Context, m *Menu) error
	// FindMenu returns the menu or an empty one.
	FindMenu(ctx context.Context, siteID int64, name string) (*Menu, error)
	// UpsertNews stores the news item by (site, key).
	UpsertNews(ctx context.Context, n *News) error
	// ListNews returns the site's newest published news items that have text in lang.
	ListNews(ctx context.Context, siteID int64, lang Lang, limit int) ([]*News, error)
	// QueryNews returns published news, newest first, and how many match in all.
	QueryNews(ctx context.Context, q NewsQuery) ([]*News, int64, error)
	// ListAllNews returns the site's news, drafts included, newest first (the editor's list).
	ListAllNews(ctx context.Context, siteID int64, offset, limit int) ([]*News, int64, error)
	// FilterNews returns up to limit of the site's news matching f, drafts included, newest
	// first, without their bodies and without counting them all (the panel's list).
	FilterNews(ctx context.Context, siteID int64, f NewsFilter, offset, limit int) ([]*News, error)
	// FindNewsByKey returns the item, published or not, or ENotFound.
	FindNewsByKey(ctx context.Context, siteID int64, key string) (*News, error)
	// FindNewsBySlug returns the published item whose slug in lang is slug, or ENotFound.
	FindNewsBySlug(ctx context.Context, siteID int64, lang Lang, slug string) (*News, error)
	// FindNewsCopies returns every site's copies of a news item.
	FindNewsCopies(ctx context.Context, sourceSite int64, sourceKey string) ([]*News, error)
	// DeleteNews removes the item.
	DeleteNews(ctx context.Context, siteID int64, key string) error
}

// Content kinds of the content index.
const (
	ContentPage = "page"
	ContentNews = "news"
	ContentMenu = "menu"
)

// ContentEntry is a CMS document as the content index keeps it: where it is in the document
// store (DocID, the document's _id as hex) and, for pages and news, the document without its
// bodies, from which lists are answered. Key is the menu's name for menus.
type ContentEntry struct {
	SiteID int64
	Kind   string
	Key    string
	DocID  string
	Page   *Page
	News   *News
	// Pending is the mark of the write this entry completes (ContentIndex.MarkContentPending),
	// removed with the entry's write; 0: none.
	Pending int64
}

// ContentIndex is the read model of the CMS documents in the relational store: the content
// store writes an entry with every document it writes, so lists (the page tree, the news
// list, the menu editor's targets) are answered by one indexed query, and a single document
// is read from the document store by its _id. The document store stays the system of record;
// the index can be rebuilt from it at any time. Every method takes the site.
type ContentIndex interface {
	// PutContent stores the entry, replacing the one under (site, kind, key).
	PutContent(ctx context.Context, e *ContentEntry) error
	// DeleteContent removes the entry and the write's pending mark (0: none); a missing entry
	// is not an error.
	DeleteContent(ctx context.Context, siteID int64, kind, key string, pending int64) error
	// MarkContentPending records that a write of (site, kind, key) is about to change the
	// document store, before it does, and returns the mark the entry's write removes. A mark
	// left behind (a crash between the two writes) is found by RepairContent.
	MarkContentPending(ctx context.Context, siteID int64, kind, key string) (int64, error)
	// RepairContent claims up to limit marks older than grace and, for each, writes the entry
	// read returns (the document as the document store has it now; nil: there is none, the
	// entry goes), unless the entry was written after the claim or the document is gone by
	// the time the entry is written. A mark whose read fails is left for a later pass and the
	// first such error is returned with the count. It returns how many marks it settled.
	RepairContent(ctx context.Context, grace time.Duration, limit int,
		read func(ctx context.Context, siteID int64, kind, key string) (*ContentEntry, error)) (int, error)
	// ContentDocID returns the document's _id (hex), or "" when the index has no entry.
	ContentDocID(ctx context.Context, siteID int64, kind, key string) (string, error)
	// IndexedPages returns the site's pages without bodies, in position order then key.
	IndexedPages(ctx context.Context, siteID int64) ([]*Page, error)
	// IndexedNews returns up to limit of the site's news matching f without bodies, newest
	// first (then by key), as ContentStore.FilterNews.
	IndexedNews(ctx context.Context, siteID int64, f NewsFilter, offset, limit int) ([]*News, error)
	// ContentDocIDs returns the _ids (hex) of the site's documents of kind: pages in position
	// order then key, news newest first then key, menus by name.
	ContentDocIDs(ctx context.Context, siteID int64, kind string) ([]string, error)
	// PublishedNewsIDs returns the _ids (hex) of the page q.Offset, q.Limit (0: all) of the
	// site's published news matching q, newest first then key, and how many match in all, as
	// ContentStore.QueryNews selects them. Like every method it takes the site: a query of
	// every site (SiteID 0) matches nothing.
	PublishedNewsIDs(ctx context.Context, q NewsQuery) ([]string, int64, error)
	// ReplaceContentIndex replaces the whole index with entries (a rebuild) and marks it built.
	ReplaceContentIndex(ctx context.Context, entries []*ContentEntry) error
	// ContentIndexBuilt tells whether the index was built once (ReplaceContentIndex).
	ContentIndexBuilt(ctx context.Context) (bool, error)
}

// Outline returns a copy of the page without bodies, as the content index keeps it.
func (p *Page) Outline() *Page {
	c := *p
	c.Text, c.Draft = outlineTexts(p.Text), outlineTexts(p.Draft)
	return &c
}

func outlineTexts(m map[Lang]PageText) map[Lang]PageText {
	if m == nil {
		return nil
	}
	out := make(map[Lang]PageText, len(m))
	for l, t := range m {
		t.Body = ""
		out[l] = t
	}
	return out
}

// Outline returns a copy of the item without bodies, as the content index keeps it.
func (n *News) Outline() *News {
	c := *n
	c.Text, c.Draft = outlineNews(n.Text), outlineNews(n.Draft)
	return &c
}

func outlineNews(m map[Lang]NewsText) map[Lang]NewsText {
	if m == nil {
		return nil
	}
	out := make(map[Lang]NewsText, len(m))
	for l, t := range m {
		t.Body = ""
		out[l] = t
	}
	return out
}
