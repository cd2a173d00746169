package httpapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// maxThemeBody bounds one override.
const maxThemeBody = 256 << 10

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
	site, err := s.Sites.FindSiteByID(ctx, siteID)
	if err != nil {
		return err
	}
	return templateInvalid(name, s.site.CheckOverride(ctx, site, name, body))
}

// templateInvalid turns a template problem into the 400 naming the template and the line;
// other errors pass.
func templateInvalid(name string, err error) error {
	if err == nil {
		return nil
	}
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
		if err := s.mayViewTheme(r.Context(), web.Principal(r), id); err != nil {
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
	if !s.Decode(w, r, &in) {
		return
	}
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	p := web.Principal(r)
	name := chi.URLParam(r, "name")
	err := s.mayEditTheme(r.Context(), p, id)
	if err == nil {
		err = s.checkOverride(r.Context(), id, name, in.Body)
	}
	rev := &sitecore.ThemeRevision{Name: name, Body: in.Body, AuthorID: p.UserID}
	if err == nil {
		err = s.ThemeRevisions.SaveThemeRevision(r.Context(), id, rev, false)
	}
	s.Respond(w, r, http.StatusCreated, map[string]any{"revision": rev,
		"preview_path": "/_preview/theme/" + strconv.FormatInt(rev.ID, 10)}, err)
}

// publishThemeRevision publishes a draft, or rolls the override back to an earlier
// revision's exact bytes. Blocks are checked again against today's content first.
func (s *Server) publishThemeRevision(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "revision", func(id int64) (any, error) {
		p := web.Principal(r)
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
	site := web.SiteFrom(r.Context())
	revID, err := strconv.ParseInt(chi.URLParam(r, "rev"), 10, 64)
	if err != nil || s.ThemeRevisions == nil || s.mayEditTheme(r.Context(), web.Principal(r), site.ID) != nil {
		return nil, nil, false
	}
	rev, err := s.ThemeRevisions.FindThemeRevision(r.Context(), site.ID, revID)
	if err != nil {
		return nil, nil, false
	}
	return site, rev, true
}

// previewTheme shows a revision to the site's editors (to everyone else it does not exist).
func (s *Server) previewTheme(w http.ResponseWriter, r *http.Request) {
	_, rev, ok := s.previewRevision(r)
	if !ok {
		s.site.NotFound(w, r)
		return
	}
	s.site.PreviewTheme(w, r, rev)
}

// previewAsset serves the stylesheet or script of a previewed revision.
func (s *Server) previewAsset(w http.ResponseWriter, r *http.Request) {
	name := chi.URLParam(r, "name")
	_, rev, ok := s.previewRevision(r)
	if !ok || (name != "theme.css" && name != "theme.js") || rev.Name != name || rev.Deleted {
		s.site.NotFound(w, r)
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
