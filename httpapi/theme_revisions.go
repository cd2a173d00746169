package httpapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// maxThemeBody bounds one override.
const maxThemeBody = 256 << 10

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

// checkOverride refuses an override that the site must not get: an unknown name, too long,
// a block that does not parse, uses what overrides may not, or fails to render the site's
// real home page in any of its languages. The error names the template and the line.
func (s *Server) checkOverride(ctx context.Context, siteID int64, name, body string) error {
	if !slices.Contains(sitecore.ThemeOverrideNames, name) {
		return sitecore.Invalid("name", "field.unknown")
	}
	if len(body) > maxThemeBody {
		return sitecore.Invalid("body", "field.too_long", "max", strconv.Itoa(maxThemeBody))
	}
	if name == "theme.css" || name == "theme.js" {
		return nil
	}
	if err := render.CheckOverrideText(name, body); err != nil {
		return templateInvalid(name, err)
	}
	pv, err := s.candidateTheme(ctx, siteID, name, body, false)
	if err != nil {
		return templateInvalid(name, err)
	}
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return err
	}
	base := "https://" + site.Slug + ".check.invalid"
	if len(site.Domains) > 0 {
		base = "https://" + site.Domains[0]
	}
	for _, lang := range site.Languages {
		if err := s.renderCheck(ctx, site, lang, base, pv); err != nil {
			return templateInvalid(name, err)
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

// templateInvalid turns a template problem into the 400 naming the template and the line;
// other errors pass.
func templateInvalid(name string, err error) error {
	var te *render.TemplateError
	if !errors.As(err, &te) {
		return err
	}
	key := "theme.parse"
	switch te.Kind {
	case "not_allowed":
		key = "theme.not_allowed"
	case "render":
		key = "theme.render"
	}
	tmpl := te.Template
	if tmpl == "" {
		tmpl = name
	}
	return sitecore.Invalid("body", key, "template", tmpl, "line", strconv.Itoa(te.Line), "detail", te.Detail)
}

// trainingURL is where admins get certified (the courses of "my learning").
func (s *Server) trainingURL() string {
	return strings.TrimRight(s.PublicURL, "/") + "/api/v1/certification/courses"
}

func (s *Server) listThemeRevisions(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "revisions", func(id int64) (any, error) {
		if err := s.mayViewTheme(r.Context(), principal(r), id); err != nil {
			return nil, err
		}
		name := r.URL.Query().Get("name")
		if name != "" && !slices.Contains(sitecore.ThemeOverrideNames, name) {
			return nil, sitecore.Invalid("name", "field.unknown")
		}
		return s.ThemeRevisions.ThemeRevisions(r.Context(), id, name, 200)
	})
}

// saveThemeDraft stores a checked override as a draft revision, previewable by editors at
// /_preview/theme/{rev} on the site's own host, and not served to visitors.
func (s *Server) saveThemeDraft(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body string `json:"body"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	id, ok := s.siteParam(w, r)
	if !ok {
		return
	}
	p := principal(r)
	name := chi.URLParam(r, "name")
	err := s.mayEditTheme(r.Context(), p, id)
	if err == nil {
		err = s.checkOverride(r.Context(), id, name, in.Body)
	}
	rev := &sitecore.ThemeRevision{Name: name, Body: in.Body, AuthorID: p.UserID}
	if err == nil {
		err = s.ThemeRevisions.SaveThemeRevision(r.Context(), id, rev, false)
	}
	s.respond(w, r, http.StatusCreated, map[string]any{"revision": rev,
		"preview_path": "/_preview/theme/" + strconv.FormatInt(rev.ID, 10)}, err)
}

// publishThemeRevision publishes a draft, or rolls the override back to an earlier
// revision's exact bytes. Blocks are checked again against today's content first.
func (s *Server) publishThemeRevision(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "revision", func(id int64) (any, error) {
		p := principal(r)
		if err := s.mayEditTheme(r.Context(), p, id); err != nil {
			return nil, err
		}
		revID, err := strconv.ParseInt(chi.URLParam(r, "rev"), 10, 64)
		if err != nil {
			return nil, sitecore.NotFound("revision")
		}
		rev, err := s.ThemeRevisions.FindThemeRevision(r.Context(), id, revID)
		if err != nil {
			return nil, err
		}
		if !rev.Deleted {
			if err := s.checkOverride(r.Context(), id, rev.Name, rev.Body); err != nil {
				return nil, err
			}
		}
		out, err := s.ThemeRevisions.PublishThemeRevision(r.Context(), id, revID, p.UserID)
		if err != nil {
			return nil, err
		}
		s.contentChanged(id)
		return out, nil
	})
}

// previewRevision loads a revision for the preview: only for those who may edit the site's
// templates; to everyone else it does not exist.
func (s *Server) previewRevision(r *http.Request) (*sitecore.Site, *sitecore.ThemeRevision, bool) {
	site := siteFrom(r.Context())
	revID, err := strconv.ParseInt(chi.URLParam(r, "rev"), 10, 64)
	if err != nil || s.ThemeRevisions == nil || s.mayEditTheme(r.Context(), principal(r), site.ID) != nil {
		return nil, nil, false
	}
	rev, err := s.ThemeRevisions.FindThemeRevision(r.Context(), site.ID, revID)
	if err != nil {
		return nil, nil, false
	}
	return site, rev, true
}

// previewTheme renders the site's home page with a revision (a draft, or an old one) for
// its editors; nothing is cached and search engines are told to keep away.
func (s *Server) previewTheme(w http.ResponseWriter, r *http.Request) {
	site, rev, ok := s.previewRevision(r)
	if !ok {
		s.publicNotFound(w, r)
		return
	}
	pv, err := s.candidateTheme(r.Context(), site.ID, rev.Name, rev.Body, rev.Deleted)
	if err != nil {
		s.publicError(w, r, err)
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
	p, err := s.renderPageWith(r.Context(), site, lang, "", baseURL(r), 1, pv)
	if err != nil {
		s.publicError(w, r, err)
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

// previewAsset serves the stylesheet or script of a previewed revision.
func (s *Server) previewAsset(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	_, rev, ok := s.previewRevision(r)
	if !ok || (name != "theme.css" && name != "theme.js") || rev.Name != name || rev.Deleted {
		s.publicNotFound(w, r)
		return
	}
	ctype := "text/css; charset=utf-8"
	if name == "theme.js" {
		ctype = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write([]byte(rev.Body))
}
