package httpapi

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
)

func (s *Server) postComment(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body string `json:"body"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "comment", func(id int64) (any, error) {
		return s.Comments.Post(r.Context(), web.Principal(r), id, chi.URLParam(r, "key"), in.Body)
	})
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body string `json:"body"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	cid, ok := s.IDParam(w, r, "commentID", "comment")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusOK, "comment", func(id int64) (any, error) {
		return s.Comments.Edit(r.Context(), web.Principal(r), id, cid, in.Body)
	})
}

func (s *Server) commentQueue(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "comments", func(id int64) (any, error) {
		return s.Comments.Queue(r.Context(), web.Principal(r), id, r.URL.Query().Get("status"))
	})
}

func (s *Server) moderateComment(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Action string `json:"action"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	cid, ok := s.IDParam(w, r, "commentID", "comment")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusOK, "comment", func(id int64) (any, error) {
		return s.Comments.Moderate(r.Context(), web.Principal(r), s.Actor(r), id, cid, in.Action)
	})
}
