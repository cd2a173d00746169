package app_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/workflows"
)

// The whole slice through HTTP: an operator creates a school, the workflow seeds it, invites
// the owner and activates it, and the site answers on its domain in three languages.
func TestProvisionSiteEndToEnd(t *testing.T) {
	s := startStack(t, stackOptions{})

	// Before provisioning, the domain is unknown.
	if r := s.do("GET", "/", nil, "Host", "school12.edu.kz"); r.Status != 404 {
		t.Fatalf("unknown host: status %d, want 404", r.Status)
	}

	r := s.operator("POST", "/api/v1/sites", school("school12"))
	if r.Status != 202 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := siteID(t, r)
	if loc := r.Header.Get("Location"); loc != "/api/v1/sites/"+itoa(id) {
		t.Errorf("Location = %q", loc)
	}
	if got := r.JSON(t)["status_url"]; got != "/api/v1/sites/"+itoa(id) {
		t.Errorf("status_url = %v", got)
	}

	st := s.waitSite(id, "active", 2*time.Minute)
	site := st["site"].(map[string]any)
	if site["step"] != "activated" {
		t.Errorf("after activation: step %v", site["step"])
	}
	testenv.Eventually(t, 10*time.Second, "workflow closed", func() bool {
		return s.operator("GET", "/api/v1/sites/"+itoa(id), nil).JSON(t)["running"] == false
	})
	if st["workflow_id"] != workflows.ProvisionSiteWorkflowID(id) {
		t.Errorf("workflow_id = %v", st["workflow_id"])
	}

	// The home page in the first language at "/", and each language under its prefix.
	home := s.do("GET", "/", nil, "Host", "school12.edu.kz")
	if home.Status != 200 {
		t.Fatalf("GET /: %d %s", home.Status, home.Body)
	}
	body := string(home.Body)
	for _, want := range []string{`<html lang="kk">`, "№12 мектеп-гимназия", "Басты бет",
		`hreflang="ru" href="http://school12.edu.kz/ru/"`, `hreflang="en" href="http://school12.edu.kz/en/"`,
		`hreflang="x-default" href="http://school12.edu.kz/"`, `href="/kk/about"`} {
		if !strings.Contains(body, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
	for lang, title := range map[string]string{"ru": "Главная", "en": "Home", "kk": "Басты бет"} {
		r := s.do("GET", "/"+lang+"/", nil, "Host", "school12.edu.kz")
		if r.Status != 200 || !strings.Contains(string(r.Body), `<html lang="`+lang+`">`) ||
			!strings.Contains(string(r.Body), "<h1>"+title+"</h1>") {
			t.Errorf("/%s/: status %d, lang or title missing", lang, r.Status)
		}
		if r.Header.Get("Content-Language") != lang {
			t.Errorf("/%s/: Content-Language %q", lang, r.Header.Get("Content-Language"))
		}
	}
	if r := s.do("GET", "/ru/contacts", nil, "Host", "SCHOOL12.edu.kz:443"); r.Status != 200 || !strings.Contains(string(r.Body), "Контакты") {
		t.Errorf("/ru/contacts with upper-case host and port: %d", r.Status)
	}
	if r := s.do("GET", "/ru", nil, "Host", "school12.edu.kz"); r.Status != 301 || r.Header.Get("Location") != "/ru/" {
		t.Errorf("/ru: %d Location %q, want 301 to /ru/", r.Status, r.Header.Get("Location"))
	}
	for _, p := range []string{"/de/", "/ru/no-such-page", "/xx"} {
		if r := s.do("GET", p, nil, "Host", "school12.edu.kz"); r.Status != 404 {
			t.Errorf("%s: %d, want 404", p, r.Status)
		}
	}

	// Every site also answers on its platform subdomain; unknown slugs do not.
	if r := s.do("GET", "/en/", nil, "Host", "school12.localhost"); r.Status != 200 || !strings.Contains(string(r.Body), "School-Gymnasium No. 12") {
		t.Errorf("platform subdomain: %d", r.Status)
	}
	if r := s.do("GET", "/", nil, "Host", "school13.localhost"); r.Status != 404 {
		t.Errorf("unknown platform subdomain: %d", r.Status)
	}

	// Conditional requests: the ETag gives a 304.
	etag := home.Header.Get("ETag")
	if etag == "" || home.Header.Get("Last-Modified") == "" {
		t.Fatal("home page without ETag or Last-Modified")
	}
	if r := s.do("GET", "/", nil, "Host", "school12.edu.kz", "If-None-Match", etag); r.Status != 304 || len(r.Body) != 0 {
		t.Errorf("If-None-Match: %d with %d bytes, want 304 and no body", r.Status, len(r.Body))
	}

	// An unknown host gets the 404 page in all three languages.
	nf := s.do("GET", "/", nil, "Host", "school99.edu.kz")
	if nf.Status != 404 || !strings.Contains(string(nf.Body), "Бет табылмады") || !strings.Contains(string(nf.Body), "Страница не найдена") ||
		!strings.Contains(string(nf.Body), "Page not found") {
		t.Errorf("unknown host: %d %s", nf.Status, nf.Body)
	}

	// Exactly one invitation, to the owner, in the site's languages.
	mail, err := devstack.ReadMail(s.Sink.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(mail) != 1 {
		t.Fatalf("%d emails, want 1", len(mail))
	}
	m := mail[0]
	if len(m.To) != 1 || m.To[0] != "director@school12.edu.kz" {
		t.Errorf("invitation to %v", m.To)
	}
	if !strings.Contains(m.Subject, "№12 мектеп-гимназия") || !strings.Contains(m.Text, "Здравствуйте") ||
		!strings.Contains(m.Text, "http://school12.edu.kz") || !strings.Contains(m.HTML, `lang="kk"`) {
		t.Errorf("invitation: subject %q text %q", m.Subject, m.Text)
	}

	// The starter content exists once per page, all of this site.
	n, err := s.App.Content.Database().Collection("pages").CountDocuments(context.Background(), bson.D{{Key: "site_id", Value: id}})
	if err != nil || n != 4 {
		t.Errorf("pages = %d (%v), want 4", n, err)
	}
}

// A failing dependency is retried and the site stays invisible until every step succeeded.
func TestProvisionWaitsForSMTP(t *testing.T) {
	port, err := devstack.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	s := startStack(t, stackOptions{env: map[string]string{"SMTP_URL": "smtp://" + addr}})

	r := s.operator("POST", "/api/v1/sites", school("school7"))
	if r.Status != 202 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	id := siteID(t, r)
	testenv.Eventually(t, 30*time.Second, "invitation retried", func() bool {
		st := s.operator("GET", "/api/v1/sites/"+itoa(id), nil).JSON(t)
		return st["pending_step"] == "InviteOwner" && st["attempt"].(float64) >= 2
	})
	st := s.operator("GET", "/api/v1/sites/"+itoa(id), nil).JSON(t)
	if site := st["site"].(map[string]any); site["status"] != "provisioning" || site["step"] != "content_seeded" {
		t.Errorf("while SMTP is down: status %v step %v", site["status"], site["step"])
	}
	if r := s.do("GET", "/", nil, "Host", "school7.edu.kz"); r.Status != 404 {
		t.Errorf("half-provisioned site served: %d", r.Status)
	}

	dir := t.TempDir()
	sink, err := devstack.StartSMTPSink(addr, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sink.Close() })
	s.waitSite(id, "active", 90*time.Second)
	mail, err := devstack.ReadMail(dir)
	if err != nil || len(mail) != 1 {
		t.Fatalf("%d emails (%v), want 1", len(mail), err)
	}
	testenv.Eventually(t, 5*time.Second, "site served", func() bool {
		return s.do("GET", "/en/", nil, "Host", "school7.edu.kz").Status == 200
	})
}

// Bad input gets a 4xx naming the field, in the caller's language, and writes nothing.
func TestCreateSiteRejectsBadInput(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true})
	with := func(k string, v any) map[string]any {
		b := school("school5")
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
		return b
	}
	cases := []struct {
		name, lang string
		body       any
		status     int
		field      string
		message    string // a fragment of the localized message
	}{
		{"no slug", "ru", with("slug", nil), 400, "slug", "обязательно"},
		{"bad slug", "en", with("slug", "School 5!"), 400, "slug", "lowercase"},
		{"short slug", "kk", with("slug", "ab"), 400, "slug", "Қысқа атау"},
		{"reserved slug", "en", with("slug", "admin"), 400, "slug", "reserved"},
		{"no domains", "ru", with("domains", []string{}), 400, "domains", "обязательно"},
		{"bad domain", "ru", with("domains", []string{"school5.edu.kz", "bad_domain!.kz"}), 400, "domains[1]", "некорректное"},
		{"duplicate domain", "en", with("domains", []string{"a.edu.kz", "A.edu.kz"}), 400, "domains[1]", "twice"},
		{"unknown language", "en", with("languages", []string{"kk", "xx"}), 400, "languages", "not supported"},
		{"duplicate language", "en", with("languages", []string{"kk", "ru", "kk"}), 400, "languages", "twice"},
		{"name missing in a language", "ru", with("names", map[string]string{"kk": "Мектеп", "ru": "Школа"}), 400, "names.en", "«en»"},
		{"name in a language the site lacks", "en", with("names", map[string]string{"kk": "a", "ru": "b", "en": "c", "de": "d"}), 400, "names.de", "not one of the site's languages"},
		{"bad email", "kk", with("owner_email", "director at school"), 400, "owner_email", "электрондық пошта"},
		{"unknown field", "en", with("colour", "red"), 400, "colour", "Unknown field"},
		{"wrong type", "en", with("domains", "school5.edu.kz"), 400, "domains", "wrong type"},
		{"not JSON", "ru", "{slug:", 400, "body", "JSON"},
		{"empty body", "en", "", 400, "body", "empty body"},
		{"too large", "en", `{"slug":"` + strings.Repeat("a", 2<<20) + `"}`, 413, "", "too large"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.operator("POST", "/api/v1/sites", c.body, "Accept-Language", c.lang)
			code, field, msg := r.Error(t)
			if r.Status != c.status || field != c.field || !strings.Contains(msg, c.message) {
				t.Errorf("got %d %s field=%q message=%q; want %d field=%q message containing %q",
					r.Status, code, field, msg, c.status, c.field, c.message)
			}
		})
	}
	var n int
	if err := s.App.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM sites").Scan(&n); err != nil || n != 0 {
		t.Errorf("sites stored after bad input: %d (%v)", n, err)
	}
}

// Repeats are safe: the same slug and body give the same site; a different body is a
// conflict naming the field; Idempotency-Key replays the first answer.
func TestCreateSiteIdempotency(t *testing.T) {
	s := startStack(t, stackOptions{})
	first := s.operator("POST", "/api/v1/sites", school("school3"))
	if first.Status != 202 {
		t.Fatalf("create: %d %s", first.Status, first.Body)
	}
	id := siteID(t, first)
	again := s.operator("POST", "/api/v1/sites", school("school3"))
	if again.Status != 200 || siteID(t, again) != id {
		t.Errorf("repeat: %d id %d, want 200 with id %d", again.Status, siteID(t, again), id)
	}

	changed := school("school3")
	changed["owner_email"] = "someone@else.kz"
	r := s.operator("POST", "/api/v1/sites", changed, "Accept-Language", "ru")
	if code, field, msg := r.Error(t); r.Status != 409 || code != "conflict" || field != "slug" || !strings.Contains(msg, "занято") {
		t.Errorf("slug conflict: %d %s %s %s", r.Status, code, field, msg)
	}

	// Another school asking for a bound domain: 409 on that domain, and its slug stays free.
	other := school("school4", "school4.edu.kz", "school3.edu.kz")
	r = s.operator("POST", "/api/v1/sites", other, "Accept-Language", "en")
	if code, field, _ := r.Error(t); r.Status != 409 || field != "domains[1]" || code != "conflict" {
		t.Errorf("domain conflict: %d %s %s", r.Status, code, field)
	}
	if r := s.operator("POST", "/api/v1/sites", school("school4")); r.Status != 202 {
		t.Errorf("slug of a rejected request was kept: %d %s", r.Status, r.Body)
	}

	// Idempotency-Key.
	k1 := s.operator("POST", "/api/v1/sites", school("school8"), "Idempotency-Key", "req-8")
	k2 := s.operator("POST", "/api/v1/sites", school("school8"), "Idempotency-Key", "req-8")
	if k1.Status != 202 || k2.Status != 202 || string(k1.Body) != string(k2.Body) || k2.Header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("replay: %d/%d replayed=%q bodies equal=%v", k1.Status, k2.Status, k2.Header.Get("Idempotent-Replayed"), string(k1.Body) == string(k2.Body))
	}
	k3 := s.operator("POST", "/api/v1/sites", school("school9"), "Idempotency-Key", "req-8")
	if _, field, _ := k3.Error(t); k3.Status != 400 || field != "Idempotency-Key" {
		t.Errorf("reused key: %d field %q", k3.Status, field)
	}
	var n int
	if err := s.App.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM sites WHERE slug = 'school9'").Scan(&n); err != nil || n != 0 {
		t.Errorf("request with a reused key was executed: %d", n)
	}
	s.waitSite(siteID(t, k1), "active", 30*time.Second)
	s.waitSite(id, "active", 2*time.Minute)

	// One workflow run per site, however often it was asked for. An active site has sent
	// its invitation to the queue, not necessarily through SMTP yet: wait for three, then
	// make sure no fourth follows.
	testenv.Eventually(t, 30*time.Second, "three invitations", func() bool {
		mail, _ := devstack.ReadMail(s.Sink.Dir)
		return len(mail) >= 3
	})
	time.Sleep(2 * time.Second)
	mail, _ := devstack.ReadMail(s.Sink.Dir)
	if len(mail) != 3 { // school3, school4, school8
		t.Errorf("%d invitations, want 3", len(mail))
	}
}

func TestOperatorAPIRequiresToken(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true})
	for _, auth := range []string{"", "Bearer wrong-token", "Basic " + s.Token, "Bearer " + s.Token + "x"} {
		r := s.do("POST", "/api/v1/sites", school("school1"), "Authorization", auth, "Accept-Language", "en")
		if code, _, _ := r.Error(t); r.Status != 401 || code != "unauthorized" || r.Header.Get("WWW-Authenticate") == "" {
			t.Errorf("auth %q: %d %s", auth, r.Status, code)
		}
		if r := s.do("GET", "/api/v1/sites/1", nil, "Authorization", auth); r.Status != 401 {
			t.Errorf("GET with auth %q: %d", auth, r.Status)
		}
	}
	if r := s.operator("GET", "/api/v1/sites/999999", nil); r.Status != 404 {
		t.Errorf("missing site: %d", r.Status)
	}
	if r := s.operator("GET", "/api/v1/sites/abc", nil); r.Status != 404 {
		t.Errorf("bad id: %d", r.Status)
	}
}

func TestHealthReadinessAndMetrics(t *testing.T) {
	s := startStack(t, stackOptions{})
	if r := s.do("GET", "/healthz", nil); r.Status != 200 {
		t.Errorf("healthz: %d", r.Status)
	}
	r := s.do("GET", "/readyz", nil)
	if r.Status != 200 || r.JSON(t)["status"] != "ready" {
		t.Errorf("readyz: %d %s", r.Status, r.Body)
	}
	if r := s.operator("POST", "/api/v1/sites", school("school2")); r.Status != 202 {
		t.Fatalf("create: %d", r.Status)
	} else {
		s.waitSite(siteID(t, r), "active", 30*time.Second)
	}
	testenv.Eventually(t, 10*time.Second, "workflow completion counted", func() bool {
		return strings.Contains(s.metrics(), `mektep_workflow_completions_total{workflow="ProvisionSite"} 1`)
	})
	m := s.metrics()
	for _, re := range []string{
		`mektep_http_requests_total\{method="GET",route="/healthz",status="200"\} 1\n`,
		`mektep_http_requests_total\{method="POST",route="/api/v1/sites",status="202"\} 1`,
		`mektep_http_request_duration_seconds_bucket\{method="GET",route="/readyz",le="[^"]+"\} 1`,
		`mektep_workflow_starts_total\{workflow="ProvisionSite"\} 1`,
		`mektep_workflow_completions_total\{workflow="ProvisionSite"\} 1`,
	} {
		if !regexp.MustCompile(re).MatchString(m) {
			t.Errorf("metrics lack %s", re)
		}
	}
	// Raw paths never become labels.
	s.do("GET", "/api/v1/nothing-here-"+itoa(time.Now().UnixNano()), nil)
	if strings.Contains(s.metrics(), "nothing-here") {
		t.Error("a raw path leaked into metric labels")
	}
}

func TestReadinessNamesTheMissingDependency(t *testing.T) {
	port, _ := devstack.FreePort()
	s := startStack(t, stackOptions{noWorker: true, env: map[string]string{"TEMPORAL_ADDRESS": fmt.Sprintf("127.0.0.1:%d", port)}})
	r := s.do("GET", "/readyz", nil, "Accept-Language", "ru")
	body := r.JSON(t)
	checks, _ := body["checks"].(map[string]any)
	code, _, msg := r.Error(t)
	if r.Status != 503 || code != "unavailable" || !strings.Contains(msg, "temporal") || !strings.Contains(msg, "недоступен") ||
		checks["temporal"] != "unavailable" || checks["postgresql"] != "ok" || checks["mongodb"] != "ok" {
		t.Errorf("readyz with Temporal down: %d %s", r.Status, r.Body)
	}
	// With Temporal down a site request is refused with 503 and can be retried safely.
	r = s.operator("POST", "/api/v1/sites", school("school6"))
	if r.Status != 503 || r.Header.Get("Retry-After") == "" {
		t.Errorf("create with Temporal down: %d %s", r.Status, r.Body)
	}
}

func TestAPIErrorsAreLocalized(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true})
	for lang, want := range map[string]string{"kk": "Мұндай адрес жоқ", "ru": "Такого адреса нет", "en": "No such address", "": "Мұндай адрес жоқ", "ru-RU,ru;q=0.9": "Такого адреса нет", "de": "Мұндай адрес жоқ"} {
		r := s.do("GET", "/api/v1/unknown", nil, "Accept-Language", lang)
		if code, _, msg := r.Error(t); r.Status != 404 || code != "not_found" || msg != want+"." {
			t.Errorf("Accept-Language %q: %d %q", lang, r.Status, msg)
		}
	}
	if r := s.do("DELETE", "/api/v1/sites", nil, "Accept-Language", "en"); r.Status != 405 {
		t.Errorf("DELETE /api/v1/sites: %d", r.Status)
	}
	if r := s.do("GET", "/api/openapi.yaml", nil); r.Status != 200 || !strings.HasPrefix(string(r.Body), "openapi: 3") {
		t.Errorf("openapi.yaml: %d", r.Status)
	}
}

// TestProvisionHistoryReplays replays the history of a real run with the current code. With
// MEKTEP_RECORD_HISTORY=1 it also writes the golden history that the workflows package's
// replay test checks future changes against (do that only after an intended change):
//
//	MEKTEP_RECORD_HISTORY=1 go test ./internal/app -run 'TestProvisionHistoryReplays|TestAdmissionEndToEnd'
func TestProvisionHistoryReplays(t *testing.T) {
	s := startStack(t, stackOptions{})
	id := siteID(t, s.operator("POST", "/api/v1/sites", school("history")))
	s.waitSite(id, "active", 2*time.Minute)
	recordHistory(t, s, workflows.ProvisionSiteWorkflowID(id), "provision_site.json", func(r worker.WorkflowReplayer) {
		r.RegisterWorkflow(workflows.ProvisionSite)
	})
}

// recordHistory waits for a workflow to close, replays its history with the current code
// and, with MEKTEP_RECORD_HISTORY=1, stores it under testdata/histories.
func recordHistory(t *testing.T, s *stack, workflowID, file string, register func(worker.WorkflowReplayer)) {
	t.Helper()
	ctx := context.Background()
	testenv.Eventually(t, 30*time.Second, "workflow closed", func() bool {
		d, err := s.App.Temporal.DescribeWorkflowExecution(ctx, workflowID, "")
		return err == nil && d.GetWorkflowExecutionInfo().GetCloseTime() != nil
	})
	h := testenv.History(t, s.App.Temporal, workflowID)
	if len(h.Events) < 10 {
		t.Fatalf("history has %d events", len(h.Events))
	}
	// Payloads are sealed with the test's own key: the golden file and the replay take them
	// opened, so the workflows package replays them without any key.
	openPayloads(t, h, &workflows.Codec{Ring: s.App.Ring})
	r := worker.NewWorkflowReplayer()
	register(r)
	if err := r.ReplayWorkflowHistory(nil, h); err != nil {
		t.Fatalf("replay of a fresh history: %v", err)
	}
	testenv.RecordHistory(t, h, file)
}
