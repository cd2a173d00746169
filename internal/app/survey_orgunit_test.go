package app_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/survey"
)

// A district's education department runs a survey of its schools from its own site (the
// district's portal): its admin creates, schedules and closes it; parents of a school in the
// district vote, a parent of another district's school may not. An admin of another
// district's portal cannot touch it nor target this district, a district admin cannot target
// the region above, and a school admin cannot target any unit. Operators target any unit.
func TestSurveyOrgUnitAdministeredByDistrict(t *testing.T) {
	s := startStack(t, stackOptions{})
	names := map[string]string{"kk": "Бөлім", "ru": "Отдел", "en": "Unit"}
	unit := func(kind string, parent int64) int64 {
		body := map[string]any{"kind": kind, "names": names}
		if parent != 0 {
			body["parent_id"] = parent
		}
		r := s.operator("POST", "/api/v1/org-units", body)
		if r.Status != 201 && r.Status != 200 {
			t.Fatalf("org unit: %d %s", r.Status, r.Body)
		}
		return int64(obj(t, r.JSON(t), "org_unit")["id"].(float64))
	}
	region := unit("region", 0)
	d1, d2 := unit("district", region), unit("district", region)
	place := func(slug string, u int64) int64 {
		id := provisionTenantNoWorker(t, s, slug)
		if r := s.operator("PUT", fmt.Sprintf("/api/v1/sites/%d/org-unit", id), map[string]any{"org_unit_id": u}); r.Status != 204 && r.Status != 200 {
			t.Fatalf("place %s: %d %s", slug, r.Status, r.Body)
		}
		return id
	}
	portal := func(slug string, u int64) int64 {
		id := place(slug, u)
		if r := s.operator("PUT", fmt.Sprintf("/api/v1/sites/%d/portal", id), map[string]any{"org_unit_id": u}); r.Status != 201 {
			t.Fatalf("portal %s: %d %s", slug, r.Status, r.Body)
		}
		return id
	}
	p1, p2 := portal("edu-d1", d1), portal("edu-d2", d2)
	schoolA, schoolB := place("school-d1-a", d1), place("school-d2-b", d2)
	_, admin1 := siteAdmin(t, s, p1, "admin@edu-d1.kz", sitecore.RoleAdmin)
	_, admin2 := siteAdmin(t, s, p2, "admin@edu-d2.kz", sitecore.RoleAdmin)
	_, adminA := siteAdmin(t, s, schoolA, "admin@school-d1-a.kz", sitecore.RoleAdmin)
	_, parentA := siteAdmin(t, s, schoolA, "parent@school-d1-a.kz", sitecore.RoleParent)
	_, parentB := siteAdmin(t, s, schoolB, "parent@school-d2-b.kz", sitecore.RoleParent)

	def := func(u int64) map[string]any {
		d := surveyDef(survey.Named, map[string]any{"kind": "org_unit", "org_unit_id": u},
			time.Now().Add(-time.Minute), time.Now().Add(time.Hour), false)
		d["signature_required"] = false
		return d
	}
	refused := func(who string, siteID int64, d map[string]any, cookie string) {
		t.Helper()
		r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/surveys", siteID), d, "Cookie", cookie)
		if r.Status != 403 {
			t.Errorf("%s: %d %s, want 403", who, r.Status, r.Body)
			return
		}
		if _, field, msg := r.Error(t); field != "audience.org_unit_id" || msg == "" {
			t.Errorf("%s: field %q, message %q", who, field, msg)
		}
	}
	refused("district admin targeting another district", p1, def(d2), admin1)
	refused("district admin targeting the region above", p1, def(region), admin1)
	refused("school admin targeting its own district", schoolA, def(d1), adminA)
	refused("other district's admin targeting this district from its portal", p2, def(d1), admin2)
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/surveys", p1), def(d1), "Cookie", admin2); r.Status != 404 {
		t.Errorf("other district's admin creating on this portal: %d, want 404", r.Status)
	}

	// The district's own admin runs it.
	as1 := []string{"Cookie", admin1}
	id, path := createSurvey(t, s, p1, def(d1), as1...)
	if r := s.do("POST", path+"/schedule", nil, "Cookie", admin2); r.Status != 404 {
		t.Errorf("other district's admin scheduling: %d, want 404", r.Status)
	}
	scheduleSurvey(t, s, path, as1...)
	for _, who := range []struct {
		name, cookie string
		want         int
	}{{"district A's parent", parentA, 201}, {"district B's parent", parentB, 403}} {
		r := s.do("POST", path+"/start", nil, "Cookie", who.cookie)
		if r.Status != 200 {
			if who.want == 403 && r.Status == 403 {
				continue
			}
			t.Fatalf("%s start: %d %s", who.name, r.Status, r.Body)
		}
		var st survey.Start
		_ = json.Unmarshal(r.Body, &st)
		r = s.do("POST", path+"/ballots", map[string]any{"nonce": st.Nonce,
			"ballot": survey.Ballot{Answers: map[string]survey.Answer{"q": {Choice: "b"}}}}, "Cookie", who.cookie)
		if r.Status != who.want {
			t.Errorf("%s votes: %d %s, want %d", who.name, r.Status, r.Body, who.want)
		}
	}
	for _, act := range []string{"close", "cancel"} {
		if r := s.do("POST", path+"/"+act, nil, "Cookie", admin2); r.Status != 404 {
			t.Errorf("other district's admin %s: %d, want 404", act, r.Status)
		}
		if r := s.do("POST", path+"/"+act, nil, "Cookie", adminA); r.Status != 404 {
			t.Errorf("a school admin %s: %d, want 404", act, r.Status)
		}
	}
	if r := s.do("GET", path+"/turnout", nil, "Cookie", admin2); r.Status != 404 {
		t.Errorf("other district's admin reads the turnout: %d, want 404", r.Status)
	}
	if r := s.do("POST", path+"/close", nil, as1...); r.Status != 200 {
		t.Fatalf("close: %d %s", r.Status, r.Body)
	}
	res := finalResults(t, s, path, time.Minute)
	if res.Ballots != 1 || res.Questions[0].Options[1].Count != 1 {
		t.Errorf("results %+v", res)
	}
	if res.Audience < 2 { // the parent of school A, the portal's admin (placed in the unit), …
		t.Errorf("audience of the district: %d", res.Audience)
	}
	if r := s.do("POST", path+"/exports", map[string]any{"kind": "results"}, as1...); r.Status != 202 {
		t.Errorf("district admin's export: %d %s", r.Status, r.Body)
	}
	_ = id

	// Operators may target any unit, from any site.
	if r := s.operator("POST", fmt.Sprintf("/api/v1/sites/%d/surveys", p1), def(d2)); r.Status != 201 {
		t.Errorf("operator: %d %s", r.Status, r.Body)
	}
}
