package httpapi

import (
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/render"
)

// feedSize is how many news items a feed carries.
const feedSize = 30

// sitemapLimit is the most URLs one sitemap file may list (the protocol's limit).
const sitemapLimit = 50_000

func (s *Server) getSettings(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "settings", func(id int64) (any, error) {
		return s.Settings.Get(r.Context(), principal(r), id)
	})
}

func (s *Server) updateSettings(w http.ResponseWriter, r *http.Request) {
	var in cms.SettingsInput
	if !s.decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "settings", func(id int64) (any, error) {
		return s.Settings.Update(r.Context(), principal(r), s.actor(r), id, in)
	})
}

// publicNews serves a news item's page at /{lang}/news/{slug}.
func (s *Server) publicNews(w http.ResponseWriter, r *http.Request) {
	site := siteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) {
		s.publicNotFound(w, r)
		return
	}
	slug := chi.URLParam(r, "slug")
	base := baseURL(r)
	key := base + "|news|" + string(lang) + "|" + slug
	notice := ""
	if r.URL.Query().Get("pending") == "1" {
		// Back from posting a pre-moderated comment: the same page with a note (cached apart).
		notice, key = render.UIText(lang, "comment_pending"), key+"|pending"
	}
	s.serveCached(w, r, site, key, func(ctx context.Context) (*cachedPage, error) {
		return s.renderNews(ctx, site, lang, slug, base, notice)
	})
}

func (s *Server) renderNews(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, slug, base, notice string) (*cachedPage, error) {
	n, err := s.Content.FindNewsBySlug(ctx, site.ID, lang, slug)
	textLang := lang
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		for _, l := range site.Languages {
			if l == lang {
				continue
			}
			if m, err2 := s.Content.FindNewsBySlug(ctx, site.ID, l, slug); err2 == nil {
				if _, has := m.Text[lang]; !has {
					n, textLang, err = m, l, nil
					break
				}
			}
		}
	}
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return &cachedPage{status: http.StatusNotFound, body: s.Theme.NotFound(lang, "")}, nil
	}
	if err != nil {
		return nil, err
	}
	t := n.Text[textLang]
	chrome, err := s.chrome(ctx, site, lang, base, t.Title, func(l sitecore.Lang) string {
		if x, ok := n.Text[l]; ok {
			return cms.NewsPath(l, x.Slug)
		}
		return ""
	})
	if err != nil {
		return nil, err
	}
	v := &render.NewsItemView{Chrome: chrome, Body: t.Body, CoverURL: n.CoverURL, PublishedAt: n.PublishedAt, Tags: n.Tags, Notice: notice}
	v.Description = t.Summary
	if n.CoverURL != "" {
		v.OGImage = base + n.CoverURL
	}
	if textLang != lang {
		v.FallbackNote = render.UIText(lang, "fallback")
		v.Canonical = base + cms.NewsPath(textLang, t.Slug)
	}
	if src := n.Source; src != nil {
		v.SourceName = src.SiteName[textLang]
		v.SourceURL = src.URL[textLang]
		if v.SourceURL != "" {
			v.Canonical = v.SourceURL // the original is the canonical page
		}
	}
	v.Feeds = s.feedLinks(site, lang)
	modified := n.UpdatedAt
	if s.Comments != nil && !n.NoComments {
		v.CommentsOn = true
		cs, err := s.Comments.Visible(ctx, site.ID, n.Key)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			v.Comments = append(v.Comments, render.CommentView{ID: c.ID, Author: c.AuthorName, Body: c.Body, PostedAt: c.CreatedAt})
			if c.UpdatedAt().After(modified) {
				modified = c.UpdatedAt()
			}
		}
		v.PostAction = cms.NewsPath(lang, slug) + "/comments"
		v.LoginHref = "/" + string(lang) + "/login?next=" + cms.NewsPath(lang, slug)
	}
	if err := s.decorate(ctx, site, &v.Chrome); err != nil {
		return nil, err
	}
	body, err := s.themeFor(ctx, site.ID).NewsItem(v)
	if err != nil {
		return nil, sitecore.Internal("render", err)
	}
	return okPage(body, modified, lang, ""), nil
}

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

// rssFeed serves the site's news in lang as RSS 2.0.
func (s *Server) rssFeed(w http.ResponseWriter, r *http.Request) {
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

// atomFeed serves the site's news in lang as Atom.
func (s *Server) atomFeed(w http.ResponseWriter, r *http.Request) {
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
	site := siteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) {
		s.publicNotFound(w, r)
		return
	}
	base := baseURL(r)
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

// robots serves robots.txt: the site's own Disallow rules, the private paths, and the
// sitemap.
func (s *Server) robots(w http.ResponseWriter, r *http.Request) {
	site := siteFrom(r.Context())
	base := baseURL(r)
	s.serveCached(w, r, site, base+"|robots", func(ctx context.Context) (*cachedPage, error) {
		st, err := s.settings(ctx, site.ID)
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		b.WriteString("User-agent: *\n")
		for _, l := range site.Languages {
			for _, p := range []string{"/login", "/admissions", "/search"} {
				b.WriteString("Disallow: /" + string(l) + p + "\n")
			}
		}
		b.WriteString("Disallow: /api/\nDisallow: /account/\n")
		for _, d := range st.SEO.Disallow {
			b.WriteString("Disallow: " + d + "\n")
		}
		b.WriteString("\nSitemap: " + base + "/sitemap.xml\n")
		return okPage([]byte(b.String()), st.UpdatedAt, "", "text/plain; charset=utf-8"), nil
	})
}

// sitemapURL is one address of the sitemap with its language alternates.
type sitemapURL struct {
	Loc     string         `xml:"loc"`
	LastMod string         `xml:"lastmod,omitempty"`
	Links   []sitemapXLink `xml:"xhtml:link"`
}

type sitemapXLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapIndex struct {
	XMLName  xml.Name       `xml:"sitemapindex"`
	NS       string         `xml:"xmlns,attr"`
	Sitemaps []sitemapEntry `xml:"sitemap"`
}

type sitemapEntry struct {
	Loc string `xml:"loc"`
}

// sitemapURLs lists every public address of the site: published pages that are not hidden,
// published albums and published news, each language with its alternates.
func (s *Server) sitemapURLs(ctx context.Context, site *sitecore.Site, base string) ([]sitemapURL, time.Time, error) {
	pages, err := s.Content.ListPages(ctx, site.ID)
	if err != nil {
		return nil, time.Time{}, err
	}
	news, _, err := s.Content.QueryNews(ctx, sitecore.NewsQuery{SiteID: site.ID})
	if err != nil {
		return nil, time.Time{}, err
	}
	var out []sitemapURL
	var latest time.Time
	add := func(paths map[sitecore.Lang]string, mod time.Time) {
		if mod.After(latest) {
			latest = mod
		}
		var links []sitemapXLink
		for _, l := range site.Languages {
			if p, ok := paths[l]; ok {
				links = append(links, sitemapXLink{Rel: "alternate", Hreflang: string(l), Href: base + p})
			}
		}
		for _, l := range site.Languages {
			if p, ok := paths[l]; ok {
				out = append(out, sitemapURL{Loc: base + p, LastMod: mod.UTC().Format("2006-01-02"), Links: links})
			}
		}
	}
	for _, p := range pages {
		if !p.Published || p.Hidden {
			continue
		}
		paths := map[sitecore.Lang]string{}
		for l, t := range p.Text {
			paths[l] = pagePath(l, t.Slug)
		}
		add(paths, p.UpdatedAt)
	}
	if s.Galleries != nil {
		albums, err := s.Galleries.Store.ListAlbums(ctx, site.ID, true)
		if err != nil {
			return nil, time.Time{}, err
		}
		for _, al := range albums {
			paths := map[sitecore.Lang]string{}
			for _, l := range site.Languages {
				if al.Title[l] != "" {
					paths[l] = sitecore.AlbumPath(l, al.Slug)
				}
			}
			add(paths, al.UpdatedAt)
		}
	}
	for _, n := range news {
		if n.Source != nil {
			continue // the original's site lists it; copies point there as canonical
		}
		paths := map[sitecore.Lang]string{}
		for l, t := range n.Text {
			paths[l] = cms.NewsPath(l, t.Slug)
		}
		add(paths, n.UpdatedAt)
	}
	return out, latest, nil
}

func (s *Server) sitemapSize() int {
	if s.SitemapSize > 0 {
		return s.SitemapSize
	}
	return sitemapLimit
}

// sitemap serves sitemap.xml: the URL set, or an index of parts past the protocol's limit.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) {
	site := siteFrom(r.Context())
	base := baseURL(r)
	s.serveCached(w, r, site, base+"|sitemap", func(ctx context.Context) (*cachedPage, error) {
		urls, latest, err := s.sitemapURLs(ctx, site, base)
		if err != nil {
			return nil, err
		}
		const ctype = "application/xml; charset=utf-8"
		if len(urls) <= s.sitemapSize() {
			return xmlPage(urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml", URLs: urls}, latest, "", ctype)
		}
		idx := sitemapIndex{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
		for i := 0; i*s.sitemapSize() < len(urls); i++ {
			idx.Sitemaps = append(idx.Sitemaps, sitemapEntry{Loc: base + "/sitemap-" + strconv.Itoa(i+1) + ".xml"})
		}
		return xmlPage(idx, latest, "", ctype)
	})
}

// sitemapPart serves one part of a split sitemap.
func (s *Server) sitemapPart(w http.ResponseWriter, r *http.Request) {
	site := siteFrom(r.Context())
	base := baseURL(r)
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || n < 1 {
		s.publicNotFound(w, r)
		return
	}
	s.serveCached(w, r, site, base+"|sitemap|"+strconv.Itoa(n), func(ctx context.Context) (*cachedPage, error) {
		urls, latest, err := s.sitemapURLs(ctx, site, base)
		if err != nil {
			return nil, err
		}
		size := s.sitemapSize()
		if len(urls) <= size || (n-1)*size >= len(urls) {
			return &cachedPage{status: http.StatusNotFound, body: s.Theme.NotFound(site.DefaultLang(), "")}, nil
		}
		part := urls[(n-1)*size : min(n*size, len(urls))]
		return xmlPage(urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml", URLs: part}, latest, "", "application/xml; charset=utf-8")
	})
}
