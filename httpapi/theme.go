package httpapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// siteTheme is a site's theme with its overrides applied, cached per site until the site
// changes.
type siteTheme struct {
	theme   *render.Theme
	css, js string
	version string
	expires time.Time
}

// siteTheme returns the site's theme (the default one when the site overrides nothing).
func (s *Server) siteTheme(ctx context.Context, siteID int64) (*siteTheme, error) {
	if v, ok := s.themes.Load(siteID); ok && time.Now().Before(v.(*siteTheme).expires) {
		return v.(*siteTheme), nil
	}
	t := &siteTheme{theme: s.Theme, expires: time.Now().Add(s.PageCacheTTL)}
	if s.ThemeStore != nil {
		overrides, err := s.ThemeStore.ListThemeOverrides(ctx, siteID)
		if err != nil {
			return nil, err
		}
		blocks := map[string]string{}
		var latest time.Time
		for _, o := range overrides {
			switch o.Name {
			case "theme.css":
				t.css = o.Body
			case "theme.js":
				t.js = o.Body
			default:
				blocks[o.Name] = o.Body
			}
			if o.UpdatedAt.After(latest) {
				latest = o.UpdatedAt
			}
		}
		t.version = strconv.FormatInt(latest.Unix(), 36)
		if len(blocks) > 0 {
			th, err := s.Theme.WithOverrides(blocks)
			if err != nil {
				// Overrides are checked when saved; one that fails now must not take the
				// site down: the default theme serves and the log says why.
				s.Log.ErrorContext(ctx, "theme override does not parse; default theme used", "site", siteID, "error", err)
			} else {
				t.theme = th
			}
		}
	}
	s.themes.Store(siteID, t)
	return t, nil
}

// themeFor is the theme that renders the site's pages.
func (s *Server) themeFor(ctx context.Context, siteID int64) *render.Theme {
	if t, err := s.siteTheme(ctx, siteID); err == nil {
		return t.theme
	}
	return s.Theme
}

// themeAsset serves the site's theme.css or theme.js.
func (s *Server) themeAsset(name, ctype string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		site := web.SiteFrom(r.Context())
		s.serveCached(w, r, site, name, func(ctx context.Context) (*cachedPage, error) {
			t, err := s.siteTheme(ctx, site.ID)
			if err != nil {
				return nil, err
			}
			body := t.css
			if name == "theme.js" {
				body = t.js
			}
			if body == "" {
				return &cachedPage{status: http.StatusNotFound, body: []byte("/* none */\n"), ctype: ctype}, nil
			}
			return okPage([]byte(body), time.Now(), "", ctype), nil
		})
	}
}

// mayEditTheme: template overrides are for platform operators only until certification of
// site admins exists; the site's own staff get 403, anyone else 404.
func mayEditTheme(p *sitecore.Principal, siteID int64) error {
	if p.Operator() {
		return nil
	}
	if p.HasRole(siteID, sitecore.RoleOwner, sitecore.RoleAdmin) || sitecore.MayEnterSection(p, siteID, sitecore.SectionTemplates, sitecore.ActionView) {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	return sitecore.NotFound("site")
}

func (s *Server) listTheme(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "overrides", func(id int64) (any, error) {
		// The school's owners and admins may see what is customised; only operators change it.
		if p := web.Principal(r); !p.HasRole(id, sitecore.RoleOwner, sitecore.RoleAdmin) {
			if err := mayEditTheme(p, id); err != nil {
				return nil, err
			}
		}
		return s.ThemeStore.ListThemeOverrides(r.Context(), id)
	})
}

func (s *Server) putTheme(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body string `json:"body"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	name := chi.URLParam(r, "name")
	s.siteCall(w, r, http.StatusOK, "override", func(id int64) (any, error) {
		p := web.Principal(r)
		if err := mayEditTheme(p, id); err != nil {
			return nil, err
		}
		if !slices.Contains(sitecore.ThemeOverrideNames, name) {
			return nil, sitecore.Invalid("name", "field.unknown")
		}
		if len(in.Body) > 256<<10 {
			return nil, sitecore.Invalid("body", "field.too_long", "max", "262144")
		}
		if name == "header" || name == "footer" {
			if err := s.Theme.CheckOverride(name, in.Body); err != nil {
				return nil, sitecore.Invalid("body", "theme.invalid", "value", err.Error())
			}
		}
		o := &sitecore.ThemeOverride{Name: name, Body: in.Body, UpdatedBy: p.UserID}
		if err := s.ThemeStore.SaveThemeOverride(r.Context(), id, o); err != nil {
			return nil, err
		}
		s.contentChanged(id)
		return o, nil
	})
}

func (s *Server) deleteTheme(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		if err := mayEditTheme(web.Principal(r), id); err != nil {
			return nil, err
		}
		if err := s.ThemeStore.DeleteThemeOverride(r.Context(), id, chi.URLParam(r, "name")); err != nil {
			return nil, err
		}
		s.contentChanged(id)
		return nil, nil
	})
}

// contentChanged drops cached pages of the site here and, through OnContentChange, in every
// other process.
func (s *Server) contentChanged(siteID int64) {
	if s.OnContentChange != nil {
		s.OnContentChange(siteID)
		return
	}
	s.InvalidateSite(siteID)
}
