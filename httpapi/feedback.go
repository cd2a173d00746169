package httpapi

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore/feedback"
)

// Feedback: a site's topics and messages for its admins; answering emails the requester.

func (s *Server) feedbackTopics(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "topics", func(id int64) (any, error) {
		if _, err := s.Feedback.List(r.Context(), web.Principal(r), id); err != nil {
			return nil, err
		}
		return s.Feedback.Topics(r.Context(), id)
	})
}

func (s *Server) createFeedbackTopic(w http.ResponseWriter, r *http.Request) {
	var in feedback.NewTopic
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "topic", func(id int64) (any, error) {
		return s.Feedback.CreateTopic(r.Context(), web.Principal(r), id, in)
	})
}

func (s *Server) feedbackMessages(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "messages", func(id int64) (any, error) {
		return s.Feedback.List(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) feedbackThread(w http.ResponseWriter, r *http.Request) {
	mid, ok := s.IDParam(w, r, "messageID", "feedback")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusOK, "thread", func(id int64) (any, error) {
		return s.Feedback.Get(r.Context(), web.Principal(r), id, mid)
	})
}

func (s *Server) answerFeedback(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Body string `json:"body"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	mid, ok := s.IDParam(w, r, "messageID", "feedback")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "answer", func(id int64) (any, error) {
		return s.Feedback.Answer(r.Context(), web.Principal(r), id, mid, in.Body)
	})
}

func (s *Server) hideFeedback(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Hidden bool `json:"hidden"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	mid, ok := s.IDParam(w, r, "messageID", "feedback")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusOK, "thread", func(id int64) (any, error) {
		if err := s.Feedback.SetHidden(r.Context(), web.Principal(r), id, mid, in.Hidden); err != nil {
			return nil, err
		}
		return s.Feedback.Get(r.Context(), web.Principal(r), id, mid)
	})
}
