package httpapi

import (
	"net/http"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore/cms"
)

// The site settings API: names, contacts, SEO and integrations of a school's site.

func (s *Server) getSettings(w http.ResponseWriter, r *http.Request) {
	s.siteCall(w, r, http.StatusOK, "settings", func(id int64) (any, error) {
		return s.Settings.Get(r.Context(), web.Principal(r), id)
	})
}

func (s *Server) updateSettings(w http.ResponseWriter, r *http.Request) {
	var in cms.SettingsInput
	if !s.Decode(w, r, &in) {
		return
	}
	s.siteCall(w, r, http.StatusOK, "settings", func(id int64) (any, error) {
		return s.Settings.Update(r.Context(), web.Principal(r), s.Actor(r), id, in)
	})
}
