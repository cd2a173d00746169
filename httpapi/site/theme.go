package site

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/mektep/mektep/httpapi/web"
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

// ThemeAsset serves the site's theme.css or theme.js.
func (s *Server) ThemeAsset(name, ctype string) http.HandlerFunc {
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
