package site

import (
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// sitemapLimit is the most URLs one sitemap file may list (the protocol's limit).
const sitemapLimit = 50_000

// Robots serves robots.txt: the site's own Disallow rules, the private paths, and the
// Sitemap.
func (s *Server) Robots(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	base := web.BaseURL(r)
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
	pages, err := s.Content.PageOutline(ctx, site.ID)
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
	if n := s.SitemapSize; n != nil && n() > 0 {
		return n()
	}
	return sitemapLimit
}

// Sitemap serves sitemap.xml: the URL set, or an index of parts past the protocol's limit.
func (s *Server) Sitemap(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	base := web.BaseURL(r)
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

// SitemapPart serves one part of a split sitemap.
func (s *Server) SitemapPart(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	base := web.BaseURL(r)
	n, err := strconv.Atoi(chi.URLParam(r, "n"))
	if err != nil || n < 1 {
		s.NotFound(w, r)
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
