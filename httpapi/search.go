package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
)

// search serves GET /api/v1/search?q=&lang=&page=&site=: every active school's published
// content, or one school's with site=ID. It is public: only published content is indexed.
// Hits carry the school's name and the page's absolute URL.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	params := r.URL.Query()
	sq := sitecore.SearchQuery{Lang: sitecore.Lang(params.Get("lang")), Text: params.Get("q")}
	if sq.Lang == "" {
		sq.Lang = web.Lang(r)
	}
	if strings.TrimSpace(sq.Text) == "" {
		s.Error(w, r, sitecore.Invalid("q", "field.required"))
		return
	}
	if v := params.Get("site"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.Error(w, r, sitecore.Invalid("site", "field.type", "want", "number"))
			return
		}
		sq.SiteID = id
	}
	if err := web.SearchPage(params.Get("page"), &sq); err != nil {
		s.Error(w, r, err)
		return
	}
	if v := params.Get("per_page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > sitecore.MaxSearchPerPage {
			s.Error(w, r, sitecore.Invalid("per_page", "field.type", "want", "1–"+strconv.Itoa(sitecore.MaxSearchPerPage)))
			return
		}
		sq.PerPage = n
	}
	ctx, cancel := context.WithTimeout(r.Context(), web.SearchTimeout)
	defer cancel()
	res, err := s.SearchIndex.Search(ctx, sq)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	scheme, _, _ := strings.Cut(web.BaseURL(r), "://")
	for i := range res.Hits {
		if h := &res.Hits[i]; h.Host != "" {
			h.URL = scheme + "://" + h.Host + h.Path
		}
	}
	s.WriteJSON(w, http.StatusOK, res)
}
