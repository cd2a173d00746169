package httpapi

import (
	"net/http"
	"strconv"

	"github.com/mektep/mektep/httpapi/site"
	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
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
		q := r.URL.Query()
		if q.Get("topic") == "" && q.Get("status") == "" && q.Get("from") == "" && q.Get("to") == "" {
			return s.Feedback.List(r.Context(), web.Principal(r), id)
		}
		f, err := feedbackFilterOf(r)
		if err != nil {
			return nil, err
		}
		return s.Feedback.Filter(r.Context(), web.Principal(r), id, f)
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

// The public side of the form for other clients (a mobile app, a school's own page): the
// form's topics and a fresh form token, and the submission, which passes the same guards as
// the page (honeypot, token at least 3 seconds old, limits per network and per address).

func (s *Server) publicFeedbackSite(w http.ResponseWriter, r *http.Request, raw string) (*sitecore.Site, bool) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		s.Error(w, r, sitecore.Invalid("site_id", "field.required"))
		return nil, false
	}
	site, err := s.Feedback.Sites.FindSiteByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, sitecore.NotFound("site"))
		return nil, false
	}
	return site, true
}

func (s *Server) feedbackForm(w http.ResponseWriter, r *http.Request) {
	site, ok := s.publicFeedbackSite(w, r, r.URL.Query().Get("site_id"))
	if !ok {
		return
	}
	type topic struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	lang := site.PageLang(sitecore.Lang(r.URL.Query().Get("lang")))
	ts, err := s.Feedback.Topics(r.Context(), site.ID)
	out := make([]topic, 0, len(ts))
	for i := range ts {
		out = append(out, topic{ID: ts[i].ID, Name: ts[i].Name(lang)})
	}
	s.Respond(w, r, http.StatusOK, map[string]any{"form_token": s.Feedback.FormToken(site.ID), "lang": lang,
		"topics": out, "min_age_seconds": int(feedback.MinFormAge.Seconds())}, err)
}

func (s *Server) submitFeedback(w http.ResponseWriter, r *http.Request) {
	var in struct {
		feedback.Submission
		SiteID int64         `json:"site_id"`
		Lang   sitecore.Lang `json:"lang"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	site, ok := s.publicFeedbackSite(w, r, strconv.FormatInt(in.SiteID, 10))
	if !ok {
		return
	}
	lang := in.Lang
	if lang == "" {
		lang = web.Lang(r)
	}
	m, err := s.Feedback.Submit(r.Context(), web.Principal(r), site.ID, site.PageLang(lang), in.Submission)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.Respond(w, r, http.StatusCreated, map[string]any{"message": map[string]any{"id": m.ID, "status": m.Status,
		"created_at": m.CreatedAt}}, nil)
}

// feedbackFilterOf reads ?topic=&status=&from=&to= (dates in Almaty, to inclusive).
func feedbackFilterOf(r *http.Request) (sitecore.FeedbackFilter, error) {
	q := r.URL.Query()
	f := sitecore.FeedbackFilter{Status: q.Get("status")}
	if t := q.Get("topic"); t != "" {
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil || n <= 0 {
			return f, sitecore.Invalid("topic", "feedback.topic")
		}
		f.TopicID = n
	}
	var err error
	f.From, f.To, err = feedback.ParsePeriod(q.Get("from"), q.Get("to"))
	return f, err
}

func (s *Server) feedbackXLSX(w http.ResponseWriter, r *http.Request) {
	id, ok := s.SiteParam(w, r)
	if !ok {
		return
	}
	f, err := feedbackFilterOf(r)
	var rows []feedback.ExportRow
	if err == nil {
		rows, err = s.Feedback.Export(r.Context(), web.Principal(r), id, web.Lang(r), f)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	site.WriteFeedbackXLSX(w, r, s.Responder, web.Lang(r), rows)
}

func (s *Server) updateFeedbackTopic(w http.ResponseWriter, r *http.Request) {
	var in feedback.NewTopic
	if !s.Decode(w, r, &in) {
		return
	}
	tid, ok := s.IDParam(w, r, "topicID", "feedback_topic")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusOK, "topic", func(id int64) (any, error) {
		return s.Feedback.UpdateTopic(r.Context(), web.Principal(r), id, tid, in)
	})
}

func (s *Server) feedbackSettings(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "settings", func(id int64) (any, error) {
		d, err := s.Feedback.SLADays(r.Context(), web.Principal(r), id)
		return map[string]int{"sla_days": d}, err
	})
}

func (s *Server) putFeedbackSettings(w http.ResponseWriter, r *http.Request) {
	var in struct {
		SLADays int `json:"sla_days"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "settings", func(id int64) (any, error) {
		if err := s.Feedback.SetSLADays(r.Context(), web.Principal(r), id, in.SLADays); err != nil {
			return nil, err
		}
		return map[string]int{"sla_days": in.SLADays}, nil
	})
}
