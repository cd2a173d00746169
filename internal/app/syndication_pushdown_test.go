package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/cms"
	"github.com/mektep/mektep/sitecore/syndication"
)

// TestPortalNewsPushedDown: a district portal's own news reaches the school of the district
// that opted in (through the durable outbound process), shown on the school's site naming
// the portal as its source; edits follow, a copy the school hid stays hidden, unpublishing
// at the portal withdraws the copy; a school that did not opt in gets nothing, and a school
// of another region cannot opt in.
func TestPortalNewsPushedDown(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := s.App
	ctx := context.Background()
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	names := map[string]string{"kk": "Аудан", "ru": "Район", "en": "District"}
	r := s.operator("POST", "/api/v1/org-units", map[string]any{"kind": "region", "names": names})
	region := int64(r.JSON(t)["org_unit"].(map[string]any)["id"].(float64))
	r = s.operator("POST", "/api/v1/org-units", map[string]any{"kind": "district", "parent_id": region, "names": names})
	district := int64(r.JSON(t)["org_unit"].(map[string]any)["id"].(float64))
	r = s.operator("POST", "/api/v1/org-units", map[string]any{"kind": "region", "names": names})
	farRegion := int64(r.JSON(t)["org_unit"].(map[string]any)["id"].(float64))
	mk := func(slug, name string, unit int64) *sitecore.Site {
		site, err := sitecore.NewSite{Slug: slug, Names: map[string]string{"kk": name}, Domains: []string{slug + ".kz"},
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
		if r := s.operator("PUT", "/api/v1/sites/"+itoa(site.ID)+"/org-unit", map[string]any{"org_unit_id": unit}); r.Status >= 300 {
			t.Fatalf("org unit: %d %s", r.Status, r.Body)
		}
		return site
	}
	portal := mk("pd-portal", "Аудан білім бөлімі", district)
	school, quiet, far := mk("pd-school", "Мектеп 1", district), mk("pd-quiet", "Мектеп 2", district), mk("pd-far", "Мектеп 3", farRegion)
	if r := s.operator("PUT", "/api/v1/sites/"+itoa(portal.ID)+"/portal", map[string]any{"org_unit_id": district}); r.Status != 201 {
		t.Fatalf("register portal: %d %s", r.Status, r.Body)
	}
	optIn := func(site *sitecore.Site, on bool) response {
		return s.operator("PUT", "/api/v1/sites/"+itoa(site.ID)+"/syndication/portal-news", map[string]any{"portal_site_id": portal.ID, "enabled": on})
	}
	if r := optIn(school, true); r.Status != 200 || !strings.Contains(string(r.Body), itoa(portal.ID)) {
		t.Fatalf("opt in: %d %s", r.Status, r.Body)
	}
	if r := optIn(far, true); r.Status != 400 {
		t.Errorf("a school of another region opted in: %d %s", r.Status, r.Body)
	} else if _, field, _ := r.Error(t); field != "portal_site_id" {
		t.Errorf("refusal names %q", field)
	}
	// The portal's own settings do not offer the schools' push-down destinations, and
	// replacing its rules keeps them.
	r = s.operator("GET", "/api/v1/sites/"+itoa(portal.ID)+"/syndication", nil)
	if strings.Contains(string(r.Body), `"school"`) {
		t.Errorf("portal settings list push-down destinations: %s", r.Body)
	}
	if r := s.operator("PUT", "/api/v1/sites/"+itoa(portal.ID)+"/syndication", map[string]any{"rules": []any{}}); r.Status != 200 {
		t.Fatalf("portal rules: %d %s", r.Status, r.Body)
	}

	publish := func(key, title string) {
		t.Helper()
		if _, err := a.News.Create(ctx, op, sitecore.Actor{}, portal.ID, cms.NewsInput{Key: key,
			Text: map[string]cms.NewsText{"kk": {Title: title, Slug: key, Body: "<p>" + title + "</p>"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.News.SetPublished(ctx, op, sitecore.Actor{}, portal.ID, key, true); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(key, title string) {
		t.Helper()
		if _, err := a.News.Update(ctx, op, sitecore.Actor{}, portal.ID, key, cms.NewsInput{
			Text: map[string]cms.NewsText{"kk": {Title: title, Slug: key, Body: "<p>" + title + "</p>"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.News.SetPublished(ctx, op, sitecore.Actor{}, portal.ID, key, true); err != nil {
			t.Fatal(err)
		}
	}
	copyOf := func(site *sitecore.Site, key string) *sitecore.News {
		n, err := a.Content.FindNewsByKey(ctx, site.ID, syndication.PushedKey(portal.ID, key))
		if err != nil {
			return nil
		}
		return n
	}
	publish("meeting", "Ата-аналар жиналысы")
	publish("holiday", "Каникул кестесі")
	testenv.Eventually(t, time.Minute, "the portal's news at the school", func() bool {
		return copyOf(school, "meeting") != nil && copyOf(school, "holiday") != nil
	})
	c := copyOf(school, "meeting")
	if !c.Published || c.Source == nil || c.Source.SiteID != portal.ID || c.Source.SiteName[sitecore.Kazakh] != "Аудан білім бөлімі" {
		t.Errorf("copy = %+v (source %+v)", c, c.Source)
	}
	page := s.do("GET", "/kk/news/"+c.Text[sitecore.Kazakh].Slug, nil, "Host", "pd-school.kz")
	if page.Status != 200 || !strings.Contains(string(page.Body), "Ата-аналар жиналысы") || !strings.Contains(string(page.Body), "Аудан білім бөлімі") ||
		!strings.Contains(string(page.Body), `href="http://pd-portal.kz/kk/news/meeting"`) {
		t.Errorf("school's page of the copy: %d %s", page.Status, page.Body)
	}

	// Edits follow; the school hides one copy and it stays hidden through the next edit.
	if _, err := a.News.SetPublished(ctx, op, sitecore.Actor{}, school.ID, syndication.PushedKey(portal.ID, "holiday"), false); err != nil {
		t.Fatal(err)
	}
	edit("meeting", "Ата-аналар жиналысы (ауыстырылды)")
	edit("holiday", "Каникул кестесі (жаңа)")
	testenv.Eventually(t, time.Minute, "the edits at the school", func() bool {
		m, h := copyOf(school, "meeting"), copyOf(school, "holiday")
		return m != nil && h != nil && m.Text[sitecore.Kazakh].Title == "Ата-аналар жиналысы (ауыстырылды)" &&
			h.Text[sitecore.Kazakh].Title == "Каникул кестесі (жаңа)"
	})
	if copyOf(school, "holiday").Published {
		t.Error("the copy the school hid was published again by the portal's edit")
	}
	// Unpublishing at the portal withdraws the copy.
	if _, err := a.News.SetPublished(ctx, op, sitecore.Actor{}, portal.ID, "meeting", false); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, time.Minute, "the withdrawal at the school", func() bool { return copyOf(school, "meeting") == nil })
	if r := s.do("GET", "/kk/news/"+c.Text[sitecore.Kazakh].Slug, nil, "Host", "pd-school.kz"); r.Status != 404 {
		t.Errorf("withdrawn copy still served: %d", r.Status)
	}
	// The school that did not opt in has nothing; opting out stops further news.
	if copyOf(quiet, "meeting") != nil || copyOf(quiet, "holiday") != nil {
		t.Error("a school that did not opt in got the portal's news")
	}
	if r := optIn(school, false); r.Status != 200 {
		t.Fatalf("opt out: %d %s", r.Status, r.Body)
	}
	publish("late", "Кешіккен жаңалық")
	publish("control", "Бақылау")
	if r := optIn(quiet, true); r.Status != 200 {
		t.Fatalf("quiet opts in: %d %s", r.Status, r.Body)
	}
	publish("after", "Кейінгі жаңалық")
	testenv.Eventually(t, time.Minute, "news at the school that opted in later", func() bool { return copyOf(quiet, "after") != nil })
	if copyOf(school, "late") != nil || copyOf(school, "after") != nil {
		t.Error("news reached the school after it opted out")
	}
}
