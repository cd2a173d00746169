package httpapi

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

func (s *Server) listNews(w http.ResponseWriter, r *http.Request) {
	offset, err := web.IntQuery(r, "offset", 0)
	limit, err2 := web.IntQuery(r, "limit", 20)
	if err = firstErr(err, err2); err != nil {
		s.Error(w, r, err)
		return
	}
	s.siteCall(w, r, http.StatusOK, "news", func(id int64) (any, error) {
		return s.News.List(r.Context(), web.Principal(r), id, offset, limit)
	})
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) createNews(w http.ResponseWriter, r *http.Request) {
	var in cms.NewsInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "news", func(id int64) (any, error) {
		return s.News.Create(r.Context(), web.Principal(r), s.Actor(r), id, in)
	})
}

func (s *Server) getNews(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "news", func(id int64) (any, error) {
		return s.News.Get(r.Context(), web.Principal(r), id, chi.URLParam(r, "key"))
	})
}

func (s *Server) updateNews(w http.ResponseWriter, r *http.Request) {
	var in cms.NewsInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "news", func(id int64) (any, error) {
		return s.News.Update(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"), in)
	})
}

func (s *Server) deleteNews(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		return nil, s.News.Delete(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"))
	})
}

func (s *Server) publishNews(w http.ResponseWriter, r *http.Request) { s.setNewsPublished(w, r, true) }
func (s *Server) unpublishNews(w http.ResponseWriter, r *http.Request) {
	s.setNewsPublished(w, r, false)
}

func (s *Server) setNewsPublished(w http.ResponseWriter, r *http.Request, published bool) {
	s.siteCall(w, r, http.StatusOK, "news", func(id int64) (any, error) {
		return s.News.SetPublished(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"), published)
	})
}

func (s *Server) scheduleNews(w http.ResponseWriter, r *http.Request) {
	s.scheduleCall(w, r, "news", func(id int64, at time.Time) (any, error) {
		return s.News.Schedule(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"), at)
	})
}

func (s *Server) republishNews(w http.ResponseWriter, r *http.Request) {
	var in struct {
		SourceSiteID int64  `json:"source_site_id"`
		SourceKey    string `json:"source_key"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "news", func(id int64) (any, error) {
		return s.News.Republish(r.Context(), web.Principal(r), s.Actor(r), id, in.SourceSiteID, in.SourceKey)
	})
}

// newsFeed is the platform-wide feed of published news that schools republish from.
func (s *Server) newsFeed(w http.ResponseWriter, r *http.Request) {
	lang := sitecore.Lang(r.URL.Query().Get("lang"))
	if lang == "" {
		lang = web.Lang(r)
	}
	if !lang.Supported() {
		s.Error(w, r, sitecore.Invalid("lang", "lang.unsupported", "value", string(lang)))
		return
	}
	var before time.Time
	if v := r.URL.Query().Get("before"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			s.Error(w, r, sitecore.Invalid("before", "field.type", "want", "RFC 3339 time"))
			return
		}
		before = t
	}
	limit, err := web.IntQuery(r, "limit", 20)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	items, err := s.News.Feed(r.Context(), web.Principal(r), lang, before, limit)
	s.Respond(w, r, http.StatusOK, map[string]any{"items": items}, err)
}

func (s *Server) unscheduleNews(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "news", func(id int64) (any, error) {
		return s.News.Unschedule(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"))
	})
}

func (s *Server) newsRevisions(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "revisions", func(id int64) (any, error) {
		return s.News.Revisions(r.Context(), web.Principal(r), id, chi.URLParam(r, "key"))
	})
}

func (s *Server) restoreNews(w http.ResponseWriter, r *http.Request) {
	rev, ok := s.revParam(w, r)
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusOK, "news", func(id int64) (any, error) {
		return s.News.Restore(r.Context(), web.Principal(r), s.Actor(r), id, chi.URLParam(r, "key"), rev)
	})
}
