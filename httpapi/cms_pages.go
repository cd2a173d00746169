package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// siteCall is the common shape of the control panel's handlers: resolve the site, run the
// service call, answer with the result under name.
func (s *Server) siteCall(w http.ResponseWriter, r *http.Request, status int, name string, call func(siteID int64) (any, error)) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	v, err := call(id)
	if status == http.StatusNoContent {
		s.Respond(w, r, status, nil, err)
		return
	}
	s.Respond(w, r, status, map[string]any{name: v}, err)
}

func (s *Server) getPage(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "page", func(id int64) (any, error) {
		return s.Pages.Get(r.Context(), web.Principal(r), id, chi.URLParam(r, "key"))
	})
}

func (s *Server) placePage(w http.ResponseWriter, r *http.Request) {
	var in cms.Placement
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "page", func(id int64) (any, error) {
		return s.Pages.Place(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"), in)
	})
}

func (s *Server) deletePage(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		return nil, s.Pages.Delete(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"))
	})
}

func (s *Server) pageRevisions(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "revisions", func(id int64) (any, error) {
		return s.Pages.Revisions(r.Context(), web.Principal(r), id, chi.URLParam(r, "key"))
	})
}

// revParam reads the {rev} of a restore route, answering 400 when it is not a positive
// integer.
func (s *Server) revParam(w http.ResponseWriter, r *http.Request) (int, bool) {
	rev, err := strconv.Atoi(chi.URLParam(r, "rev"))
	if err != nil || rev <= 0 {
		s.Error(w, r, sitecore.Invalid("rev", "field.type", "want", "int"))
		return 0, false
	}
	return rev, true
}

func (s *Server) restorePage(w http.ResponseWriter, r *http.Request) {
	rev, ok := s.revParam(w, r)
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusOK, "page", func(id int64) (any, error) {
		return s.Pages.Restore(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"), rev)
	})
}

// scheduleInput is a publish time: RFC 3339 with an offset, or a local Almaty time
// ("2026-12-01T09:00").
type scheduleInput struct {
	At string `json:"at"`
}

func (in scheduleInput) time() (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, in.At); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, in.At, sitecore.Almaty); err == nil {
			return t, nil
		}
	}
	return time.Time{}, sitecore.Invalid("at", "schedule.past")
}

// scheduleCall reads a publish time and runs the service's Schedule with it.
func (s *Server) scheduleCall(w http.ResponseWriter, r *http.Request, name string, schedule func(siteID int64, at time.Time) (any, error)) {
	var in scheduleInput
	if !s.Decode(w, r, &in) {
		return
	}
	at, err := in.time()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.siteCall(w, r, http.StatusOK, name, func(id int64) (any, error) { return schedule(id, at) })
}

func (s *Server) schedulePage(w http.ResponseWriter, r *http.Request) {
	s.scheduleCall(w, r, "page", func(id int64, at time.Time) (any, error) {
		return s.Pages.Schedule(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"), at)
	})
}

func (s *Server) unschedulePage(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "page", func(id int64) (any, error) {
		return s.Pages.Unschedule(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"))
	})
}

func (s *Server) getMenu(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "menu", func(id int64) (any, error) {
		return s.Menus.Get(r.Context(), web.Principal(r), id, chi.URLParam(r, "name"))
	})
}

func (s *Server) putMenu(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Items []sitecore.MenuItem `json:"items"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "menu", func(id int64) (any, error) {
		return s.Menus.Put(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "name"), in.Items)
	})
}

func (s *Server) listPages(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	ps, err := s.Pages.List(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"pages": ps}, err)
}

func (s *Server) createPage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in cms.NewPage
	if !s.Decode(w, r, &in) {
		return
	}
	pg, err := s.Pages.Create(r.Context(), web.Principal(r), s.Actor(r), id, in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"page": pg}, err)
}

func (s *Server) updatePage(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in struct {
		Lang string `json:"lang"`
		cms.PageText
	}
	if !s.Decode(w, r, &in) {
		return
	}
	pg, err := s.Pages.Update(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"), in.Lang, in.PageText)
	s.Respond(w, r, http.StatusOK, map[string]any{"page": pg}, err)
}

func (s *Server) publishPage(w http.ResponseWriter, r *http.Request) {
	s.setPublished(w, r, true)
}

func (s *Server) unpublishPage(w http.ResponseWriter, r *http.Request) {
	s.setPublished(w, r, false)
}

func (s *Server) setPublished(w http.ResponseWriter, r *http.Request, published bool) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	pg, err := s.Pages.SetPublished(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"), published)
	s.Respond(w, r, http.StatusOK, map[string]any{"page": pg}, err)
}
