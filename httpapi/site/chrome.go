package site

import (
	"context"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// chrome builds what every public page shows around its content: the menu, the language
// switcher and hreflang alternates, and the site's name. pathIn gives the page's path in a
// language, or "" when the page does not exist in it (the switcher then links to that
// language's home page and no alternate is emitted). Every public page — content pages,
// news, search, galleries — is built on it.
func (s *Server) chrome(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, base, title string,
	pathIn func(sitecore.Lang) string) (render.Chrome, error) {
	c := render.Chrome{Lang: lang, SiteName: site.Name(lang), Title: title, LogoURL: site.LogoURL,
		Maintenance: s.Banners.Text(site.ID, lang, time.Now())}
	sc, err := s.content(ctx, site.ID)
	if err != nil {
		return c, err
	}
	pages, menu := sc.pages, sc.menu
	current := ""
	for _, l := range site.Languages {
		p := pathIn(l)
		if p != "" {
			c.Alternates = append(c.Alternates, render.Alternate{Lang: string(l), Href: base + p})
			if l == lang {
				c.Canonical = base + p
			}
		} else {
			p = pagePath(l, "")
		}
		c.Languages = append(c.Languages, render.Link{Label: l.Native(), Href: p, Lang: l, Current: l == lang})
	}
	if p := pathIn(lang); p != "" {
		for _, pg := range pages {
			if t, ok := pg.Text[lang]; ok && pg.Published && pagePath(lang, t.Slug) == p {
				current = pg.Key
			}
		}
	}
	news := map[string]*sitecore.News{}
	var collect func(items []sitecore.MenuItem) error
	collect = func(items []sitecore.MenuItem) error {
		for _, it := range items {
			if it.NewsKey != "" {
				n, err := s.Content.FindNewsByKey(ctx, site.ID, it.NewsKey)
				if err != nil && sitecore.ErrorCode(err) != sitecore.ENotFound {
					return err
				}
				news[it.NewsKey] = n
			}
			if err := collect(it.Children); err != nil {
				return err
			}
		}
		return nil
	}
	if err := collect(menu.Items); err != nil {
		return c, err
	}
	c.Menu = menuLinks(menu.Items, pages, news, lang, current)
	c.UI = nil
	return c, nil
}
