package app_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

// TestAdmissionIdempotencyKeyWithTheApplication: the group commit claims an application's
// Idempotency-Key and stores its response in the same transaction as the application. A
// retry replays the stored answer; the key reused for another child stores nothing; a
// refusal is stored and replayed like before; concurrent requests with one key store one
// application; the key's row holds exactly the 201 that was sent.
func TestAdmissionIdempotencyKeyWithTheApplication(t *testing.T) {
	ctx := context.Background()
	s := startStack(t, stackOptions{env: map[string]string{"MEKTEP_RATE_LIMITS": "off"}})
	site := provisionTenantNoWorker(t, s, "school-idem")
	c := openCampaign(t, s, site, 100)
	_, cookie := verifiedParent(t, s, "idem-parent@example.kz", sitecore.Kazakh)
	body := func(n int, iin string) string {
		return fmt.Sprintf(`{"site_id":%d,"campaign_id":%d,"child_name":"%s","child_iin":"%s","birth_date":"%s","grade":1,"address":"Астана","instruction_lang":"kk","phone":"+77011234567","consent":true}`,
			site, c.ID, childName(n), iin, childBirth(iin))
	}
	submit := func(b, key string) response {
		return s.do("POST", "/api/v1/admissions/applications", b, "Cookie", cookie, "Idempotency-Key", key)
	}
	count := func(iin string) int {
		var n int
		if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM applications WHERE campaign_id = $1 AND child_iin = $2`, c.ID, iin).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	first := submit(body(1, childIIN(1)), "k-1")
	if first.Status != 201 || first.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: %d %s", first.Status, first.Body)
	}
	var status int
	var stored []byte
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT status, body FROM idempotency_keys WHERE key = 'k-1'`).Scan(&status, &stored); err != nil {
		t.Fatal(err)
	}
	if status != 201 || string(stored) != string(first.Body) {
		t.Errorf("stored under the key: %d %s, sent %s", status, stored, first.Body)
	}
	again := submit(body(1, childIIN(1)), "k-1")
	if again.Status != 201 || string(again.Body) != string(first.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("retry: %d replayed=%q %s", again.Status, again.Header.Get("Idempotent-Replayed"), again.Body)
	}
	reused := submit(body(2, childIIN(2)), "k-1")
	if _, f, _ := reused.Error(t); reused.Status != 400 || f != "Idempotency-Key" {
		t.Errorf("key reused for another child: %d %s", reused.Status, reused.Body)
	}
	if n := count(childIIN(2)); n != 0 {
		t.Errorf("key reused: %d applications stored for the other child", n)
	}
	if n := count(childIIN(1)); n != 1 {
		t.Errorf("%d applications for the first child", n)
	}

	// A refusal (the birth date disagrees with the IIN) is answered and stored under its key.
	bad := fmt.Sprintf(`{"site_id":%d,"campaign_id":%d,"child_name":"%s","child_iin":"%s","birth_date":"2001-01-01","grade":1,"address":"Астана","instruction_lang":"kk","phone":"+77011234567","consent":true}`,
		site, c.ID, childName(3), childIIN(3))
	r1, r2 := submit(bad, "k-3"), submit(bad, "k-3")
	if _, f, _ := r1.Error(t); r1.Status != 400 || f != "birth_date" || r2.Status != 400 || string(r2.Body) != string(r1.Body) || r2.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("refusal and its retry: %d %d replayed=%q", r1.Status, r2.Status, r2.Header.Get("Idempotent-Replayed"))
	}

	// The same child again under a new key: the precise answer of the one-request path.
	dup := submit(body(1, childIIN(1)), "k-4")
	if _, f, _ := dup.Error(t); dup.Status != 409 || f != "child_iin" {
		t.Errorf("the same child under another key: %d %s", dup.Status, dup.Body)
	}

	// Eight requests with one key at once: one application; every answer is its 201 (sent
	// or replayed) or "in progress".
	var wg sync.WaitGroup
	answers := make([]response, 8)
	for i := range answers {
		wg.Go(func() { answers[i] = submit(body(5, childIIN(5)), "k-5") })
	}
	wg.Wait()
	var created string
	for _, a := range answers {
		switch {
		case a.Status == 201 && created == "":
			created = string(a.Body)
		case a.Status == 201 && string(a.Body) != created:
			t.Errorf("two different 201s under one key: %s / %s", created, a.Body)
		case a.Status == 201:
		case a.Status == 409:
			if _, f, _ := a.Error(t); f != "Idempotency-Key" {
				t.Errorf("concurrent same key: 409 on %q: %s", f, a.Body)
			}
		default:
			t.Errorf("concurrent same key: %d %s", a.Status, a.Body)
		}
	}
	if n := count(childIIN(5)); n != 1 || created == "" {
		t.Errorf("concurrent same key: %d applications stored, 201 sent: %v", n, created != "")
	}
}
