package site

import (
	"context"
	"encoding/xml"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/render"
)

// feedSize is how many news items a feed carries.
const feedSize = 30

// feedNews loads the newest published news of the site in lang.
func (s *Server) feedNews(ctx context.Context, site *sitecore.Site, lang sitecore.Lang) ([]*sitecore.News, time.Time, error) {
	items, _, err := s.Content.QueryNews(ctx, sitecore.NewsQuery{SiteID: site.ID, Lang: lang, Limit: feedSize})
	if err != nil {
		return nil, time.Time{}, err
	}
	var updated time.Time
	for _, n := range items {
		if n.UpdatedAt.After(updated) {
			updated = n.UpdatedAt
		}
	}
	if updated.IsZero() {
		updated = site.CreatedAt
	}
	return items, updated, nil
}

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title       string    `xml:"title"`
	Link        string    `xml:"link"`
	Self        rssSelf   `xml:"atom:link"`
	Description string    `xml:"description"`
	Language    string    `xml:"language"`
	LastBuild   string    `xml:"lastBuildDate"`
	Items       []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	Description string `xml:"description"`
}

// RSSFeed serves the site's news in lang as RSS 2.0.
func (s *Server) RSSFeed(w http.ResponseWriter, r *http.Request) {
	s.serveFeed(w, r, "rss", "application/rss+xml; charset=utf-8", func(site *sitecore.Site, lang sitecore.Lang, base string, items []*sitecore.News, updated time.Time) any {
		f := rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: rssChannel{
			Title: site.Name(lang), Link: base + pagePath(lang, ""), Description: site.Name(lang) + " — " + render.UIText(lang, "news"),
			Language: string(lang), LastBuild: updated.UTC().Format(time.RFC1123Z),
			Self: rssSelf{Href: base + "/" + string(lang) + "/feed.rss", Rel: "self", Type: "application/rss+xml"}}}
		for _, n := range items {
			t := n.Text[lang]
			link := base + cms.NewsPath(lang, t.Slug)
			f.Channel.Items = append(f.Channel.Items, rssItem{Title: t.Title, Link: link, GUID: feedEntryID(n, lang, link),
				PubDate: n.PublishedAt.UTC().Format(time.RFC1123Z), Description: t.Summary})
		}
		return f
	})
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Link      atomLink `xml:"link"`
	Published string   `xml:"published"`
	Updated   string   `xml:"updated"`
	Summary   string   `xml:"summary"`
}

// AtomFeed serves the site's news in lang as Atom.
func (s *Server) AtomFeed(w http.ResponseWriter, r *http.Request) {
	s.serveFeed(w, r, "atom", "application/atom+xml; charset=utf-8", func(site *sitecore.Site, lang sitecore.Lang, base string, items []*sitecore.News, updated time.Time) any {
		self := base + "/" + string(lang) + "/feed.atom"
		f := atomFeed{Lang: string(lang), ID: self, Title: site.Name(lang), Updated: updated.UTC().Format(time.RFC3339),
			Links:  []atomLink{{Href: self, Rel: "self", Type: "application/atom+xml"}, {Href: base + pagePath(lang, ""), Rel: "alternate", Type: "text/html"}},
			Author: atomAuthor{Name: site.Name(lang)}}
		for _, n := range items {
			t := n.Text[lang]
			link := base + cms.NewsPath(lang, t.Slug)
			f.Entries = append(f.Entries, atomEntry{ID: feedEntryID(n, lang, link), Title: t.Title, Link: atomLink{Href: link, Rel: "alternate"},
				Published: n.PublishedAt.UTC().Format(time.RFC3339), Updated: n.UpdatedAt.UTC().Format(time.RFC3339), Summary: t.Summary})
		}
		return f
	})
}

func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, kind, ctype string,
	build func(site *sitecore.Site, lang sitecore.Lang, base string, items []*sitecore.News, updated time.Time) any) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) {
		s.NotFound(w, r)
		return
	}
	base := web.BaseURL(r)
	s.serveCached(w, r, site, base+"|feed|"+kind+"|"+string(lang), func(ctx context.Context) (*cachedPage, error) {
		items, updated, err := s.feedNews(ctx, site, lang)
		if err != nil {
			return nil, err
		}
		return xmlPage(build(site, lang, base, items, updated), updated, lang, ctype)
	})
}

func xmlPage(v any, modified time.Time, lang sitecore.Lang, ctype string) (*cachedPage, error) {
	data, err := xml.MarshalIndent(v, "", " ")
	if err != nil {
		return nil, sitecore.Internal("xml", err)
	}
	return okPage(append([]byte(xml.Header), data...), modified, lang, ctype), nil
}

// feedEntryID is the ID a news item carries in the site's feeds: its own address, or for a
// republished or imported copy the original's ID, so whoever reads the feed (a partner,
// another school subscribed to it) can tell where the item came from and never loops it
// back (docs/syndication.md).
func feedEntryID(n *sitecore.News, lang sitecore.Lang, link string) string {
	if n.Source == nil {
		return link
	}
	if n.Source.Origin != "" {
		return n.Source.Origin
	}
	if u := n.Source.URL[lang]; u != "" {
		return u
	}
	for _, u := range n.Source.URL {
		return u
	}
	return link
}
