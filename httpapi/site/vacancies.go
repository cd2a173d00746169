package site

import (
	"context"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/mektep/mektep/httpapi/web"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/render"
)

// VacanciesPage serves /{lang}/vacancies: the school's open vacancies (published, deadline
// not passed) in the page's language, or in another of the site's languages when a vacancy
// has no text in it. Each vacancy's anchor is the canonical link partners receive.
func (s *Server) VacanciesPage(w http.ResponseWriter, r *http.Request) {
	site := web.SiteFrom(r.Context())
	lang := sitecore.Lang(chi.URLParam(r, "lang"))
	if !site.HasLang(lang) || s.Vacancies == nil {
		s.NotFound(w, r)
		return
	}
	base := web.BaseURL(r)
	s.serveCached(w, r, site, base+"|vacancies|"+string(lang), func(ctx context.Context) (*cachedPage, error) {
		open, err := s.Vacancies.Open(ctx, site.ID)
		if err != nil {
			return nil, err
		}
		path := func(l sitecore.Lang) string { return "/" + string(l) + "/vacancies" }
		chrome, err := s.chrome(ctx, site, lang, base, render.UIText(lang, "vacancies"), path)
		if err != nil {
			return nil, err
		}
		v := &render.VacanciesView{Chrome: chrome}
		modified := site.UpdatedAt
		for _, x := range open {
			t, ok := x.Text[lang]
			if !ok {
				for _, l := range site.Languages {
					if t, ok = x.Text[sitecore.Lang(l)]; ok {
						break
					}
				}
			}
			v.Items = append(v.Items, render.VacancyItem{ID: x.ID, Title: t.Title, Subject: x.Subject, Hours: x.Hours,
				Salary: salary(x.SalaryMin, x.SalaryMax), Description: t.Description, Requirements: t.Requirements,
				Contacts: t.Contacts, Deadline: x.Deadline})
			if x.UpdatedAt.After(modified) {
				modified = x.UpdatedAt
			}
		}
		if err := s.decorate(ctx, site, &v.Chrome); err != nil {
			return nil, err
		}
		body, err := s.themeFor(ctx, site.ID).Vacancies(v)
		if err != nil {
			return nil, sitecore.Internal("render vacancies", err)
		}
		return okPage(body, modified, lang, ""), nil
	})
}

// salary writes a salary range in tenge ("" when none is stated).
func salary(lo, hi int64) string {
	f := func(n int64) string { return strconv.FormatInt(n, 10) }
	switch {
	case lo > 0 && hi > 0 && lo != hi:
		return f(lo) + "–" + f(hi)
	case lo > 0:
		return f(lo)
	case hi > 0:
		return f(hi)
	}
	return ""
}
