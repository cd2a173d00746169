package app_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
)

// bornAged returns a birth date that makes a child age full years old on the reference date
// (admissions.ReferenceDate) of a campaign opening at opens, days days after that birthday.
// Tests take children's birth dates from it, so they keep working as the years pass.
func bornAged(opens time.Time, age, days int) time.Time {
	ref := admissions.ReferenceDate(&sitecore.Campaign{OpensAt: opens})
	return ref.AddDate(-age, 0, -days)
}

// A campaign's own age range for a grade refuses a child outside it; the school's exception
// with a reason (audited) lets that child apply; a teacher may not grant one.
func TestAdmissionAgeRuleAndException(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-age")
	owner := session(t, s, a.users["owner"].ID)
	teacher := session(t, s, a.users["teacher"].ID)
	site := fmt.Sprintf("/api/v1/sites/%d/admissions", a.site)
	now := time.Now().UTC()
	campaign := map[string]any{
		"title":    map[string]string{"kk": "Қабылдау", "ru": "Приём", "en": "Admission"},
		"grades":   []map[string]int{{"grade": 1, "seats": 5, "min_age": 7, "max_age": 7}, {"grade": 2, "seats": 5}},
		"opens_at": now.Add(-time.Hour), "closes_at": now.Add(time.Hour), "results_at": now.Add(2 * time.Hour),
		"instruction_langs": []string{"kk", "ru"}, "offer_days": 3,
	}
	bad := map[string]any{}
	for k, v := range campaign {
		bad[k] = v
	}
	bad["grades"] = []map[string]int{{"grade": 1, "seats": 5, "min_age": 8, "max_age": 6}}
	if r := s.do("POST", site+"/campaigns", bad, "Cookie", owner); r.Status != 400 {
		t.Errorf("an upside-down age range: %d %s", r.Status, r.Body)
	} else if _, f, _ := r.Error(t); f != "grades[0].min_age" {
		t.Errorf("upside-down age range names %q", f)
	}
	r := s.do("POST", site+"/campaigns", campaign, "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("campaign: %d %s", r.Status, r.Body)
	}
	cid := int64(field(t, r, "campaign", "id").(float64))

	_, parent := verifiedParent(t, s, "age@example.kz", sitecore.English)
	born := bornAged(now, 8, 100) // eight on the reference date
	iin := iinBornOn(t, born)
	form := map[string]any{"site_id": a.site, "campaign_id": cid, "child_name": "Aruzhan", "child_iin": iin,
		"birth_date": born.Format(time.DateOnly), "grade": 1, "address": "Almaty", "instruction_lang": "kk",
		"phone": "+77011234567", "consent": true}
	refused := s.do("POST", "/api/v1/admissions/applications", form, "Cookie", parent, "Accept-Language", "en")
	if _, f, msg := refused.Error(t); refused.Status != 400 || f != "birth_date" || !strings.Contains(msg, "aged 7 to 7") {
		t.Fatalf("an eight-year-old for a 7-7 grade 1: %d %q %q", refused.Status, f, msg)
	}

	grant := map[string]any{"child_iin": iin, "grade": 1, "reason": "Decision of the district commission No. 12"}
	if r := s.do("POST", fmt.Sprintf("%s/campaigns/%d/age-exceptions", site, cid), grant, "Cookie", teacher); r.Status != 403 {
		t.Errorf("teacher grants an exception: %d", r.Status)
	}
	if r := s.do("POST", fmt.Sprintf("%s/campaigns/%d/age-exceptions", site, cid), map[string]any{"child_iin": iin, "grade": 1}, "Cookie", owner); r.Status != 400 {
		t.Errorf("exception without a reason: %d", r.Status)
	}
	if r := s.do("POST", fmt.Sprintf("%s/campaigns/%d/age-exceptions", site, cid), grant, "Cookie", owner); r.Status != 201 {
		t.Fatalf("exception: %d %s", r.Status, r.Body)
	}
	var audited int
	if err := s.App.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log
		WHERE site_id = $1 AND action = 'admission.age_exception' AND target LIKE '%commission No. 12'`, a.site).Scan(&audited); err != nil || audited != 1 {
		t.Errorf("audit entries of the exception: %d %v", audited, err)
	}
	if r := s.do("POST", "/api/v1/admissions/applications", form, "Cookie", parent); r.Status != 201 {
		t.Errorf("with the exception: %d %s", r.Status, r.Body)
	}
	// The exception is for grade 1 of this child only; grade 2 has no age rule by default.
	otherBorn := bornAged(now, 9, 50)
	form["child_iin"], form["birth_date"] = iinBornOn(t, otherBorn), otherBorn.Format(time.DateOnly)
	if r := s.do("POST", "/api/v1/admissions/applications", form, "Cookie", parent); r.Status != 400 {
		t.Errorf("another child without an exception: %d", r.Status)
	}
	form["grade"] = 2
	if r := s.do("POST", "/api/v1/admissions/applications", form, "Cookie", parent); r.Status != 201 {
		t.Errorf("grade 2 without an age rule: %d %s", r.Status, r.Body)
	}

	// The family's page refuses an ineligible age with the message next to the birth date,
	// keeping what was typed.
	young := bornAged(now, 5, 30)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"campaign_id": strconv.FormatInt(cid, 10), "child_name": "Дана", "child_iin": iinBornOn(t, young),
		"birth_date": young.Format(time.DateOnly), "grade": "1", "address": "Алматы", "instruction_lang": "kk",
		"phone": "+77011234567", "consent": "1"} {
		_ = mw.WriteField(k, v)
	}
	_ = mw.Close()
	page := s.do("POST", "/en/admissions", buf.Bytes(), "Host", a.host, "Cookie", parent, "Content-Type", mw.FormDataContentType())
	body := string(page.Body)
	ref := admissions.ReferenceDate(&sitecore.Campaign{OpensAt: now.Add(-time.Hour)}).Format("02.01.2006")
	next := regexp.MustCompile(`<input id="birth_date"[^>]*value="` + young.Format(time.DateOnly) + `"[^>]*aria-invalid="true"[^>]*><span class="field-error" role="alert" id="birth_date-error">“Date of birth”: grade 1 admits children aged 7 to 7 on ` +
		regexp.QuoteMeta(ref) + `; the child will be 5 on that day.</span>`)
	if page.Status != 400 || !next.MatchString(body) || strings.Contains(body, `id="error"`) {
		t.Errorf("family page with a five-year-old: %d\n%s", page.Status, body)
	}
}
