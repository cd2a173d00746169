package site

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// publicPortalNews serves /{lang}/schools-news on a portal site: the news of its schools,
// newest first, each naming its school and linking to the school's page (the canonical).
func (s *Server) PortalNewsPage(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	page, err := web.IntQuery(r, "page", 1)
	if !site.HasLang(lang) || s.Portals == nil || err != nil || page > 10000 {
		s.NotFound(w, r)
		return
	}
	page = max(page, 1)
	base := web.BaseURL(r)
	s.serveCached(w, r, site, base+"|portal-news|"+string(lang)+"|"+strconv.Itoa(page), func(ctx context.Context) (*cachedPage, error) {
		res, err := s.Portals.News(ctx, site.ID, lang, page, 20)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			return &cachedPage{status: http.StatusNotFound, body: s.Theme.NotFound(lang, ""), lang: lang}, nil
		}
		if err != nil {
			return nil, err
		}
		pathOf := func(l sitecore.Lang, p int) string {
			if p <= 1 {
				return "/" + string(l) + "/schools-news"
			}
			return "/" + string(l) + "/schools-news?page=" + strconv.Itoa(p)
		}
		chrome, err := s.chrome(ctx, site, lang, base, render.UIText(lang, "schools_news"), func(l sitecore.Lang) string { return pathOf(l, page) })
		if err != nil {
			return nil, err
		}
		v := &render.PortalNewsView{Chrome: chrome}
		modified := site.UpdatedAt
		for _, it := range res.Items {
			v.Items = append(v.Items, render.PortalNewsItem{Title: it.Title, Summary: it.Summary, Href: it.URL, ImageURL: it.ImageURL,
				SchoolName: it.SchoolName, SchoolHref: it.SchoolURL, PublishedAt: it.PublishedAt})
			if it.PublishedAt.After(modified) {
				modified = it.PublishedAt
			}
		}
		if page > 1 || int64(page*res.Size) < res.Total {
			v.Pager = &render.Pager{Page: page}
			if page > 1 {
				v.Pager.Prev = pathOf(lang, page-1)
			}
			if int64(page*res.Size) < res.Total {
				v.Pager.Next = pathOf(lang, page+1)
			}
		}
		if err := s.decorate(ctx, site, &v.Chrome); err != nil {
			return nil, err
		}
		body, err := s.themeFor(ctx, site.ID).PortalNews(v)
		if err != nil {
			return nil, sitecore.Internal("render portal news", err)
		}
		return okPage(body, modified, lang, ""), nil
	})
}
