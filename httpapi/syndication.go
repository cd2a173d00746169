package httpapi

// Syndication: a school's outbound rules, deliveries (dead letters, resend) and feed
// subscriptions; operators' destinations, dead letters and portals; a portal's aggregated
// news as JSON and as its public page. The handlers only parse and call
// syndication.Service / syndication.Portals (docs/syndication.md).

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
	"github.com/mektep/mektep/sitecore/syndication"
)

// feedEntryID is the ID a news item carries in the site's feeds: its own address, or for a
// republished or imported copy the original's ID, so whoever reads the feed (a partner,
// another school subscribed to it) can tell where the item came from and never loops it
// back (docs/syndication.md).
func feedEntryID(n *sitecore.News, lang sitecore.Lang, link string) string {
	if n.Source == nil {
		return link
	}
	if n.Source.Origin != "" {
		return n.Source.Origin
	}
	if u := n.Source.URL[lang]; u != "" {
		return u
	}
	for _, u := range n.Source.URL {
		return u
	}
	return link
}

func (s *Server) syndicationSettings(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "syndication", func(id int64) (any, error) {
		return s.Syndication.Settings(r.Context(), principal(r), id)
	})
}

func (s *Server) setSyndicationRules(w http.ResponseWriter, r *http.Request) {
	var in syndication.RuleInput
	if !s.decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "syndication", func(id int64) (any, error) {
		return s.Syndication.SetRules(r.Context(), principal(r), s.actor(r), id, in)
	})
}

func (s *Server) syndicationDeliveries(w http.ResponseWriter, r *http.Request) {
	limit, err := intQuery(r, "limit", 50)
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
		return s.Syndication.Deliveries(r.Context(), principal(r), id, f)
	})
}

func (s *Server) resendDelivery(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Key string `json:"key"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "delivery", func(id int64) (any, error) {
		return s.Syndication.Resend(r.Context(), principal(r), s.actor(r), id, in.Key)
	})
}

func (s *Server) syndicationSubscriptions(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "subscriptions", func(id int64) (any, error) {
		return s.Syndication.Subscriptions(r.Context(), principal(r), id)
	})
}

func (s *Server) subscribeFeed(w http.ResponseWriter, r *http.Request) {
	var in syndication.SubscriptionInput
	if !s.decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "subscription", func(id int64) (any, error) {
		return s.Syndication.Subscribe(r.Context(), principal(r), s.actor(r), id, in)
	})
}

func (s *Server) unsubscribeFeed(w http.ResponseWriter, r *http.Request) {
	sub, ok := s.idParam(w, r, "subID", "subscription")
	if !ok {
		return
	}
	s.siteCall(w, r, http.StatusNoContent, "", func(id int64) (any, error) {
		return nil, s.Syndication.Unsubscribe(r.Context(), principal(r), s.actor(r), id, sub)
	})
}

func (s *Server) syndicationDestinations(w http.ResponseWriter, r *http.Request) {
	if !principal(r).Operator() {
		s.Error(w, r, sitecore.Errorf(sitecore.EForbidden, "forbidden"))
		return
	}
	ds, err := s.Syndication.Store.Destinations(r.Context())
	s.respond(w, r, http.StatusOK, map[string]any{"destinations": ds}, err)
}

func (s *Server) createSyndicationDestination(w http.ResponseWriter, r *http.Request) {
	var d syndication.Destination
	if !s.decode(w, r, &d) {
		return
	}
	err := s.Syndication.CreateDestination(r.Context(), principal(r), &d)
	s.respond(w, r, http.StatusCreated, map[string]any{"destination": d}, err)
}

func (s *Server) syndicationDeadLetters(w http.ResponseWriter, r *http.Request) {
	limit, err := intQuery(r, "limit", 100)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	ds, err := s.Syndication.DeadLetters(r.Context(), principal(r), limit)
	s.respond(w, r, http.StatusOK, map[string]any{"deliveries": ds}, err)
}

func (s *Server) registerPortal(w http.ResponseWriter, r *http.Request) {
	var in struct {
		OrgUnitID int64 `json:"org_unit_id"`
	}
	if !s.decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusCreated, "portal", func(id int64) (any, error) {
		return s.Portals.Register(r.Context(), principal(r), id, in.OrgUnitID)
	})
}

// portalPage reads ?page= and ?lang= of the aggregated news.
func portalQuery(r *http.Request) (sitecore.Lang, int, int, error) {
	page, err := intQuery(r, "page", 1)
	size, err2 := intQuery(r, "size", 20)
	if err = firstErr(err, err2); err != nil {
		return "", 0, 0, err
	}
	lang := sitecore.Lang(r.URL.Query().Get("lang"))
	if lang == "" {
		lang = requestLang(r)
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

// publicPortalNews serves /{lang}/schools-news on a portal site: the news of its schools,
// newest first, each naming its school and linking to the school's page (the canonical).
func (s *Server) publicPortalNews(w http.ResponseWriter, r *http.Request) {
	site := siteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	page, err := intQuery(r, "page", 1)
	if !site.HasLang(lang) || s.Portals == nil || err != nil || page > 10000 {
		s.publicNotFound(w, r)
		return
	}
	page = max(page, 1)
	base := baseURL(r)
	s.serveCached(w, r, site, base+"|portal-news|"+string(lang)+"|"+strconv.Itoa(page), func(ctx context.Context) (*cachedPage, error) {
		res, err := s.Portals.News(ctx, site.ID, lang, page, 20)
		if sitecore.ErrorCode(err) == sitecore.ENotFound {
			return &cachedPage{status: http.StatusNotFound, body: s.Theme.NotFound(lang, ""), lang: lang}, nil
		}
		if err != nil {
			return nil, err
		}
		pathOf := func(l sitecore.Lang, p int) string {
			if p <= 1 {
				return "/" + string(l) + "/schools-news"
			}
			return "/" + string(l) + "/schools-news?page=" + strconv.Itoa(p)
		}
		chrome, err := s.chrome(ctx, site, lang, base, render.UIText(lang, "schools_news"), func(l sitecore.Lang) string { return pathOf(l, page) })
		if err != nil {
			return nil, err
		}
		v := &render.PortalNewsView{Chrome: chrome}
		modified := site.UpdatedAt
		for _, it := range res.Items {
			v.Items = append(v.Items, render.PortalNewsItem{Title: it.Title, Summary: it.Summary, Href: it.URL, ImageURL: it.ImageURL,
				SchoolName: it.SchoolName, SchoolHref: it.SchoolURL, PublishedAt: it.PublishedAt})
			if it.PublishedAt.After(modified) {
				modified = it.PublishedAt
			}
		}
		if page > 1 || int64(page*res.Size) < res.Total {
			v.Pager = &render.Pager{Page: page}
			if page > 1 {
				v.Pager.Prev = pathOf(lang, page-1)
			}
			if int64(page*res.Size) < res.Total {
				v.Pager.Next = pathOf(lang, page+1)
			}
		}
		if err := s.decorate(ctx, site, &v.Chrome); err != nil {
			return nil, err
		}
		body, err := s.themeFor(ctx, site.ID).PortalNews(v)
		if err != nil {
			return nil, sitecore.Internal("render portal news", err)
		}
		return okPage(body, modified, lang, ""), nil
	})
}
