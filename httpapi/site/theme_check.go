package site

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// themePreview is a candidate theme: the site's overrides with one replaced (a save being
// checked, a draft being previewed). css and js are the stylesheet and script URLs the
// rendered page links, when the candidate changes them.
type themePreview struct {
	theme   *render.Theme
	css, js string
}

// apply points the chrome at the candidate's assets and returns the theme to render with.
func (pv *themePreview) apply(c *render.Chrome) *render.Theme {
	if pv.css != "" {
		c.ThemeCSS = pv.css
	}
	if pv.js != "" {
		c.ThemeJS = pv.js
	}
	return pv.theme
}

// candidateTheme returns the site's theme with the override name replaced by body (removed
// when deleted). A block that does not parse is a *render.TemplateError.
func (s *Server) candidateTheme(ctx context.Context, siteID int64, name, body string, deleted bool) (*themePreview, error) {
	overrides, err := s.ThemeStore.ListThemeOverrides(ctx, siteID)
	if err != nil {
		return nil, err
	}
	blocks := map[string]string{}
	for _, o := range overrides {
		if o.Name != "theme.css" && o.Name != "theme.js" {
			blocks[o.Name] = o.Body
		}
	}
	if name != "theme.css" && name != "theme.js" {
		delete(blocks, name)
		if !deleted {
			blocks[name] = body
		}
	}
	pv := &themePreview{theme: s.Theme}
	if len(blocks) > 0 {
		th, err := s.Theme.WithOverrides(blocks)
		if err != nil {
			return nil, render.RenderError(name, err)
		}
		pv.theme = th
	}
	return pv, nil
}

// CheckOverride renders the site's real home page in each of its languages with the block
// name replaced by body; a template that fails to parse or render is a *render.TemplateError
// (or a wrapped one) naming the template and the line.
func (s *Server) CheckOverride(ctx context.Context, site *sitecore.Site, name, body string) error {
	pv, err := s.candidateTheme(ctx, site.ID, name, body, false)
	if err != nil {
		return err
	}
	base := "https://" + site.Slug + ".check.invalid"
	if len(site.Domains) > 0 {
		base = "https://" + site.Domains[0]
	}
	for _, lang := range site.Languages {
		if err := s.renderCheck(ctx, site, lang, base, pv); err != nil {
			return err
		}
	}
	return nil
}

// renderCheck renders the site's home page in lang with the candidate; a site without a
// home page in lang renders an empty page with its real chrome instead.
func (s *Server) renderCheck(ctx context.Context, site *sitecore.Site, lang sitecore.Lang, base string, pv *themePreview) error {
	p, err := s.renderPageWith(ctx, site, lang, "", base, 1, pv)
	if err == nil && p.status == http.StatusOK {
		return nil
	}
	if err != nil {
		var se *sitecore.Error
		if errors.As(err, &se) && se.Op == "render" && se.Err != nil {
			return render.RenderError("", se.Err)
		}
		return err
	}
	c, err := s.chrome(ctx, site, lang, base, site.Name(lang), func(sitecore.Lang) string { return "" })
	if err != nil {
		return err
	}
	v := &render.PageView{Chrome: c, Kind: sitecore.PageHome}
	v.Home = true
	if err := s.decorate(ctx, site, &v.Chrome); err != nil {
		return err
	}
	if _, err := pv.apply(&v.Chrome).Page(v); err != nil {
		return render.RenderError("", err)
	}
	return nil
}

// PreviewTheme renders the site's home page with a revision (a draft, or an old one) for
// its editors, who the caller has checked; nothing is cached and search engines are told to
// keep away.
func (s *Server) PreviewTheme(w http.ResponseWriter, r *http.Request, rev *sitecore.ThemeRevision) {
	site := web.SiteFrom(r.Context())
	pv, err := s.candidateTheme(r.Context(), site.ID, rev.Name, rev.Body, rev.Deleted)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	assets := "/_preview/theme/" + strconv.FormatInt(rev.ID, 10) + "/"
	switch {
	case rev.Name == "theme.css" && !rev.Deleted:
		pv.css = assets + "theme.css"
	case rev.Name == "theme.js" && !rev.Deleted:
		pv.js = assets + "theme.js"
	}
	lang := sitecore.Lang(r.URL.Query().Get("lang"))
	if !site.HasLang(lang) {
		lang = site.DefaultLang()
	}
	p, err := s.renderPageWith(r.Context(), site, lang, "", web.BaseURL(r), 1, pv)
	if err != nil {
		s.ErrorPage(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("X-Content-Type-Options", "nosniff")
	if csp := s.csp(site); csp != "" {
		h.Set("Content-Security-Policy", csp)
	}
	w.WriteHeader(p.status)
	_, _ = w.Write(p.body)
}
