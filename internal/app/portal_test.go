package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
)

// TestPortalAggregatesSchoolsNews: a district portal shows the news of the school that
// opted in (through the outbound workflow), with the school named and the school's page as
// the link; the school's draft never shows, and opting out takes it off the page at once.
func TestPortalAggregatesSchoolsNews(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := s.App
	ctx := context.Background()
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	names := map[string]string{"kk": "Аудан", "ru": "Район", "en": "District"}
	r := s.operator("POST", "/api/v1/org-units", map[string]any{"kind": "region", "names": names})
	region := int64(r.JSON(t)["org_unit"].(map[string]any)["id"].(float64))
	r = s.operator("POST", "/api/v1/org-units", map[string]any{"kind": "district", "parent_id": region, "names": names})
	district := int64(r.JSON(t)["org_unit"].(map[string]any)["id"].(float64))

	mk := func(slug string) *sitecore.Site {
		site, err := sitecore.NewSite{Slug: slug, Names: map[string]string{"kk": "Мектеп " + slug}, Domains: []string{slug + ".kz"},
			Languages: []string{"kk"}, OwnerEmail: "o@" + slug + ".kz"}.Validate()
		if err != nil {
			t.Fatal(err)
		}
		if err := a.DB.CreateSite(ctx, site); err != nil {
			t.Fatal(err)
		}
		if err := a.DB.SetSiteStep(ctx, site.ID, sitecore.StepActivated); err != nil {
			t.Fatal(err)
		}
		if r := s.operator("PUT", "/api/v1/sites/"+itoa(site.ID)+"/org-unit", map[string]any{"org_unit_id": district}); r.Status != 204 && r.Status != 200 {
			t.Fatalf("org unit: %d %s", r.Status, r.Body)
		}
		return site
	}
	portal, school := mk("portal-d"), mk("school-d")
	r = s.operator("PUT", "/api/v1/sites/"+itoa(portal.ID)+"/portal", map[string]any{"org_unit_id": district})
	if r.Status != 201 {
		t.Fatalf("register portal: %d %s", r.Status, r.Body)
	}
	dest := r.JSON(t)["portal"].(map[string]any)["destination_id"].(float64)
	r = s.operator("PUT", "/api/v1/sites/"+itoa(school.ID)+"/syndication", map[string]any{"rules": []any{map[string]any{"destination_id": dest}}})
	if r.Status != 200 {
		t.Fatalf("rules: %d %s", r.Status, r.Body)
	}
	for _, key := range []string{"public-one", "draft-one"} {
		if _, err := a.News.Create(ctx, op, sitecore.Actor{}, school.ID, cms.NewsInput{Key: key,
			Text: map[string]cms.NewsText{"kk": {Title: "Title " + key, Slug: key, Body: "<p>x</p>"}}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := a.News.SetPublished(ctx, op, sitecore.Actor{}, school.ID, "public-one", true); err != nil {
		t.Fatal(err)
	}
	page := func() string {
		r := s.do("GET", "/kk/schools-news", nil, "Host", "portal-d.kz")
		if r.Status != 200 {
			t.Fatalf("portal page: %d %s", r.Status, r.Body)
		}
		return string(r.Body)
	}
	testenv.Eventually(t, time.Minute, "the school's news on the portal", func() bool {
		r := s.do("GET", "/api/v1/portals/"+itoa(portal.ID)+"/news?lang=kk", nil)
		return r.Status == 200 && strings.Contains(string(r.Body), "Title public-one")
	})
	body := page()
	for _, want := range []string{"Title public-one", `href="http://school-d.kz/kk/news/public-one"`, "Мектеп school-d"} {
		if !strings.Contains(body, want) {
			t.Errorf("portal page lacks %s", want)
		}
	}
	if strings.Contains(body, "draft-one") {
		t.Error("a draft reached the portal")
	}
	// Opting out: gone on the very next request (the cached page is dropped).
	if r := s.operator("PUT", "/api/v1/sites/"+itoa(school.ID)+"/syndication", map[string]any{"rules": []any{}}); r.Status != 200 {
		t.Fatalf("opt out: %d %s", r.Status, r.Body)
	}
	if strings.Contains(page(), "Title public-one") {
		t.Error("the school still shows on the portal after opting out")
	}
	if r := s.do("GET", "/kk/schools-news", nil, "Host", "school-d.kz"); r.Status != 404 {
		t.Errorf("a school that is no portal serves a portal page: %d", r.Status)
	}
}
