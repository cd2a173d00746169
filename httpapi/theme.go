package httpapi

import (
	"context"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

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
		if err := s.mayViewTheme(r.Context(), web.Principal(r), id); err != nil {
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
	if !s.Decode(w, r, &in) {
		return
	}
	name := chi.URLParam(r, "name")
	s.siteCall(w, r, http.StatusOK, "override", func(id int64) (any, error) {
		p := web.Principal(r)
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
		p := web.Principal(r)
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
