package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/syndication"
	"github.com/mektep/mektep/sitecore/syndication/portal/portaltest"
)

// TestVacanciesSyndicated: a school's vacancies through the JSON API (bad input refused
// naming the field, in the user's language; another school cannot see them), its public
// page, the platform-wide list filtered by region and subject, and the national portal (a
// fake, as a real HTTP server) receiving a published vacancy with its facts, its update and
// its withdrawal — never the draft.
func TestVacanciesSyndicated(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := s.App
	ctx := context.Background()
	names := map[string]string{"kk": "Облыс", "ru": "Область", "en": "Region"}
	r := s.operator("POST", "/api/v1/org-units", map[string]any{"kind": "region", "names": names})
	region := int64(r.JSON(t)["org_unit"].(map[string]any)["id"].(float64))
	r = s.operator("POST", "/api/v1/org-units", map[string]any{"kind": "region", "names": names})
	otherRegion := int64(r.JSON(t)["org_unit"].(map[string]any)["id"].(float64))
	mk := func(slug string, unit int64) *sitecore.Site {
		site, err := sitecore.NewSite{Slug: slug, Names: map[string]string{"kk": "Мектеп " + slug, "ru": "Школа " + slug},
			Domains: []string{slug + ".kz"}, Languages: []string{"kk", "ru"}, OwnerEmail: "o@" + slug + ".kz"}.Validate()
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
	school, other := mk("vac-school", region), mk("vac-other", otherRegion)

	p := portaltest.New()
	defer p.Close()
	dest := syndication.Destination{Scope: syndication.ScopeNational, Protocol: syndication.ProtocolPortal, Endpoint: p.URL,
		Names: map[sitecore.Lang]string{sitecore.Kazakh: "Ұлттық портал"}, Enabled: true}
	if err := a.DB.Syndication().CreateDestination(ctx, &dest); err != nil {
		t.Fatal(err)
	}
	if r := s.operator("PUT", "/api/v1/sites/"+itoa(school.ID)+"/syndication",
		map[string]any{"rules": []any{map[string]any{"destination_id": dest.ID, "tags": []string{"vacancy"}}}}); r.Status != 200 {
		t.Fatalf("rules: %d %s", r.Status, r.Body)
	}

	deadline := time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	vac := func(title string, published bool, subject string) map[string]any {
		return map[string]any{"text": map[string]any{
			"kk": map[string]any{"title": title, "description": "Сипаттама\nекінші жол", "requirements": "Жоғары білім", "contacts": "+7 701 000 00 00"},
			"ru": map[string]any{"title": title + " (ru)", "contacts": "+7 701 000 00 00"}},
			"subject": subject, "hours": 18, "salary_min": 250000, "salary_max": 400000, "deadline": deadline, "published": published}
	}
	base := "/api/v1/sites/" + itoa(school.ID) + "/vacancies"
	// Bad input names the field, in the user's language.
	bad := vac("Математика мұғалімі", true, "Математика")
	bad["salary_min"], bad["salary_max"] = 500000, 300000
	r = s.operator("POST", base, bad, "Accept-Language", "ru")
	if code, field, msg := r.Error(t); r.Status != 400 || field != "salary_max" || !strings.Contains(msg, "максимальная") {
		t.Errorf("salary range: %d %s %s %q", r.Status, code, field, msg)
	}
	bad = vac("Математика мұғалімі", true, "Математика")
	bad["deadline"] = "01.09.2027"
	if r = s.operator("POST", base, bad); r.Status != 400 {
		t.Errorf("deadline: %d %s", r.Status, r.Body)
	} else if _, field, _ := r.Error(t); field != "deadline" {
		t.Errorf("deadline error names %q", field)
	}
	bad = vac("", true, "")
	if r = s.operator("POST", base, bad); r.Status != 400 {
		t.Errorf("no title: %d", r.Status)
	} else if _, field, _ := r.Error(t); field != "text.kk.title" {
		t.Errorf("no title names %q", field)
	}

	r = s.operator("POST", base, vac("Математика мұғалімі", true, "Математика"))
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	pubID := int64(r.JSON(t)["vacancy"].(map[string]any)["id"].(float64))
	r = s.operator("POST", base, vac("Жасырын жоба", false, "Физика"))
	if r.Status != 201 {
		t.Fatalf("create draft: %d %s", r.Status, r.Body)
	}
	draftID := int64(r.JSON(t)["vacancy"].(map[string]any)["id"].(float64))
	// Another school's address does not reach the vacancy.
	if r := s.operator("GET", "/api/v1/sites/"+itoa(other.ID)+"/vacancies/"+itoa(pubID), nil); r.Status != 404 {
		t.Errorf("another school's vacancy: %d", r.Status)
	}
	if r := s.operator("GET", base, nil); r.Status != 200 || len(r.JSON(t)["vacancies"].([]any)) != 2 {
		t.Errorf("list: %d %s", r.Status, r.Body)
	}

	// The national portal receives the published vacancy, once, with its facts.
	held := func(title string) *portaltest.Item {
		for _, it := range p.Items() {
			if !it.Deleted && it.Body.Texts[sitecore.Kazakh].Title == title {
				return &it
			}
		}
		return nil
	}
	testenv.Eventually(t, time.Minute, "the vacancy at the portal", func() bool { return held("Математика мұғалімі") != nil })
	it := held("Математика мұғалімі")
	if it.Body.Kind != "vacancy" || it.Body.Vacancy == nil || it.Body.Vacancy.Deadline != deadline || it.Body.Vacancy.SalaryMax != 400000 ||
		it.Body.Vacancy.Subject != "Математика" || it.Body.Vacancy.Texts[sitecore.Kazakh].Requirements != "Жоғары білім" ||
		!strings.HasSuffix(it.Body.Texts[sitecore.Kazakh].URL, "/kk/vacancies#vacancy-"+itoa(pubID)) {
		t.Errorf("portal holds %+v (vacancy %+v)", it.Body, it.Body.Vacancy)
	}

	// The school's page and the platform-wide list show it, not the draft.
	page := s.do("GET", "/kk/vacancies", nil, "Host", "vac-school.kz")
	if page.Status != 200 || !strings.Contains(string(page.Body), "Математика мұғалімі") || !strings.Contains(string(page.Body), `id="vacancy-`+itoa(pubID)+`"`) ||
		strings.Contains(string(page.Body), "Жасырын") {
		t.Errorf("vacancies page: %d %s", page.Status, page.Body)
	}
	list := func(q string) []any {
		r := s.do("GET", "/api/v1/vacancies?lang=kk"+q, nil)
		if r.Status != 200 {
			t.Fatalf("vacancies list: %d %s", r.Status, r.Body)
		}
		return r.JSON(t)["vacancies"].([]any)
	}
	if got := list("&org_unit=" + itoa(region) + "&subject=математика"); len(got) != 1 || got[0].(map[string]any)["school_name"] != "Мектеп vac-school" {
		t.Errorf("region + subject: %v", got)
	}
	if got := list("&org_unit=" + itoa(otherRegion)); len(got) != 0 {
		t.Errorf("another region lists %v", got)
	}
	if got := list("&subject=Физика"); len(got) != 0 {
		t.Errorf("the draft is listed: %v", got)
	}
	if r := s.do("GET", "/api/v1/vacancies?org_unit=abc", nil); r.Status != 400 {
		t.Errorf("bad org_unit: %d", r.Status)
	}

	// An edit reaches the portal as an update; deleting withdraws it.
	if r := s.operator("PUT", base+"/"+itoa(pubID), vac("Математика мұғалімі (толық ставка)", true, "Математика")); r.Status != 200 {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, time.Minute, "the update at the portal", func() bool { return held("Математика мұғалімі (толық ставка)") != nil })
	if r := s.operator("DELETE", base+"/"+itoa(pubID), nil); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, time.Minute, "the withdrawal at the portal", func() bool {
		ev := p.Events()
		return len(ev) > 0 && ev[len(ev)-1].Op == "delete"
	})
	creates := 0
	for _, e := range p.Events() {
		if e.Op == "create" {
			creates++
		}
		if strings.Contains(e.Title, "Жасырын") {
			t.Error("the draft vacancy left the school")
		}
	}
	if creates != 1 {
		t.Errorf("%d creates at the portal: %+v", creates, p.Events())
	}
	if r := s.operator("GET", base+"/"+itoa(draftID), nil); r.Status != 200 || r.JSON(t)["vacancy"].(map[string]any)["published"] != false {
		t.Errorf("draft: %d %s", r.Status, r.Body)
	}
}
