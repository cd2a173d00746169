package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"golang.org/x/sync/singleflight"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/render"
)

// renders collapses concurrent renders of the same page into one.
var renders singleflight.Group

// Home serves "/" as the home page in the site's first language.
func (s *Server) Home(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	s.servePage(w, r, site, site.DefaultLang(), "", true)
}

// LangRedirect sends "/ru" to "/ru/".
func (s *Server) LangRedirect(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) {
		s.NotFound(w, r)
		return
	}
	http.Redirect(w, r, "/"+string(lang)+"/", http.StatusMovedPermanently)
}

// Page serves /{lang}/ and /{lang}/{slug}.
func (s *Server) Page(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) {
		s.NotFound(w, r)
		return
	}
	s.servePage(w, r, site, lang, chi.URLParam(r, "slug"), false)
}

// servePage answers a content page from the page cache.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, site *sitecore.Site, lang sitecore.Lang, slug string, root bool) {
	base := web.BaseURL(r)
	n, err := web.IntQuery(r, "page", 1)
	if err != nil || n < 1 || n > 10000 {
		s.NotFound(w, r)
		return
	}
	key := base + "|" + string(lang) + "|" + slug + "|" + strconv.FormatBool(root) + "|" + strconv.Itoa(n)
	s.serveCachedPage(w, r, site, key, true, func(ctx context.Context) (*cachedPage, error) {
		return s.renderPage(ctx, site, lang, slug, base, n)
	})
}

// serveCached answers from the page cache, rendering on a miss (concurrent misses of one
// key render once), with ETag, Last-Modified and 304s. Every public page and feed goes
// through it.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, site *sitecore.Site, key string, render func(ctx context.Context) (*cachedPage, error)) {
	s.serveCachedPage(w, r, site, key, false, render)
}

// serveCachedPage is serveCached; with remember, a request answered from the cache is
// remembered for the fast path (fast.go). Only handlers whose answer depends on nothing but
// the scheme, Host and path (and whose checks before serveCached only depend on the site)
// remember.
func (s *Server) serveCachedPage(w http.ResponseWriter, r *http.Request, site *sitecore.Site, key string, remember bool, render func(ctx context.Context) (*cachedPage, error)) {
	var p *cachedPage
	if !s.NoPageCache.Load() {
		p = s.pages.get(site.ID, key)
	}
	fresh := p == nil
	if fresh {
		v, err, _ := renders.Do(strconv.FormatInt(site.ID, 10)+"|"+key, func() (any, error) {
			// Shared by every request waiting on this key: one visitor leaving must not
			// fail the others.
			p, err := render(context.WithoutCancel(r.Context()))
			if err == nil {
				s.pages.put(site.ID, key, p)
			}
			return p, err
		})
		if err != nil {
			s.ErrorPage(w, r, err)
			return
		}
		p = v.(*cachedPage)
	}
	if remember {
		s.rememberFast(r, site, key, p)
	}
	s.writeCached(w, r, site, p, fresh)
}

// writeCached answers r with the cached page p of site (fresh: rendered for this request),
// with ETag, Last-Modified and 304s, and the body in the encoding the client accepts; it
// returns the status and the number of body bytes written. The routed path (serveCached)
// and the fast path (WriteFast) both answer through it.
func (s *Server) writeCached(w http.ResponseWriter, r *http.Request, site *sitecore.Site, p *cachedPage, fresh bool) (status, n int) {
	h := w.Header()
	p.headers()
	if p.ctype == "" {
		h["Content-Type"] = htmlType
		s.framePolicy(h, site)
		h["Referrer-Policy"] = referrerPolicy
	} else {
		h.Set("Content-Type", p.ctype)
	}
	if p.hdrLang != nil {
		h["Content-Language"] = p.hdrLang
	}
	h["Cache-Control"] = publicCache
	h["Vary"] = varyEncoding
	h["X-Content-Type-Options"] = noSniff
	// The body as the client accepts it: a cached page's brotli or gzip copy, made once.
	// Each encoding is its own representation, so it has its own ETag.
	body, rh := p.body, p.hdrPlain
	if p.status == http.StatusOK && !(fresh && s.NoPageCache.Load()) && p.compressible() {
		switch web.AcceptedEncoding(r.Header.Get("Accept-Encoding")) {
		case "br":
			if b := p.brotlied(); b != nil {
				body, rh = b, p.hdrBr
				h["Content-Encoding"] = encBr
			}
		case "gzip":
			if b := p.gzipped(); b != nil {
				body, rh = b, p.hdrGz
				h["Content-Encoding"] = encGzip
			}
		}
	}
	if p.status == http.StatusOK {
		h["Etag"] = rh.etag
		h["Last-Modified"] = p.hdrLastModified
		if match := r.Header.Get("If-None-Match"); match != "" {
			if etag := rh.etag[0]; strings.Contains(match, etag) || match == "*" {
				w.WriteHeader(http.StatusNotModified)
				return http.StatusNotModified, 0
			}
		} else if ims := r.Header.Get("If-Modified-Since"); ims != "" {
			if since, err := http.ParseTime(ims); err == nil && !p.modified.Truncate(time.Second).After(since) {
				w.WriteHeader(http.StatusNotModified)
				return http.StatusNotModified, 0
			}
		}
	}
	// A known length: the response goes out whole, not in chunks.
	h["Content-Length"] = rh.length
	w.WriteHeader(p.status)
	n, _ = w.Write(body)
	return p.status, n
}

// Header values shared by every cached answer (one-element slices without spare capacity).
var (
	htmlType       = oneValue("text/html; charset=utf-8")
	referrerPolicy = oneValue("strict-origin-when-cross-origin")
	publicCache    = oneValue("public, max-age=60")
	varyEncoding   = oneValue("Accept-Encoding")
	noSniff        = oneValue("nosniff")
	encBr          = oneValue("br")
	encGzip        = oneValue("gzip")
)

// okPage wraps a rendered body with its validators.
func okPage(body []byte, modified time.Time, lang sitecore.Lang, ctype string) *cachedPage {
	sum := sha256.Sum256(body)
	return &cachedPage{status: http.StatusOK, body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`,
		modified: modified.Truncate(time.Second), lang: lang, ctype: ctype}
}

// renderPage loads the page (falling back to another language of the site when it has no
// text in lang), the menu and, on the home and news pages, news, and renders them.
func (s *Server) renderPage(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, slug, base string, pageNo int) (*cachedPage, error) {
	return s.renderPageWith(ctx, site, lang, slug, base, pageNo, nil)
}

// renderPageWith renders a page with the site's theme, or with a candidate theme (pv: the
// check of a template save and the editor's preview).
func (s *Server) renderPageWith(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, slug, base string, pageNo int, pv *themePreview) (*cachedPage, error) {
	page, textLang, err := s.findPage(ctx, site, lang, slug)
	if sitecore.ErrorCode(err) == sitecore.ENotFound {
		return &cachedPage{status: http.StatusNotFound, body: s.Theme.NotFound(lang, "")}, nil
	}
	if err != nil {
		return nil, err
	}
	text := page.Text[textLang]
	chrome, err := s.chrome(ctx, site, lang, base, text.Title, func(l sitecore.Lang) string {
		if t, ok := page.Text[l]; ok {
			return pagePath(l, t.Slug)
		}
		return ""
	})
	if err != nil {
		return nil, err
	}
	v := &render.PageView{Body: text.Body, Kind: page.Kind, Chrome: chrome}
	// The polls the page owns follow its text (server-rendered forms; see poll.go).
	if polls, err := s.pagePolls(ctx, site, lang, page.Key); err != nil {
		return nil, err
	} else if polls != "" {
		v.Body += polls
	}
	v.Home = page.Kind == sitecore.PageHome
	v.Description = text.Description
	if text.SEOTitle != "" {
		v.Title = text.SEOTitle
	}
	if textLang != lang {
		v.FallbackNote = render.UIText(lang, "fallback")
		v.Canonical = base + pagePath(textLang, text.Slug)
	}
	modified := page.UpdatedAt
	if page.Kind == sitecore.PageHome {
		v.Alternates = append(v.Alternates, render.Alternate{Lang: "x-default", Href: base + "/"})
	}
	if page.Kind == sitecore.PageHome || page.Kind == sitecore.PageNews {
		limit := 5
		if page.Kind == sitecore.PageNews {
			limit = newsPerPage
		} else if pageNo > 1 {
			return &cachedPage{status: http.StatusNotFound, body: s.Theme.NotFound(lang, "")}, nil
		}
		news, total, err := s.Content.QueryNews(ctx, sitecore.NewsQuery{SiteID: site.ID, Lang: lang,
			Offset: (pageNo - 1) * limit, Limit: limit})
		if err != nil {
			return nil, err
		}
		if pageNo > 1 && len(news) == 0 {
			return &cachedPage{status: http.StatusNotFound, body: s.Theme.NotFound(lang, "")}, nil
		}
		for _, n := range news {
			t := n.Text[lang]
			v.News = append(v.News, render.NewsView{Title: t.Title, Summary: t.Summary, PublishedAt: n.PublishedAt,
				Href: cms.NewsPath(lang, t.Slug)})
			if n.UpdatedAt.After(modified) {
				modified = n.UpdatedAt
			}
		}
		if page.Kind == sitecore.PageNews {
			here := pagePath(lang, text.Slug)
			v.Pager = &render.Pager{Page: pageNo}
			if pageNo > 1 {
				v.Pager.Prev = here + "?page=" + strconv.Itoa(pageNo-1)
				v.Canonical += "?page=" + strconv.Itoa(pageNo)
			}
			if int64(pageNo*limit) < total {
				v.Pager.Next = here + "?page=" + strconv.Itoa(pageNo+1)
			}
		}
		v.Feeds = s.feedLinks(site, lang)
	}
	if err := s.decorate(ctx, site, &v.Chrome); err != nil {
		return nil, err
	}
	th := s.themeFor(ctx, site.ID)
	if pv != nil {
		th = pv.apply(&v.Chrome)
	}
	body, err := th.Page(v)
	if err != nil {
		return nil, sitecore.Internal("render", err)
	}
	return okPage(body, modified, lang, ""), nil
}

// newsPerPage is the length of a page of the news list.
const newsPerPage = 10

// findPage finds the published page at slug in lang; when no page has that slug in lang, a
// page with that slug in another of the site's languages and no text in lang is shown in
// that language (with a note), so a link shared in one language still works in another.
func (s *Server) findPage(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, slug string) (*sitecore.Page, sitecore.Lang, error) {
	sc, err := s.content(ctx, site.ID)
	if err != nil {
		return nil, "", err
	}
	if p := sc.publishedPage(lang, slug); p != nil {
		return p, lang, nil
	}
	for _, l := range site.Languages {
		if l == lang {
			continue
		}
		if p := sc.publishedPage(l, slug); p != nil {
			if _, has := p.Text[lang]; !has {
				return p, l, nil
			}
		}
	}
	return nil, "", sitecore.NotFound("page")
}

// menuLinks resolves menu items to links in lang; items whose page has no text in lang are
// left out.
func menuLinks(items []sitecore.MenuItem, pages []*sitecore.Page, news map[string]*sitecore.News, lang sitecore.Lang, current string) []render.Link {
	var links []render.Link
	for _, it := range items {
		label := it.Label[lang]
		href := it.URL
		if it.PageKey != "" {
			i := slices.IndexFunc(pages, func(p *sitecore.Page) bool { return p.Key == it.PageKey })
			if i < 0 || !pages[i].Published || pages[i].Hidden {
				continue
			}
			t, ok := pages[i].Text[lang]
			if !ok {
				continue
			}
			href = pagePath(lang, t.Slug)
			if label == "" {
				label = t.Title
			}
		}
		if it.NewsKey != "" {
			n := news[it.NewsKey]
			if n == nil || !n.Published {
				continue
			}
			t, ok := n.Text[lang]
			if !ok {
				continue
			}
			href = cms.NewsPath(lang, t.Slug)
			if label == "" {
				label = t.Title
			}
		}
		if label == "" || href == "" {
			continue
		}
		links = append(links, render.Link{Label: label, Href: href, Current: it.PageKey != "" && it.PageKey == current,
			Children: menuLinks(it.Children, pages, news, lang, current)})
	}
	return links
}

func pagePath(l sitecore.Lang, slug string) string {
	if slug == "" {
		return "/" + string(l) + "/"
	}
	return "/" + string(l) + "/" + slug
}

// NotFound renders the 404 page: in the site's language when the site is known, in
// kk, ru and en otherwise.
func (s *Server) NotFound(w http.ResponseWriter, r *http.Request) {
	var lang sitecore.Lang
	host := r.Host
	site := web.SiteFrom(r.Context())
	if site != nil {
		lang, host = site.DefaultLang(), ""
		if l := sitecore.Lang(chi.URLParam(r, "lang")); site.HasLang(l) {
			lang = l
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.framePolicy(w.Header(), site)
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(s.Theme.NotFound(lang, host))
}

// ErrorPage answers a failed public page with a plain error page; details go to the log.
func (s *Server) ErrorPage(w http.ResponseWriter, r *http.Request, err error) {
	if s.ClientGone(w, r, err) {
		return
	}
	e := sitecore.AsError(err)
	status := web.StatusOf(e.Code)
	s.Log.ErrorContext(r.Context(), "public page failed", "error", err.Error(), "status", status)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(sitecore.Message(web.Lang(r), e.Key, e.Args) + "\n"))
}
