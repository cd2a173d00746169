package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/certification"
)

// TestCertificationSeminarsOverHTTP: a trainer's seminar with one place; admins register
// (one confirmed, two in line), the confirmed one cancels and the first in line moves up
// and is emailed; validation names the field in the caller's language; only trainers
// publish and mark; attendance (after the start) renews the certificate once.
func TestCertificationSeminarsOverHTTP(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	school := provisionTenantNoWorker(t, s, "cert-seminars")
	title := map[string]string{"kk": "Жыл сайынғы семинар", "ru": "Ежегодный семинар", "en": "Yearly seminar"}
	starts := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Minute)
	body := map[string]any{"title": title, "starts_at": starts, "ends_at": starts.Add(6 * time.Hour),
		"online_url": "https://meet.example.kz/seminar", "capacity": 1}

	// Validation, in the caller's language, naming the field.
	bad := map[string]any{"title": title, "starts_at": starts, "ends_at": starts.Add(time.Hour), "online_url": "http://x", "capacity": 1}
	if r := s.operator("POST", "/api/v1/certification/seminars", bad, "Accept-Language", "ru"); r.Status != 400 {
		t.Errorf("http link: %d %s", r.Status, r.Body)
	} else if _, field, msg := r.Error(t); field != "online_url" || !strings.Contains(msg, "https://") {
		t.Errorf("http link: %s %q", field, msg)
	}
	bad = map[string]any{"title": title, "starts_at": starts, "ends_at": starts.Add(-time.Hour), "place": "Астана", "capacity": 1}
	if r := s.operator("POST", "/api/v1/certification/seminars", bad); r.Status != 400 {
		t.Errorf("ends before start: %d %s", r.Status, r.Body)
	} else if _, field, _ := r.Error(t); field != "ends_at" {
		t.Errorf("ends before start names %q", field)
	}

	admins := make([]*sitecore.User, 3)
	cookies := make([]string, 3)
	for i, name := range []string{"asel", "berik", "camila"} {
		admins[i] = fixtureUser(t, s, name+"@cert-seminars.kz", school, sitecore.RoleAdmin)
		cookies[i] = session(t, s, admins[i].ID)
	}
	if r := s.do("POST", "/api/v1/certification/seminars", body, "Cookie", cookies[0]); r.Status != 403 {
		t.Errorf("an admin publishes a seminar: %d", r.Status)
	}
	r := s.operator("POST", "/api/v1/certification/seminars", body)
	if r.Status != 201 {
		t.Fatalf("create seminar: %d %s", r.Status, r.Body)
	}
	var created struct{ Seminar certification.Seminar }
	_ = json.Unmarshal(r.Body, &created)
	path := fmt.Sprintf("/api/v1/certification/seminars/%d", created.Seminar.ID)

	// One place, three people.
	want := []struct {
		status certification.RegStatus
		pos    int
	}{{certification.RegConfirmed, 0}, {certification.RegWaiting, 1}, {certification.RegWaiting, 2}}
	for i, c := range cookies {
		r := s.do("PUT", path+"/registration", nil, "Cookie", c)
		var g struct{ Registration certification.Registration }
		_ = json.Unmarshal(r.Body, &g)
		if r.Status != 200 || g.Registration.Status != want[i].status || g.Registration.Position != want[i].pos {
			t.Errorf("register %d: %d %s", i, r.Status, r.Body)
		}
	}
	// Registering again keeps the place.
	if r := s.do("PUT", path+"/registration", nil, "Cookie", cookies[2]); !strings.Contains(string(r.Body), `"position":2`) {
		t.Errorf("registering again: %s", r.Body)
	}
	// A teacher (no site admin) may not register.
	teacher := fixtureUser(t, s, "teacher@cert-seminars.kz", school, sitecore.RoleTeacher)
	if r := s.do("PUT", path+"/registration", nil, "Cookie", session(t, s, teacher.ID)); r.Status != 403 {
		t.Errorf("a teacher registers: %d", r.Status)
	}
	// Admins see only their own registration; the trainer sees the list.
	r = s.do("GET", path, nil, "Cookie", cookies[1])
	if r.Status != 200 || strings.Contains(string(r.Body), "asel@") || strings.Contains(string(r.Body), `"registrations"`) {
		t.Errorf("an admin's view of the seminar: %d %s", r.Status, r.Body)
	}
	r = s.operator("GET", path, nil)
	var full struct{ Seminar certification.Seminar }
	_ = json.Unmarshal(r.Body, &full)
	if len(full.Seminar.Registrations) != 3 || full.Seminar.Confirmed != 1 || full.Seminar.Waiting != 2 {
		t.Errorf("the trainer's view: %s", r.Body)
	}

	// Asel cancels: Berik moves up and is told; Camila is next in line.
	if r := s.do("DELETE", path+"/registration", nil, "Cookie", cookies[0]); r.Status != 204 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	m := waitMail(t, s, admins[1].Email, func(m devstack.Mail) bool { return strings.Contains(m.Subject, "освободилось место") })
	if !strings.Contains(m.Text, "https://meet.example.kz/seminar") || !strings.Contains(m.Text, starts.In(sitecore.Almaty).Format("02.01.2006 15:04")) {
		t.Errorf("promotion email: %s", m.Text)
	}
	r = s.do("GET", "/api/v1/certification/seminars", nil, "Cookie", cookies[2])
	if !strings.Contains(string(r.Body), `"position":1`) {
		t.Errorf("Camila after the cancellation: %s", r.Body)
	}
	if r := s.do("DELETE", path+"/registration", nil, "Cookie", cookies[0]); r.Status != 404 {
		t.Errorf("cancelling twice: %d", r.Status)
	}
	// Attendance before the start is refused.
	if r := s.operator("POST", path+"/attendance", map[string]any{"user_id": admins[1].ID, "attended": true}); r.Status != 409 {
		t.Errorf("attendance before the start: %d %s", r.Status, r.Body)
	}

	// A seminar that started an hour ago (a fixture), attended by a certified admin: the
	// certificate is renewed a year from its expiry, once.
	course, lessons := certCourse(t, s)
	cert := certify(t, s, cookies[1], admins[1].ID, course, lessons, 1)
	st := s.App.DB.Certification()
	past := &certification.Seminar{Kind: certification.KindTemplates, Title: map[sitecore.Lang]string{"kk": "x", "ru": "x", "en": "x"},
		StartsAt: time.Now().Add(-time.Hour), EndsAt: time.Now().Add(5 * time.Hour), Place: "Алматы", Capacity: 10}
	if err := st.CreateSeminar(ctx, past); err != nil {
		t.Fatal(err)
	}
	for _, u := range admins[1:] {
		if _, err := st.Register(ctx, past.ID, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	pastPath := fmt.Sprintf("/api/v1/certification/seminars/%d", past.ID)
	if r := s.do("POST", pastPath+"/attendance", map[string]any{"user_id": admins[1].ID, "attended": true}, "Cookie", cookies[2]); r.Status != 403 {
		t.Errorf("an admin marks attendance: %d", r.Status)
	}
	if r := s.operator("POST", pastPath+"/attendance", map[string]any{"user_id": admins[0].ID, "attended": true}); r.Status != 400 {
		t.Errorf("attendance of someone not registered: %d %s", r.Status, r.Body)
	}
	for range 2 { // the second mark changes nothing
		if r := s.operator("POST", pastPath+"/attendance", map[string]any{"user_id": admins[1].ID, "attended": true}); r.Status != 200 ||
			!strings.Contains(string(r.Body), `"attended":true`) {
			t.Fatalf("attendance: %d %s", r.Status, r.Body)
		}
	}
	after := myCertificate(t, s, cookies[1])
	if d := after.ExpiresAt.Sub(cert.ExpiresAt); d < 364*24*time.Hour || d > 366*24*time.Hour {
		t.Errorf("renewal by attendance moved the expiry by %s (from %s to %s)", d, cert.ExpiresAt, after.ExpiresAt)
	}
	// Camila attended but holds no certificate: recorded, nothing renewed.
	if r := s.operator("POST", pastPath+"/attendance", map[string]any{"user_id": admins[2].ID, "attended": true}); r.Status != 200 {
		t.Errorf("attendance of an uncertified admin: %d %s", r.Status, r.Body)
	}
	// Registration after the start is closed.
	if r := s.do("PUT", pastPath+"/registration", nil, "Cookie", cookies[0]); r.Status != 409 {
		t.Errorf("registering after the start: %d %s", r.Status, r.Body)
	}
	// The seminars' and certification workflows carry IDs and times only.
	seen := assertHistoriesPrivate(t, s, admins[1].Email, admins[1].FullName, "meet.example.kz", "Ежегодный семинар")
	if seen["Seminar"] == 0 || seen["Certification"] == 0 {
		t.Errorf("histories read: %v", seen)
	}
}
