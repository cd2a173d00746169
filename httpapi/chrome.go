package httpapi

import (
	"context"

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
	c := render.Chrome{Lang: lang, SiteName: site.Name(lang), Title: title}
	pages, err := s.Content.ListPages(ctx, site.ID)
	if err != nil {
		return c, err
	}
	menu, err := s.Content.FindMenu(ctx, site.ID, "main")
	if err != nil {
		return c, err
	}
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
	c.Menu = menuLinks(menu.Items, pages, lang, current)
	c.UI = nil
	return c, nil
}
