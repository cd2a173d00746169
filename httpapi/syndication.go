package httpapi

// Syndication: a school's outbound rules, deliveries (dead letters, resend) and feed
// subscriptions; operators' destinations, dead letters and portals; a portal's aggregated
// news as JSON and as its public page. The handlers only parse and call
// syndication.Service / syndication.Portals (docs/syndication.md).

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
)

func (s *Server) syndicationSettings(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "syndication", func(id int64) (any, error) {
		return s.Syndication.Settings(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) setSyndicationRules(w http.ResponseWriter, r *http.Request) {
	var in syndication.RuleInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "syndication", func(id int64) (any, error) {
		return s.Syndication.SetRules(r.Context(), web.Principal(r), s.Actor(r), id, in)
	})
}

func (s *Server) syndicationDeliveries(w http.ResponseWriter, r *http.Request) {
	limit, err := web.IntQuery(r, "limit", 50)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	f := syndication.DeliveryFilter{State: syndication.State(r.URL.Query().Get("state")), NewsKey: r.URL.Query().Get("news_key"), Limit: limit}
	switch f.State {
	case "", syndication.StatePending, syndication.StateDelivered, syndication.StateDead, syndication.StateSkipped:
	default:
		s.Error(w, r, sitecore.Invalid("state", "field.unknown"))
		return
	}
	s.siteCall(w, r, http.StatusOK, "deliveries", func(id int64) (any, error) {
		return s.Syndication.Deliveries(r.Context(), web.Principal(r), id, f)
	})
}

func (s *Server) resendDelivery(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Key string `json:"key"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "delivery", func(id int64) (any, error) {
		return s.Syndication.Resend(r.Context(), web.Principal(r), s.Actor(r), id, in.Key)
	})
}

func (s *Server) syndicationSubscriptions(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "subscriptions", func(id int64) (any, error) {
		return s.Syndication.Subscriptions(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) subscribeFeed(w http.ResponseWriter, r *http.Request) {
	var in syndication.SubscriptionInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "subscription", func(id int64) (any, error) {
		return s.Syndication.Subscribe(r.Context(), web.Principal(r), s.Actor(r), id, in)
	})
}

func (s *Server) unsubscribeFeed(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.IDParam(w, r, "subID", "subscription")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		return nil, s.Syndication.Unsubscribe(r.Context(), web.Principal(r), s.Actor(r), id, sub)
	})
}

func (s *Server) syndicationDestinations(w http.ResponseWriter, r *http.Request) {
	if !web.Principal(r).Operator() {
		s.Error(w, r, sitecore.Errorf(sitecore.EForbidden, "forbidden"))
		return
	}
	ds, err := s.Syndication.Store.Destinations(r.Context())
	s.Respond(w, r, http.StatusOK, map[string]any{"destinations": ds}, err)
}

func (s *Server) createSyndicationDestination(w http.ResponseWriter, r *http.Request) {
	var d syndication.Destination
	if !s.Decode(w, r, &d) {
		return
	}
	err := s.Syndication.CreateDestination(r.Context(), web.Principal(r), &d)
	s.Respond(w, r, http.StatusCreated, map[string]any{"destination": d}, err)
}

func (s *Server) syndicationDeadLetters(w http.ResponseWriter, r *http.Request) {
	limit, err := web.IntQuery(r, "limit", 100)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ds, err := s.Syndication.DeadLetters(r.Context(), web.Principal(r), limit)
	s.Respond(w, r, http.StatusOK, map[string]any{"deliveries": ds}, err)
}

func (s *Server) registerPortal(w http.ResponseWriter, r *http.Request) {
	var in struct {
		OrgUnitID int64 `json:"org_unit_id"`
	}
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "portal", func(id int64) (any, error) {
		return s.Portals.Register(r.Context(), web.Principal(r), id, in.OrgUnitID)
	})
}

// portalPage reads ?page= and ?lang= of the aggregated news.
func portalQuery(r *http.Request) (sitecore.Lang, int, int, error) {
	page, err := web.IntQuery(r, "page", 1)
	size, err2 := web.IntQuery(r, "size", 20)
	if err = firstErr(err, err2); err != nil {
		return "", 0, 0, err
	}
	lang := sitecore.Lang(r.URL.Query().Get("lang"))
	if lang == "" {
		lang = web.Lang(r)
	}
	if !lang.Supported() {
		return "", 0, 0, sitecore.Invalid("lang", "lang.unsupported", "value", string(lang))
	}
	return lang, page, size, nil
}

// portalNews is a portal's aggregated news as JSON (public).
func (s *Server) portalNews(w http.ResponseWriter, r *http.Request) {
	lang, page, size, err := portalQuery(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.siteCall(w, r, http.StatusOK, "news", func(id int64) (any, error) {
		return s.Portals.News(r.Context(), id, lang, page, size)
	})
}

// setPushDown makes the school take (or stop taking) a portal's own news.
func (s *Server) setPushDown(w http.ResponseWriter, r *http.Request) {
	var in syndication.PushDownInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "push_down", func(id int64) (any, error) {
		return s.Syndication.SetPushDown(r.Context(), web.Principal(r), s.Actor(r), id, in)
	})
}
