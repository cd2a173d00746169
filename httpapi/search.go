package httpapi

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// searchTimeout bounds one search; a query that takes longer is a bug or an overload.
const searchTimeout = 5 * time.Second

// publicSearch serves /{lang}/search?q=&page= on a school's site: the form, and for a query
// the results with highlighted snippets. Results are never cached (the index changes on
// every publish, and queries are unbounded) and never indexed by search engines.
func (s *Server) publicSearch(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) {
		s.publicNotFound(w, r)
		return
	}
	params := r.URL.Query()
	sq := sitecore.SearchQuery{SiteID: site.ID, Lang: lang, Text: params.Get("q")}
	err := searchPage(params.Get("page"), &sq)
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
	c, cerr := s.chrome(r.Context(), site, lang, baseURL(r), render.UIText(lang, "search_title"),
		func(l sitecore.Lang) string { return pathOf(l, 1) })
	if cerr != nil {
		s.publicError(w, r, cerr)
		return
	}
	c.NoIndex = true
	c.Query = strings.TrimSpace(params.Get("q"))
	v := &render.SearchView{Chrome: c}
	status := http.StatusOK
	switch {
	case sitecore.ErrorCode(err) == sitecore.EInvalid:
		status, v.Error = http.StatusBadRequest, localized(lang, err)
	case err != nil:
		s.publicError(w, r, err)
		return
	case sq.Text != "":
		ctx, cancel := context.WithTimeout(r.Context(), searchTimeout)
		res, err := s.SearchIndex.Search(ctx, sq)
		cancel()
		if err != nil {
			s.publicError(w, r, err)
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
		s.publicError(w, r, sitecore.Internal("render search", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", string(lang))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// search serves GET /api/v1/search?q=&lang=&page=&site=: every active school's published
// content, or one school's with site=ID. It is public: only published content is indexed.
// Hits carry the school's name and the page's absolute URL.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	sq := sitecore.SearchQuery{Lang: sitecore.Lang(params.Get("lang")), Text: params.Get("q")}
	if sq.Lang == "" {
		sq.Lang = web.Lang(r)
	}
	if strings.TrimSpace(sq.Text) == "" {
		s.Error(w, r, sitecore.Invalid("q", "field.required"))
		return
	}
	if v := params.Get("site"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.Error(w, r, sitecore.Invalid("site", "field.type", "want", "number"))
			return
		}
		sq.SiteID = id
	}
	if err := searchPage(params.Get("page"), &sq); err != nil {
		s.Error(w, r, err)
		return
	}
	if v := params.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > sitecore.MaxSearchPerPage {
			s.Error(w, r, sitecore.Invalid("per_page", "field.type", "want", "1–"+strconv.Itoa(sitecore.MaxSearchPerPage)))
			return
		}
		sq.PerPage = n
	}
	ctx, cancel := context.WithTimeout(r.Context(), searchTimeout)
	defer cancel()
	res, err := s.SearchIndex.Search(ctx, sq)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	scheme, _, _ := strings.Cut(baseURL(r), "://")
	for i := range res.Hits {
		if h := &res.Hits[i]; h.Host != "" {
			h.URL = scheme + "://" + h.Host + h.Path
		}
	}
	s.WriteJSON(w, http.StatusOK, res)
}

// searchPage parses the page parameter into q; anything but a positive number is an error
// naming it.
func searchPage(v string, q *sitecore.SearchQuery) error {
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return sitecore.Invalid("page", "search.page", "max", strconv.Itoa(sitecore.MaxSearchPage))
	}
	q.Page = n
	return nil
}

// localized is an error's message in lang, naming its field, for HTML pages.
func localized(lang sitecore.Lang, err error) string {
	e := sitecore.AsError(err)
	args := map[string]string{"field": e.Field}
	for k, v := range e.Args {
		args[k] = v
	}
	return sitecore.Message(lang, e.Key, args)
}
