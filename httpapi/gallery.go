package httpapi

import (
	"net/http"
	"strconv"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore/media"
)

// Galleries: the admin API under /api/v1/sites/{id}/galleries and the public pages
// /{lang}/gallery and /{lang}/gallery/{slug}.

func (s *Server) albumParam(w http.ResponseWriter, r *http.Request) (site, album int64, ok bool) {
	if site, ok = s.SiteParam(w, r); !ok {
		return
	}
	album, ok = s.IDParam(w, r, "albumID", "album")
	return
}

func (s *Server) listAlbums(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	as, err := s.Galleries.List(r.Context(), web.Principal(r), id)
	s.Respond(w, r, http.StatusOK, map[string]any{"albums": as}, err)
}

func (s *Server) createAlbum(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	var in media.AlbumInput
	if !s.Decode(w, r, &in) {
		return
	}
	a, err := s.Galleries.Create(r.Context(), web.Principal(r), s.Actor(r), id, in)
	if err == nil {
		w.Header().Set("Location", "/api/v1/sites/"+strconv.FormatInt(id, 10)+"/galleries/"+strconv.FormatInt(a.ID, 10))
	}
	s.Respond(w, r, http.StatusCreated, map[string]any{"album": a}, err)
}

func (s *Server) getAlbum(w http.ResponseWriter, r *http.Request) {
	id, album, ok := s.albumParam(w, r)
	if !ok {
		return
	}
	a, err := s.Galleries.Get(r.Context(), web.Principal(r), id, album)
	s.Respond(w, r, http.StatusOK, map[string]any{"album": a}, err)
}

func (s *Server) updateAlbum(w http.ResponseWriter, r *http.Request) {
	id, album, ok := s.albumParam(w, r)
	if !ok {
		return
	}
	var in media.AlbumInput
	if !s.Decode(w, r, &in) {
		return
	}
	a, err := s.Galleries.Update(r.Context(), web.Principal(r), s.Actor(r), id, album, in)
	s.Respond(w, r, http.StatusOK, map[string]any{"album": a}, err)
}

func (s *Server) deleteAlbum(w http.ResponseWriter, r *http.Request) {
	id, album, ok := s.albumParam(w, r)
	if !ok {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Galleries.Delete(r.Context(), web.Principal(r), s.Actor(r), id, album))
}

func (s *Server) publishAlbum(w http.ResponseWriter, r *http.Request) {
	s.setAlbumPublished(w, r, true)
}
func (s *Server) unpublishAlbum(w http.ResponseWriter, r *http.Request) {
	s.setAlbumPublished(w, r, false)
}

func (s *Server) setAlbumPublished(w http.ResponseWriter, r *http.Request, published bool) {
	id, album, ok := s.albumParam(w, r)
	if !ok {
		return
	}
	a, err := s.Galleries.Publish(r.Context(), web.Principal(r), s.Actor(r), id, album, published)
	s.Respond(w, r, http.StatusOK, map[string]any{"album": a}, err)
}

func (s *Server) addAlbumItem(w http.ResponseWriter, r *http.Request) {
	id, album, ok := s.albumParam(w, r)
	if !ok {
		return
	}
	var in media.ItemInput
	if !s.Decode(w, r, &in) {
		return
	}
	it, err := s.Galleries.AddItem(r.Context(), web.Principal(r), s.Actor(r), id, album, in)
	s.Respond(w, r, http.StatusCreated, map[string]any{"item": it}, err)
}

func (s *Server) updateAlbumItem(w http.ResponseWriter, r *http.Request) {
	id, album, ok := s.albumParam(w, r)
	if !ok {
		return
	}
	item, ok := s.IDParam(w, r, "itemID", "album_item")
	if !ok {
		return
	}
	var in struct {
		Caption map[string]string `json:"caption"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	it, err := s.Galleries.UpdateItem(r.Context(), web.Principal(r), s.Actor(r), id, album, item, in.Caption)
	s.Respond(w, r, http.StatusOK, map[string]any{"item": it}, err)
}

func (s *Server) deleteAlbumItem(w http.ResponseWriter, r *http.Request) {
	id, album, ok := s.albumParam(w, r)
	if !ok {
		return
	}
	item, ok := s.IDParam(w, r, "itemID", "album_item")
	if !ok {
		return
	}
	s.Respond(w, r, http.StatusNoContent, nil, s.Galleries.DeleteItem(r.Context(), web.Principal(r), s.Actor(r), id, album, item))
}

func (s *Server) reorderAlbumItems(w http.ResponseWriter, r *http.Request) {
	id, album, ok := s.albumParam(w, r)
	if !ok {
		return
	}
	var in struct {
		IDs []int64 `json:"ids"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	a, err := s.Galleries.Reorder(r.Context(), web.Principal(r), s.Actor(r), id, album, in.IDs)
	s.Respond(w, r, http.StatusOK, map[string]any{"album": a}, err)
}
