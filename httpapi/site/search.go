package site

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// SearchPage serves /{lang}/search?q=&page= on a school's site: the form, and for a query
// the results with highlighted snippets. Results are never cached (the index changes on
// every publish, and queries are unbounded) and never indexed by search engines.
func (s *Server) SearchPage(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) {
		s.NotFound(w, r)
		return
	}
	params := r.URL.Query()
	sq := sitecore.SearchQuery{SiteID: site.ID, Lang: lang, Text: params.Get("q")}
	err := web.SearchPage(params.Get("page"), &sq)
	if err == nil {
		err = sq.Validate()
	}
	pathOf := func(l sitecore.Lang, page int) string {
		p := "/" + string(l) + "/search"
		if sq.Text != "" && err == nil {
			p += "?q=" + url.QueryEscape(sq.Text)
			if page > 1 {
				p += "&page=" + strconv.Itoa(page)
			}
		}
		return p
	}
	c, cerr := s.chrome(r.Context(), site, lang, web.BaseURL(r), render.UIText(lang, "search_title"),
		func(l sitecore.Lang) string { return pathOf(l, 1) })
	if cerr != nil {
		s.ErrorPage(w, r, cerr)
		return
	}
	c.NoIndex = true
	c.Query = strings.TrimSpace(params.Get("q"))
	v := &render.SearchView{Chrome: c}
	status := http.StatusOK
	switch {
	case sitecore.ErrorCode(err) == sitecore.EInvalid:
		status, v.Error = http.StatusBadRequest, web.Localized(lang, err)
	case err != nil:
		s.ErrorPage(w, r, err)
		return
	case sq.Text != "":
		ctx, cancel := context.WithTimeout(r.Context(), web.SearchTimeout)
		res, err := s.SearchIndex.Search(ctx, sq)
		cancel()
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		v.Searched, v.Total, v.More, v.Fuzzy = true, res.Total, res.More, res.Fuzzy
		v.Start = (res.Page-1)*res.PerPage + 1
		for _, h := range res.Hits {
			v.Hits = append(v.Hits, render.SearchHitView{Title: template.HTML(h.Title), Snippet: template.HTML(h.Snippet), //nolint:gosec // escaped by the index, <mark> only
				Href: h.Path, PublishedAt: h.PublishedAt})
		}
		if res.Page > 1 || res.Page*res.PerPage < res.Total {
			v.Pager = &render.Pager{Page: res.Page}
			if res.Page > 1 {
				v.Pager.Prev = pathOf(lang, res.Page-1)
			}
			if res.Page*res.PerPage < res.Total && res.Page < sitecore.MaxSearchPage {
				v.Pager.Next = pathOf(lang, res.Page+1)
			}
		}
	}
	body, err := s.Theme.Search(v)
	if err != nil {
		s.ErrorPage(w, r, sitecore.Internal("render search", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", string(lang))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("X-Content-Type-Options", "nosniff")
	s.framePolicy(h, site)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
