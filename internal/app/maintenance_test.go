package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/workflows"
)

// maintenanceBody is a request to schedule maintenance of the listed sites.
func maintenanceBody(start time.Time, sites []int64, extra map[string]any) map[string]any {
	b := map[string]any{"starts_at": start.UTC().Format(time.RFC3339), "duration_minutes": 90, "scope": "sites",
		"site_ids": sites, "message": map[string]string{
			"kk": "Серверлер жаңартылады.", "ru": "Обновляются серверы.", "en": "The servers are being upgraded."}}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

// mailSubjects returns the subjects of the mail to an address, oldest first.
func mailSubjects(t *testing.T, s *stack, to string) []string { return subjects(mailTo(t, s, to)) }

// An operator schedules maintenance of one school: a start less than a day ahead is refused
// (naming the field, in the asker's language) unless it is an emergency with a reason, which
// is audited; the admins of the affected school — and no one else — are emailed in their
// own language; the school's public pages and panel show the banner, the other school's do
// not; a postponement emails them again; a cancellation removes the banner and tells them.
// With MEKTEP_RECORD_HISTORY=1 it records testdata/histories/maintenance.json.
func TestMaintenanceNotices(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-mnt-a")
	b := provisionTenant(t, s, "school-mnt-b")
	now := time.Now()

	// Refused: too soon, in Russian, naming starts_at; a school owner may not at all.
	r := s.operator("POST", "/api/v1/maintenance", maintenanceBody(now.Add(3*time.Hour), []int64{a.site}, nil), "Accept-Language", "ru")
	if code, field, msg := r.Error(t); r.Status != 400 || code != "invalid" || field != "starts_at" || !strings.Contains(msg, "24 часа") {
		t.Fatalf("start 3 h ahead: %d %s %s %q", r.Status, code, field, msg)
	}
	r = s.operator("POST", "/api/v1/maintenance", maintenanceBody(now.Add(3*time.Hour), []int64{a.site}, map[string]any{"emergency": true}), "Accept-Language", "en")
	if _, field, _ := r.Error(t); r.Status != 400 || field != "reason" {
		t.Fatalf("emergency without a reason: %d %s", r.Status, r.Body)
	}
	r = s.operator("POST", "/api/v1/maintenance", maintenanceBody(now.Add(30*time.Hour), []int64{a.site, 987654321}, nil))
	if _, field, _ := r.Error(t); r.Status != 400 || field != "site_ids" {
		t.Fatalf("unknown site: %d %s", r.Status, r.Body)
	}
	owner := session(t, s, a.users["owner"].ID)
	if r := s.do("POST", "/api/v1/maintenance", maintenanceBody(now.Add(30*time.Hour), []int64{a.site}, nil), "Cookie", owner); r.Status != 403 {
		t.Fatalf("a school owner schedules maintenance: %d %s", r.Status, r.Body)
	}

	r = s.operator("POST", "/api/v1/maintenance", maintenanceBody(now.Add(25*time.Hour), []int64{a.site}, nil))
	if r.Status != 201 {
		t.Fatalf("schedule: %d %s", r.Status, r.Body)
	}
	var got struct {
		Maintenance struct {
			ID      int64  `json:"id"`
			Status  string `json:"status"`
			Version int    `json:"version"`
			Sites   int    `json:"sites"`
		} `json:"maintenance"`
	}
	if err := json.Unmarshal(r.Body, &got); err != nil || got.Maintenance.Sites != 1 || got.Maintenance.Status != "scheduled" {
		t.Fatalf("scheduled: %s", r.Body)
	}
	id := got.Maintenance.ID

	// Both admins of A (owner in Kazakh, admin in Russian) get the notice; B's get nothing.
	ownerA, adminA := a.users["owner"].Email, a.users["admin"].Email
	testenv.Eventually(t, 30*time.Second, "notices to A's admins", func() bool {
		return len(mailSubjects(t, s, ownerA)) >= 2 && len(mailSubjects(t, s, adminA)) >= 1 // owner: invitation + notice
	})
	if sub := mailSubjects(t, s, adminA); len(sub) != 1 || !strings.HasPrefix(sub[0], "Технические работы на платформе Mektep") {
		t.Errorf("admin of A (ru) got %q", sub)
	}
	if sub := mailSubjects(t, s, ownerA); !strings.Contains(strings.Join(sub, "|"), "Mektep платформасында техникалық жұмыстар") {
		t.Errorf("owner of A (kk) got %q", sub)
	}
	if m := mailTo(t, s, adminA); len(m) == 1 && !strings.Contains(m[0].Text, "Обновляются серверы.") {
		t.Errorf("notice lacks the operator's message: %s", m[0].Text)
	}

	// The banner: on A's public pages and panel, not on B's.
	if r := s.do("GET", "/en/", nil, "Host", a.host); r.Status != 200 || !strings.Contains(string(r.Body), "The servers are being upgraded.") ||
		!strings.Contains(string(r.Body), `id="maintenance-banner"`) {
		t.Errorf("A's home page: %d, no banner", r.Status)
	}
	if r := s.do("GET", "/ru/", nil, "Host", a.host); !strings.Contains(string(r.Body), "Технические работы:") {
		t.Errorf("A's Russian home page has no Russian banner")
	}
	if r := s.do("GET", "/en/", nil, "Host", b.host); r.Status != 200 || strings.Contains(string(r.Body), `id="maintenance-banner"`) {
		t.Errorf("B's home page: %d, banner shown", r.Status)
	}
	if r := s.do("GET", "/en/panel", nil, "Host", a.host, "Cookie", owner); r.Status != 200 || !strings.Contains(string(r.Body), "The servers are being upgraded.") {
		t.Errorf("A's panel: %d, no banner", r.Status)
	}
	ownerB := session(t, s, b.users["owner"].ID)
	if r := s.do("GET", "/en/panel", nil, "Host", b.host, "Cookie", ownerB); r.Status != 200 || strings.Contains(string(r.Body), `id="maintenance-banner"`) {
		t.Errorf("B's panel: %d, banner shown", r.Status)
	}

	// Postpone: too soon is refused; 30 h ahead is stored as version 2 and re-announced.
	r = s.operator("POST", fmt.Sprintf("/api/v1/maintenance/%d/postpone", id), map[string]any{
		"starts_at": now.Add(2 * time.Hour).UTC().Format(time.RFC3339)}, "Accept-Language", "kk")
	if _, field, _ := r.Error(t); r.Status != 400 || field != "starts_at" {
		t.Errorf("postpone to 2 h ahead: %d %s", r.Status, r.Body)
	}
	r = s.operator("POST", fmt.Sprintf("/api/v1/maintenance/%d/postpone", id), map[string]any{
		"starts_at": now.Add(30 * time.Hour).UTC().Format(time.RFC3339)})
	if err := json.Unmarshal(r.Body, &got); r.Status != 200 || err != nil || got.Maintenance.Version != 2 {
		t.Fatalf("postpone: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, 30*time.Second, "postponement emailed", func() bool { return len(mailSubjects(t, s, adminA)) >= 2 })
	if sub := mailSubjects(t, s, adminA); len(sub) != 2 || !strings.HasPrefix(sub[1], "Технические работы перенесены") {
		t.Errorf("admin of A after the postponement got %q", sub)
	}

	// Cancel: the banner goes at once, the admins are told, a second cancel is a conflict.
	r = s.operator("POST", fmt.Sprintf("/api/v1/maintenance/%d/cancel", id), nil)
	if err := json.Unmarshal(r.Body, &got); r.Status != 200 || err != nil || got.Maintenance.Status != "cancelled" {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", "/en/", nil, "Host", a.host); strings.Contains(string(r.Body), `id="maintenance-banner"`) {
		t.Error("A's home page keeps the banner after the cancellation")
	}
	testenv.Eventually(t, 30*time.Second, "cancellation emailed", func() bool { return len(mailSubjects(t, s, adminA)) >= 3 })
	if sub := mailSubjects(t, s, adminA); len(sub) != 3 || sub[2] != "Технические работы отменены" {
		t.Errorf("admin of A after the cancellation got %q", sub)
	}
	if r := s.operator("POST", fmt.Sprintf("/api/v1/maintenance/%d/cancel", id), nil); r.Status != 409 {
		t.Errorf("second cancel: %d %s", r.Status, r.Body)
	}
	// The history (notice, postponement, cancellation) replays with the current code; with
	// MEKTEP_RECORD_HISTORY=1 it is stored as testdata/histories/maintenance.json.
	recordHistory(t, s, workflows.MaintenanceWorkflowID(id), "maintenance.json", func(r worker.WorkflowReplayer) {
		r.RegisterWorkflow(workflows.Maintenance)
	})

	// An emergency 10 minutes ahead is allowed and audited with its reason.
	r = s.operator("POST", "/api/v1/maintenance", maintenanceBody(now.Add(10*time.Minute), []int64{b.site},
		map[string]any{"emergency": true, "reason": "Disk failure on db-2"}))
	if r.Status != 201 {
		t.Fatalf("emergency: %d %s", r.Status, r.Body)
	}
	var reason string
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT details->>'reason' FROM audit_log WHERE action = 'maintenance.emergency'`).Scan(&reason); err != nil || reason != "Disk failure on db-2" {
		t.Errorf("emergency audit entry: %q %v", reason, err)
	}
	adminB := b.users["admin"].Email
	testenv.Eventually(t, 30*time.Second, "emergency notice to B's admin", func() bool { return len(mailSubjects(t, s, adminB)) >= 1 })
	time.Sleep(500 * time.Millisecond)
	// Nobody outside the affected schools heard of either notice; each email went once.
	if n := len(mailSubjects(t, s, adminA)); n != 3 {
		t.Errorf("admin of A got %d emails, want 3", n)
	}
	for _, to := range []string{a.users["teacher"].Email, a.users["parent"].Email, b.users["teacher"].Email} {
		if sub := mailSubjects(t, s, to); len(sub) != 0 {
			t.Errorf("%s (not an admin) got %q", to, sub)
		}
	}
	if sub := mailSubjects(t, s, adminB); len(sub) != 1 {
		t.Errorf("admin of B got %q, want the emergency notice only", sub)
	}
}
