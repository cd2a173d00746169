package httpapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

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
		site := siteFrom(r.Context())
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

// mayEditTheme decides who edits a site's templates: operators, and the site's owners and
// admins who hold a valid certificate of template editing (certification.TemplateAccess).
// A refused owner or admin gets 403 saying why and where to get certified; a delegate 403;
// anyone else 404. Without the certification service only operators may.
func (s *Server) mayEditTheme(ctx context.Context, p *sitecore.Principal, siteID int64) error {
	if s.Certification != nil {
		return s.Certification.TemplateAccess(ctx, p, siteID, s.trainingURL())
	}
	if p.Operator() {
		return nil
	}
	if p.HasRole(siteID, sitecore.RoleOwner, sitecore.RoleAdmin) || sitecore.MayEnterSection(p, siteID, sitecore.SectionTemplates, sitecore.ActionView) {
		return sitecore.Errorf(sitecore.EForbidden, "forbidden")
	}
	return sitecore.NotFound("site")
}

// mayViewTheme: the school's owners and admins may see what is customised (and its
// revisions); changing it needs mayEditTheme.
func (s *Server) mayViewTheme(ctx context.Context, p *sitecore.Principal, siteID int64) error {
	if p.HasRole(siteID, sitecore.RoleOwner, sitecore.RoleAdmin) {
		return nil
	}
	return s.mayEditTheme(ctx, p, siteID)
}

func (s *Server) listTheme(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "overrides", func(id int64) (any, error) {
		if err := s.mayViewTheme(r.Context(), principal(r), id); err != nil {
			return nil, err
		}
		return s.ThemeStore.ListThemeOverrides(r.Context(), id)
	})
}

// putTheme saves and publishes an override: it is checked (parsed, and rendered with the
// site's real home page) first, stored as a revision, and only then served.
func (s *Server) putTheme(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body string `json:"body"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	name := chi.URLParam(r, "name")
	s.siteCall(w, r, http.StatusOK, "override", func(id int64) (any, error) {
		p := principal(r)
		if err := s.mayEditTheme(r.Context(), p, id); err != nil {
			return nil, err
		}
		if err := s.checkOverride(r.Context(), id, name, in.Body); err != nil {
			return nil, err
		}
		o := &sitecore.ThemeOverride{Name: name, Body: in.Body, UpdatedBy: p.UserID}
		if s.ThemeRevisions == nil {
			if err := s.ThemeStore.SaveThemeOverride(r.Context(), id, o); err != nil {
				return nil, err
			}
		} else {
			rev := &sitecore.ThemeRevision{Name: name, Body: in.Body, AuthorID: p.UserID}
			if err := s.ThemeRevisions.SaveThemeRevision(r.Context(), id, rev, true); err != nil {
				return nil, err
			}
			o.UpdatedAt, o.Revision = rev.PublishedAt, rev.ID
		}
		s.contentChanged(id)
		return o, nil
	})
}

func (s *Server) deleteTheme(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		p := principal(r)
		if err := s.mayEditTheme(r.Context(), p, id); err != nil {
			return nil, err
		}
		name := chi.URLParam(r, "name")
		if s.ThemeRevisions == nil {
			if err := s.ThemeStore.DeleteThemeOverride(r.Context(), id, name); err != nil {
				return nil, err
			}
		} else {
			if !slices.Contains(sitecore.ThemeOverrideNames, name) {
				return nil, sitecore.Invalid("name", "field.unknown")
			}
			rev := &sitecore.ThemeRevision{Name: name, Deleted: true, AuthorID: p.UserID}
			if err := s.ThemeRevisions.SaveThemeRevision(r.Context(), id, rev, true); err != nil {
				return nil, err
			}
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
