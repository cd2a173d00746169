package httpapi

import (
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

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
