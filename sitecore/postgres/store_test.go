package postgres_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/postgres"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// waitFor bounds how long a test waits for a notification; it is never asserted on.
const waitFor = 10 * time.Second

// newSite returns a validated site with the slug and domains.
func newSite(t *testing.T, slug string, domains ...string) *sitecore.Site {
	t.Helper()
	s, err := sitecore.NewSite{
		Slug:       slug,
		Names:      map[string]string{"kk": "Мектеп " + slug, "ru": "Школа " + slug},
		Domains:    domains,
		Languages:  []string{"kk", "ru"},
		OwnerEmail: "owner@" + slug + ".kz",
	}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// create stores a new site and returns it.
func create(t *testing.T, db *postgres.DB, slug string, domains ...string) *sitecore.Site {
	t.Helper()
	s := newSite(t, slug, domains...)
	if err := db.CreateSite(context.Background(), s); err != nil {
		t.Fatalf("CreateSite(%s): %v", slug, err)
	}
	return s
}

// wantErr checks that err carries the code, and the field and key when they are not empty.
func wantErr(t *testing.T, err error, code, field, key string) {
	t.Helper()
	if got := sitecore.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
	e := sitecore.AsError(err)
	if field != "" && e.Field != field {
		t.Errorf("Field = %q, want %q (%v)", e.Field, field, err)
	}
	if key != "" && e.Key != key {
		t.Errorf("Key = %q, want %q (%v)", e.Key, key, err)
	}
}

func count(t *testing.T, db *postgres.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestCreateAndFindSite(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := create(t, db, "school-1", "www.school1.kz", "school1.kz", "alt.school1.kz")
	if s.ID <= 0 {
		t.Fatalf("ID = %d after CreateSite", s.ID)
	}
	if s.CreatedAt.IsZero() || s.UpdatedAt.IsZero() {
		t.Errorf("times not filled: %v %v", s.CreatedAt, s.UpdatedAt)
	}

	check := func(t *testing.T, got *sitecore.Site) {
		t.Helper()
		if got.ID != s.ID || got.Slug != "school-1" || got.OwnerEmail != "owner@school-1.kz" {
			t.Errorf("site = %+v", got)
		}
		if want := []string{"www.school1.kz", "school1.kz", "alt.school1.kz"}; !slices.Equal(got.Domains, want) {
			t.Errorf("Domains = %q, want %q in request order", got.Domains, want)
		}
		if want := []sitecore.Lang{sitecore.Kazakh, sitecore.Russian}; !slices.Equal(got.Languages, want) {
			t.Errorf("Languages = %v, want %v", got.Languages, want)
		}
		if !maps.Equal(got.Names, s.Names) {
			t.Errorf("Names = %v, want %v", got.Names, s.Names)
		}
		if got.Status != sitecore.SiteProvisioning || got.Step != sitecore.StepReserved || got.Error != "" {
			t.Errorf("Status %q Step %q Error %q", got.Status, got.Step, got.Error)
		}
		if !got.CreatedAt.Equal(s.CreatedAt) || !got.UpdatedAt.Equal(s.UpdatedAt) {
			t.Errorf("times %v %v, want %v %v", got.CreatedAt, got.UpdatedAt, s.CreatedAt, s.UpdatedAt)
		}
	}
	byID, err := db.FindSiteByID(ctx, s.ID)
	if err != nil {
		t.Fatalf("FindSiteByID: %v", err)
	}
	check(t, byID)
	bySlug, err := db.FindSiteBySlug(ctx, "school-1")
	if err != nil {
		t.Fatalf("FindSiteBySlug: %v", err)
	}
	check(t, bySlug)

	s2 := create(t, db, "school-2", "school2.kz")
	if s2.ID == s.ID {
		t.Errorf("two sites share ID %d", s.ID)
	}

	_, err = db.FindSiteByID(ctx, s2.ID+1000)
	wantErr(t, err, sitecore.ENotFound, "", "not_found.site")
	_, err = db.FindSiteBySlug(ctx, "school-3")
	wantErr(t, err, sitecore.ENotFound, "", "not_found.site")
}

func TestCreateSiteDuplicateSlug(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	create(t, db, "school-1", "school1.kz")

	dup := newSite(t, "school-1", "other.kz")
	wantErr(t, db.CreateSite(ctx, dup), sitecore.EConflict, "slug", "slug.taken")
	if n := count(t, db, "SELECT count(*) FROM sites"); n != 1 {
		t.Errorf("%d sites after a duplicate slug, want 1", n)
	}
	if n := count(t, db, "SELECT count(*) FROM site_domains WHERE host = 'other.kz'"); n != 0 {
		t.Errorf("the failed request left its domain behind")
	}
}

func TestCreateSiteDomainTaken(t *testing.T) {
	tests := []struct {
		name    string
		domains []string
		field   string
	}{
		{"first domain", []string{"b.kz", "new1.kz", "new2.kz"}, "domains[0]"},
		{"third domain", []string{"new1.kz", "new2.kz", "b.kz"}, "domains[2]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := testenv.Postgres(t)
			first := create(t, db, "school-1", "a.kz", "b.kz")

			s := newSite(t, "school-2", tt.domains...)
			err := db.CreateSite(ctx, s)
			wantErr(t, err, sitecore.EConflict, tt.field, "domain.taken")
			if e := sitecore.AsError(err); e.Args["value"] != "b.kz" {
				t.Errorf("Args[value] = %q, want b.kz", e.Args["value"])
			}

			// The transaction left nothing of the failed request.
			if n := count(t, db, "SELECT count(*) FROM sites WHERE slug = 'school-2'"); n != 0 {
				t.Errorf("site row of the failed request left behind")
			}
			if n := count(t, db, "SELECT count(*) FROM site_domains WHERE host IN ('new1.kz', 'new2.kz')"); n != 0 {
				t.Errorf("%d domain rows of the failed request left behind", n)
			}
			_, err = db.FindSiteBySlug(ctx, "school-2")
			wantErr(t, err, sitecore.ENotFound, "", "")

			// The first site keeps its domains.
			got, err := db.FindSiteByID(ctx, first.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"a.kz", "b.kz"}; !slices.Equal(got.Domains, want) {
				t.Errorf("first site's domains = %q, want %q", got.Domains, want)
			}

			// The slug is free again: the request succeeds without the taken domain.
			ok := newSite(t, "school-2", "new1.kz", "new2.kz")
			if err := db.CreateSite(ctx, ok); err != nil {
				t.Errorf("CreateSite after the failed attempt: %v", err)
			}
		})
	}
}

func TestFindActiveSiteByHost(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	s := create(t, db, "school-1", "school1.kz", "www.school1.kz")

	for _, step := range []string{"", sitecore.StepContentSeeded, sitecore.StepOwnerInvited} {
		if step != "" {
			if err := db.SetSiteStep(ctx, s.ID, step); err != nil {
				t.Fatalf("SetSiteStep(%s): %v", step, err)
			}
		}
		_, err := db.FindActiveSiteByHost(ctx, "school1.kz")
		wantErr(t, err, sitecore.ENotFound, "", "not_found.site")
	}

	if err := db.SetSiteStep(ctx, s.ID, sitecore.StepActivated); err != nil {
		t.Fatalf("SetSiteStep(activated): %v", err)
	}
	for _, host := range []string{"school1.kz", "www.school1.kz"} {
		got, err := db.FindActiveSiteByHost(ctx, host)
		if err != nil {
			t.Fatalf("FindActiveSiteByHost(%s): %v", host, err)
		}
		if got.ID != s.ID || got.Status != sitecore.SiteActive || got.Step != sitecore.StepActivated {
			t.Errorf("FindActiveSiteByHost(%s) = ID %d Status %q Step %q", host, got.ID, got.Status, got.Step)
		}
		if !slices.Equal(got.Domains, s.Domains) {
			t.Errorf("Domains = %q", got.Domains)
		}
	}
	_, err := db.FindActiveSiteByHost(ctx, "other.kz")
	wantErr(t, err, sitecore.ENotFound, "", "")

	// Another site that is still provisioning is not found by its host.
	create(t, db, "school-2", "school2.kz")
	_, err = db.FindActiveSiteByHost(ctx, "school2.kz")
	wantErr(t, err, sitecore.ENotFound, "", "")
}

func TestSetSiteStepNeverGoesBackwards(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)

	step := func(id int64, st string) {
		t.Helper()
		if err := db.SetSiteStep(ctx, id, st); err != nil {
			t.Fatalf("SetSiteStep(%s): %v", st, err)
		}
	}
	want := func(id int64, status sitecore.SiteStatus, st string) {
		t.Helper()
		got, err := db.FindSiteByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != status || got.Step != st {
			t.Errorf("site %d: Status %q Step %q, want %q %q", id, got.Status, got.Step, status, st)
		}
	}

	a := create(t, db, "school-a", "a.kz")
	step(a.ID, sitecore.StepActivated)
	step(a.ID, sitecore.StepContentSeeded) // a retried earlier activity
	want(a.ID, sitecore.SiteActive, sitecore.StepActivated)
	step(a.ID, sitecore.StepOwnerInvited)
	want(a.ID, sitecore.SiteActive, sitecore.StepActivated)

	b := create(t, db, "school-b", "b.kz")
	step(b.ID, sitecore.StepOwnerInvited)
	step(b.ID, sitecore.StepContentSeeded)
	want(b.ID, sitecore.SiteProvisioning, sitecore.StepOwnerInvited)
	step(b.ID, sitecore.StepOwnerInvited) // the same step again is fine
	want(b.ID, sitecore.SiteProvisioning, sitecore.StepOwnerInvited)
}

func TestSetSiteStepMissingSite(t *testing.T) {
	db := testenv.Postgres(t)
	wantErr(t, db.SetSiteStep(context.Background(), 424242, sitecore.StepContentSeeded), sitecore.ENotFound, "", "not_found.site")
}

func TestFailSite(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	prov := create(t, db, "school-p", "p.kz")
	active := create(t, db, "school-a", "a.kz")
	if err := db.SetSiteStep(ctx, active.ID, sitecore.StepActivated); err != nil {
		t.Fatal(err)
	}

	if err := db.FailSite(ctx, prov.ID, "  SMTP refused the invitation\n"); err != nil {
		t.Fatalf("FailSite: %v", err)
	}
	if err := db.FailSite(ctx, active.ID, "late failure"); err != nil {
		t.Fatalf("FailSite(active): %v", err)
	}

	got, err := db.FindSiteByID(ctx, prov.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != sitecore.SiteFailed || got.Error != "SMTP refused the invitation" {
		t.Errorf("failed site: Status %q Error %q", got.Status, got.Error)
	}
	got, err = db.FindSiteByID(ctx, active.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != sitecore.SiteActive || got.Error != "" {
		t.Errorf("FailSite changed an active site: Status %q Error %q", got.Status, got.Error)
	}

	// A failed site stays failed and is never served, even if a step arrives later.
	if err := db.SetSiteStep(ctx, prov.ID, sitecore.StepActivated); err != nil {
		t.Fatalf("SetSiteStep on a failed site: %v", err)
	}
	got, err = db.FindSiteByID(ctx, prov.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != sitecore.SiteFailed || got.Error == "" {
		t.Errorf("failed site after SetSiteStep: Status %q Error %q", got.Status, got.Error)
	}
	_, err = db.FindActiveSiteByHost(ctx, "p.kz")
	wantErr(t, err, sitecore.ENotFound, "", "")
}

func hash(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

func TestIdempotency(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	const scope = "operator:1 POST /api/v1/sites"
	body := hash(`{"slug":"school-1"}`)

	begin := func(scope, key string, h []byte) (*sitecore.StoredResponse, error) {
		t.Helper()
		return db.BeginIdempotent(ctx, scope, key, h)
	}
	claim := func(scope, key string, h []byte) {
		t.Helper()
		resp, err := begin(scope, key, h)
		if err != nil || resp != nil {
			t.Fatalf("Begin(%s, %s) = %+v, %v; want a fresh claim (nil, nil)", scope, key, resp, err)
		}
	}
	inProgress := func(scope, key string, h []byte) {
		t.Helper()
		resp, err := begin(scope, key, h)
		if resp != nil {
			t.Errorf("Begin returned a response while in progress: %+v", resp)
		}
		wantErr(t, err, sitecore.EConflict, "Idempotency-Key", "idempotency.in_progress")
	}

	t.Run("claim, conflict, reuse, finish", func(t *testing.T) {
		claim(scope, "k1", body)
		inProgress(scope, "k1", body)

		resp, err := begin(scope, "k1", hash("another body"))
		if resp != nil {
			t.Errorf("response for a different request: %+v", resp)
		}
		wantErr(t, err, sitecore.EInvalid, "Idempotency-Key", "idempotency.key_reused")

		stored := &sitecore.StoredResponse{Status: 201, ContentType: "application/json", Body: []byte(`{"id":1,"name":"Мектеп"}`)}
		if err := db.FinishIdempotent(ctx, scope, "k1", stored); err != nil {
			t.Fatalf("FinishIdempotent: %v", err)
		}
		for range 2 {
			resp, err = begin(scope, "k1", body)
			if err != nil {
				t.Fatalf("Begin after finish: %v", err)
			}
			if resp == nil || resp.Status != 201 || resp.ContentType != "application/json" || !bytes.Equal(resp.Body, stored.Body) {
				t.Fatalf("Begin after finish = %+v, want %+v", resp, stored)
			}
		}
		_, err = begin(scope, "k1", hash("another body"))
		wantErr(t, err, sitecore.EInvalid, "Idempotency-Key", "idempotency.key_reused")

		// Abort releases only unfinished claims; a finished response stays.
		if err := db.AbortIdempotent(ctx, scope, "k1"); err != nil {
			t.Fatal(err)
		}
		resp, err = begin(scope, "k1", body)
		if err != nil || resp == nil || resp.Status != 201 {
			t.Errorf("Begin after aborting a finished key = %+v, %v; want the stored response", resp, err)
		}
	})

	t.Run("abort releases the claim", func(t *testing.T) {
		claim(scope, "k2", body)
		if err := db.AbortIdempotent(ctx, scope, "k2"); err != nil {
			t.Fatalf("AbortIdempotent: %v", err)
		}
		claim(scope, "k2", body)
		inProgress(scope, "k2", body)
		// After an abort the key may even carry a different request.
		if err := db.AbortIdempotent(ctx, scope, "k2"); err != nil {
			t.Fatal(err)
		}
		claim(scope, "k2", hash("changed body"))
	})

	t.Run("scopes are independent", func(t *testing.T) {
		const other = "operator:2 POST /api/v1/sites"
		claim(scope, "k3", body)
		claim(other, "k3", hash("other body"))
		if err := db.FinishIdempotent(ctx, scope, "k3", &sitecore.StoredResponse{Status: 200, ContentType: "text/plain", Body: []byte("a")}); err != nil {
			t.Fatal(err)
		}
		inProgress(other, "k3", hash("other body"))
		resp, err := begin(scope, "k3", body)
		if err != nil || resp == nil || string(resp.Body) != "a" {
			t.Errorf("Begin in the first scope = %+v, %v", resp, err)
		}
	})

	t.Run("stale claim is taken over", func(t *testing.T) {
		claim(scope, "k4", body)
		if _, err := db.Pool.Exec(ctx, `UPDATE idempotency_keys SET updated_at = now() - interval '10 minutes'
			WHERE scope = $1 AND key = $2`, scope, "k4"); err != nil {
			t.Fatal(err)
		}
		// A stale claim with a different request is still a reused key.
		_, err := begin(scope, "k4", hash("another body"))
		wantErr(t, err, sitecore.EInvalid, "Idempotency-Key", "idempotency.key_reused")

		claim(scope, "k4", body)
		// The takeover renews the claim, so the next attempt waits again.
		inProgress(scope, "k4", body)
	})
}

func TestMailLog(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	const key = "site-invitation/1"

	sent, err := db.MailSent(ctx, key)
	if err != nil || sent {
		t.Fatalf("MailSent before sending = %v, %v; want false", sent, err)
	}
	if err := db.MarkMailSent(ctx, key, "owner@school.kz"); err != nil {
		t.Fatalf("MarkMailSent: %v", err)
	}
	sent, err = db.MailSent(ctx, key)
	if err != nil || !sent {
		t.Fatalf("MailSent after marking = %v, %v; want true", sent, err)
	}
	if err := db.MarkMailSent(ctx, key, "owner@school.kz"); err != nil {
		t.Errorf("MarkMailSent twice: %v", err)
	}
	sent, err = db.MailSent(ctx, "site-invitation/2")
	if err != nil || sent {
		t.Errorf("MailSent of another key = %v, %v; want false", sent, err)
	}
}

func TestListenSiteChanges(t *testing.T) {
	db := testenv.Postgres(t)
	s := create(t, db, "school-1", "school1.kz")
	other := create(t, db, "school-2", "school2.kz")

	ctx, cancel := context.WithCancel(context.Background())
	ids := make(chan int64, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		db.ListenSiteChanges(ctx, testenv.Logger(t), func(id int64) {
			select {
			case ids <- id:
			case <-ctx.Done():
			}
		})
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(waitFor):
			t.Error("ListenSiteChanges did not return after its context was canceled")
		}
	}()

	// next returns the next non-zero ID, failing if none arrives in time.
	next := func(what string) int64 {
		t.Helper()
		timeout := time.After(waitFor)
		for {
			select {
			case id := <-ids:
				if id != 0 {
					return id
				}
			case <-timeout:
				t.Fatalf("no notification for %s", what)
			}
		}
	}

	select {
	case id := <-ids:
		if id != 0 {
			t.Fatalf("first call fn(%d), want fn(0) after connecting", id)
		}
	case <-time.After(waitFor):
		t.Fatal("no fn(0) after connecting")
	}

	if err := db.SetSiteStep(context.Background(), s.ID, sitecore.StepContentSeeded); err != nil {
		t.Fatal(err)
	}
	if got := next("SetSiteStep"); got != s.ID {
		t.Errorf("notified site %d, want %d", got, s.ID)
	}
	if err := db.SetSiteStep(context.Background(), other.ID, sitecore.StepActivated); err != nil {
		t.Fatal(err)
	}
	if got := next("activation"); got != other.ID {
		t.Errorf("notified site %d, want %d", got, other.ID)
	}
}

func TestErrorsAreDomainErrors(t *testing.T) {
	// Every store error is an *Error, so the HTTP layer maps it without guessing.
	db := testenv.Postgres(t)
	_, err := db.FindSiteBySlug(context.Background(), "nope")
	var e *sitecore.Error
	if !errors.As(err, &e) || e.Op != "FindSiteBySlug" {
		t.Errorf("error = %#v, want *sitecore.Error with Op FindSiteBySlug", err)
	}
}
