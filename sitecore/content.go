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
	Slug        string `json:"slug" bson:"slug"` // empty for the home page
	Body        string `json:"body" bson:"body"` // sanitized HTML
	Description string `json:"description,omitempty" bson:"description,omitempty"`
}

// Page is a node of a site's page tree with its text in every language. Key is stable across
// languages and unique within the site ("home", "about"), so seeding is idempotent.
type Page struct {
	SiteID    int64             `json:"site_id" bson:"site_id"`
	Key       string            `json:"key" bson:"key"`
	Parent    string            `json:"parent,omitempty" bson:"parent,omitempty"` // key of the parent page; "" at the top
	Kind      PageKind          `json:"kind" bson:"kind"`
	Position  int               `json:"position" bson:"position"`
	Published bool              `json:"published" bson:"published"`
	Text      map[Lang]PageText `json:"text" bson:"text"`
	UpdatedAt time.Time         `json:"updated_at" bson:"updated_at"`
}

// MenuItem is one entry of a site's menu: a link to a page by key, or an external URL, with a
// label per language.
type MenuItem struct {
	PageKey  string          `json:"page_key,omitempty" bson:"page_key,omitempty"`
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
	Body    string `json:"body" bson:"body"`
}

// News is a news item with its text in the languages it was written in. Key is unique within
// the site.
type News struct {
	SiteID      int64             `json:"site_id" bson:"site_id"`
	Key         string            `json:"key" bson:"key"`
	Text        map[Lang]NewsText `json:"text" bson:"text"`
	PublishedAt time.Time         `json:"published_at" bson:"published_at"`
	UpdatedAt   time.Time         `json:"updated_at" bson:"updated_at"`
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
	// CountPages returns how many pages the site has.
	CountPages(ctx context.Context, siteID int64) (int64, error)
	// UpsertMenu stores the menu by (site, name).
	UpsertMenu(ctx context.Context, m *Menu) error
	// FindMenu returns the menu or an empty one.
	FindMenu(ctx context.Context, siteID int64, name string) (*Menu, error)
	// UpsertNews stores the news item by (site, key).
	UpsertNews(ctx context.Context, n *News) error
	// ListNews returns the site's newest news items that have text in lang.
	ListNews(ctx context.Context, siteID int64, lang Lang, limit int) ([]*News, error)
}
