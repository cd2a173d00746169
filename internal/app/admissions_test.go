package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/xuri/excelize/v2"

	"go.temporal.io/sdk/worker"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
	"github.com/mektep/mektep/workflows"
)

// verifiedParent is a registered parent with a verified email, logged in.
func verifiedParent(t testing.TB, s *stack, email string, lang sitecore.Lang) (*sitecore.User, string) {
	t.Helper()
	u := &sitecore.User{Email: email, FullName: "Parent " + strings.SplitN(email, "@", 2)[0], Lang: lang,
		EmailVerified: true, Visibility: sitecore.VisibilityMembers}
	if err := s.App.DB.CreateUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return u, session(t, s, u.ID)
}

func mailTo(t testing.TB, s *stack, to string) []devstack.Mail {
	t.Helper()
	all, err := devstack.ReadMail(s.Sink.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []devstack.Mail
	for _, m := range all {
		if len(m.To) > 0 && m.To[0] == to {
			out = append(out, m)
		}
	}
	return out
}

// waitMailTo waits until to has n emails.
func waitMailTo(t *testing.T, s *stack, to string, n int) []devstack.Mail {
	t.Helper()
	testenv.Eventually(t, 30*time.Second, fmt.Sprintf("%d emails to %s", n, to), func() bool { return len(mailTo(t, s, to)) >= n })
	return mailTo(t, s, to)
}

func field(t *testing.T, r response, path ...string) any {
	t.Helper()
	var v any = r.JSON(t)
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("no %v in %s", path, r.Body)
		}
		v = m[p]
	}
	return v
}

// A whole admission: a campaign with one seat, two families, a documents check with a fix,
// a decision held back until the results time, a declined offer that passes the seat to the
// waiting list, and enrollment — through HTTP against the real stack.
func TestAdmissionEndToEnd(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-adm")
	owner := session(t, s, a.users["owner"].ID)
	teacher := session(t, s, a.users["teacher"].ID)
	site := fmt.Sprintf("/api/v1/sites/%d/admissions", a.site)

	now := time.Now().UTC()
	results := now.Add(8 * time.Second)
	r := s.do("POST", site+"/campaigns", map[string]any{
		"title":  map[string]string{"kk": "Бірінші сыныпқа қабылдау", "ru": "Приём в первый класс", "en": "First grade"},
		"grades": []map[string]int{{"grade": 1, "seats": 1}}, "opens_at": now.Add(-time.Hour), "closes_at": results,
		"results_at": results, "required_documents": []string{"birth_certificate"}, "instruction_langs": []string{"kk", "ru"},
		"offer_days": 3, "reminder_days": 2, "withdraw_days": 5,
	}, "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("campaign: %d %s", r.Status, r.Body)
	}
	campaign := int64(field(t, r, "campaign", "id").(float64))
	if r := s.do("POST", site+"/campaigns", map[string]any{"title": map[string]string{"kk": "x", "ru": "x", "en": "x"}}, "Cookie", teacher); r.Status != 403 {
		t.Errorf("teacher creates a campaign: %d", r.Status)
	}

	p1, c1 := verifiedParent(t, s, "aigerim@example.kz", sitecore.Russian)
	_, c2 := verifiedParent(t, s, "bolat@example.kz", sitecore.Kazakh)
	form := func(name, iin, born string) map[string]any {
		return map[string]any{"site_id": a.site, "campaign_id": campaign, "child_name": name, "child_iin": iin,
			"birth_date": born, "grade": 1, "address": "Алматы, Абай даңғылы 10", "instruction_lang": "kk",
			"phone": "+7 701 123 45 67", "consent": true}
	}
	born1, born2 := bornAged(now, 7, 120), bornAged(now, 7, 200)
	iin1, iin2 := iinBornOn(t, born1), iinBornOn(t, born2)
	sub1 := s.do("POST", "/api/v1/admissions/applications", form("Әлихан Қасымұлы", iin1, born1.Format(time.DateOnly)), "Cookie", c1, "Idempotency-Key", "app-1")
	if sub1.Status != 201 {
		t.Fatalf("submit: %d %s", sub1.Status, sub1.Body)
	}
	app1 := int64(field(t, sub1, "application", "id").(float64))
	number1 := field(t, sub1, "application", "number").(string)
	again := s.do("POST", "/api/v1/admissions/applications", form("Әлихан Қасымұлы", iin1, born1.Format(time.DateOnly)), "Cookie", c1, "Idempotency-Key", "app-1")
	if again.Status != 201 || string(again.Body) != string(sub1.Body) {
		t.Errorf("retry with the same key: %d", again.Status)
	}
	dup := s.do("POST", "/api/v1/admissions/applications", form("Әлихан Қасымұлы", iin1, born1.Format(time.DateOnly)), "Cookie", c1, "Accept-Language", "ru")
	if code, f, msg := dup.Error(t); dup.Status != 409 || f != "child_iin" || !strings.Contains(msg, number1) {
		t.Errorf("second application for the child: %d %s %s %q", dup.Status, code, f, msg)
	}
	sub2 := s.do("POST", "/api/v1/admissions/applications", form("Іңкәр Бекова", iin2, born2.Format(time.DateOnly)), "Cookie", c2)
	if sub2.Status != 201 {
		t.Fatalf("submit 2: %d %s", sub2.Status, sub2.Body)
	}
	app2 := int64(field(t, sub2, "application", "id").(float64))

	status := func(cookie string, id int64) string {
		r := s.do("GET", fmt.Sprintf("/api/v1/admissions/applications/%d", id), nil, "Cookie", cookie)
		return field(t, r, "application", "status").(string)
	}
	waitStatus := func(cookie string, id int64, want string) {
		t.Helper()
		testenv.Eventually(t, 30*time.Second, fmt.Sprintf("application %d %s", id, want), func() bool { return status(cookie, id) == want })
	}
	waitStatus(c1, app1, "documents_check")
	waitStatus(c2, app2, "documents_check")
	if got := waitMailTo(t, s, "aigerim@example.kz", 1); !strings.Contains(got[0].Subject, "принято") {
		t.Errorf("received email (ru): %q", got[0].Subject)
	}

	post := func(cookie, path string, body any) response {
		t.Helper()
		return s.do("POST", path, body, "Cookie", cookie, "Accept-Language", "ru")
	}
	if r := post(owner, fmt.Sprintf("%s/applications/%d/documents", site, app1), map[string]any{"ok": true}); r.Status != 200 || field(t, r, "status") != "under_review" {
		t.Fatalf("documents ok: %d %s", r.Status, r.Body)
	}
	if r := post(owner, fmt.Sprintf("%s/applications/%d/documents", site, app2), map[string]any{"ok": false, "remark": "Свидетельство нечитаемо"}); field(t, r, "status") != "documents_fix" {
		t.Fatalf("documents rejected: %d %s", r.Status, r.Body)
	}
	fix := waitMailTo(t, s, "bolat@example.kz", 2)
	if !strings.Contains(fix[1].Text, "Свидетельство нечитаемо") {
		t.Errorf("fix email lacks the remark: %q", fix[1].Text)
	}
	if r := post(c2, fmt.Sprintf("/api/v1/admissions/applications/%d/documents-fixed", app2), nil); field(t, r, "status") != "documents_check" {
		t.Fatalf("fixed: %d %s", r.Status, r.Body)
	}
	post(owner, fmt.Sprintf("%s/applications/%d/documents", site, app2), map[string]any{"ok": true})

	// Decisions: a teacher may not; the one seat goes to app1; app2 cannot also be admitted.
	if r := post(teacher, fmt.Sprintf("%s/applications/%d/decision", site, app1), map[string]any{"decision": "admit"}); r.Status != 403 {
		t.Errorf("teacher decides: %d", r.Status)
	}
	if r := post(owner, fmt.Sprintf("%s/applications/%d/decision", site, app1), map[string]any{"decision": "admit"}); field(t, r, "status") != "admitted" {
		t.Fatalf("admit: %d %s", r.Status, r.Body)
	}
	full := post(owner, fmt.Sprintf("%s/applications/%d/decision", site, app2), map[string]any{"decision": "admit"})
	if _, f, msg := full.Error(t); full.Status != 409 || f != "grade" || !strings.Contains(msg, "нет свободных мест") {
		t.Errorf("admit beyond capacity: %d %s %q", full.Status, f, msg)
	}
	if r := post(owner, fmt.Sprintf("%s/applications/%d/decision", site, app2), map[string]any{"decision": "waitlist", "position": 1}); field(t, r, "status") != "waitlisted" {
		t.Fatalf("waitlist: %d %s", r.Status, r.Body)
	}
	// Before the results time the families see "under review".
	if time.Now().Before(results.Add(-time.Second)) {
		if got := status(c1, app1); got != "under_review" {
			t.Errorf("before results the family sees %q", got)
		}
	}
	waitStatus(c1, app1, "admitted")
	waitStatus(c2, app2, "waitlisted")
	offer := waitMailTo(t, s, "aigerim@example.kz", 3)
	if !strings.Contains(offer[len(offer)-1].Subject, "принят") {
		t.Errorf("offer email: %q", offer[len(offer)-1].Subject)
	}
	// The offer links to the family's page on the school's own domain, in their language.
	expectPageLink(t, s, offer[len(offer)-1].Text, "school-adm.edu.kz", "/ru/admissions", c1)

	// Family 1 declines: the seat goes to the waiting list, and family 2 accepts it.
	if r := post(c1, fmt.Sprintf("/api/v1/admissions/applications/%d/offer", app1), map[string]any{"accept": false}); field(t, r, "status") != "offer_declined" {
		t.Fatalf("decline offer: %d %s", r.Status, r.Body)
	}
	waitStatus(c2, app2, "admitted")
	// Once the declined offer's workflow has ended, an action on it is refused as what it is,
	// not as an application still being registered.
	testenv.Eventually(t, 30*time.Second, "the declined application's workflow ends", func() bool {
		d, err := s.App.Temporal.DescribeWorkflowExecution(context.Background(), workflows.AdmissionWorkflowID(app1), "")
		return err == nil && d.WorkflowExecutionInfo.Status != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
	})
	if r := post(c1, fmt.Sprintf("/api/v1/admissions/applications/%d/withdraw", app1), nil); r.Status != 409 {
		t.Errorf("withdrawing a closed application: %d %s", r.Status, r.Body)
	} else if _, f, msg := r.Error(t); f != "status" || msg != sitecore.Message(sitecore.Russian, "admission.final", nil) {
		t.Errorf("withdrawing a closed application: field %q, %q", f, msg)
	}
	if r := post(c1, fmt.Sprintf("/api/v1/admissions/applications/%d/offer", app2), map[string]any{"accept": true}); r.Status != 404 {
		t.Errorf("another family answers the offer: %d", r.Status)
	}
	if r := post(c2, fmt.Sprintf("/api/v1/admissions/applications/%d/offer", app2), map[string]any{"accept": true}); field(t, r, "status") != "enrolled" {
		t.Fatalf("accept offer: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, 20*time.Second, "student and parent roles", func() bool {
		r := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/members", a.site), nil, "Cookie", owner)
		return strings.Contains(string(r.Body), "Іңкәр Бекова") && strings.Count(string(r.Body), `"parent"`) >= 2
	})

	// The history of app1 as the school sees it, and the export.
	h := s.do("GET", fmt.Sprintf("%s/applications/%d", site, app1), nil, "Cookie", owner)
	hist, _ := field(t, h, "application", "history").([]any)
	var steps []string
	for _, e := range hist {
		steps = append(steps, e.(map[string]any)["to"].(string))
	}
	if strings.Join(steps, ",") != "submitted,documents_check,under_review,admitted,admitted,offer_declined" {
		t.Errorf("history: %v", steps)
	}
	x := s.do("GET", fmt.Sprintf("%s/campaigns/%d/export.xlsx", site, campaign), nil, "Cookie", owner, "Accept-Language", "ru")
	if x.Status != 200 {
		t.Fatalf("export: %d %s", x.Status, x.Body)
	}
	book, err := excelize.OpenReader(bytes.NewReader(x.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("1 класс")
	if err != nil || len(rows) != 3 || !strings.Contains(strings.Join(rows[1], "|")+strings.Join(rows[2], "|"), "Іңкәр Бекова") {
		t.Errorf("export rows: %v (%v)", rows, err)
	}
	// The same as a background export: started, polled, downloaded, deleted after its
	// retention period (short here).
	s.App.Admissions.ExportStarter.(*workflows.ExportClient).Retention = 4 * time.Second
	start := s.do("POST", site+"/exports", map[string]any{"campaign_id": campaign}, "Cookie", owner, "Accept-Language", "en")
	if start.Status != 202 {
		t.Fatalf("start export: %d %s", start.Status, start.Body)
	}
	loc := start.Header.Get("Location")
	testenv.Eventually(t, 30*time.Second, "export done", func() bool {
		return field(t, s.do("GET", loc, nil, "Cookie", owner), "export", "status") == "done"
	})
	file := s.do("GET", loc+"/file", nil, "Cookie", owner)
	book2, err := excelize.OpenReader(bytes.NewReader(file.Body))
	if err != nil {
		t.Fatalf("export file: %d %v", file.Status, err)
	}
	if rows, err := book2.GetRows("Grade 1"); err != nil || len(rows) != 3 {
		t.Errorf("background export rows: %d (%v)", len(rows), err)
	}
	if r := s.do("GET", loc, nil, "Cookie", teacher); r.Status != 403 {
		t.Errorf("teacher polls the export: %d", r.Status)
	}
	testenv.Eventually(t, 30*time.Second, "export expired", func() bool {
		return field(t, s.do("GET", loc, nil, "Cookie", owner), "export", "status") == "expired"
	})
	if r := s.do("GET", loc+"/file", nil, "Cookie", owner); r.Status != 409 {
		t.Errorf("an expired export's file: %d", r.Status)
	}
	// The export is marked expired before its file is deleted (so a retry cannot leave a
	// row pointing at nothing): the file goes a moment later.
	testenv.Eventually(t, 30*time.Second, "export file deleted", func() bool {
		n, err := s.App.Content.Database().Collection("exports.files").CountDocuments(context.Background(), bson.D{})
		return err == nil && n == 0
	})
	if r := s.do("GET", fmt.Sprintf("%s/campaigns/%d/export.xlsx", site, campaign), nil, "Cookie", teacher); r.Status != 403 {
		t.Errorf("teacher exports: %d", r.Status)
	}

	// Every transition emailed once: no duplicates by subject.
	for _, to := range []string{"aigerim@example.kz", "bolat@example.kz"} {
		seen := map[string]int{}
		for _, m := range mailTo(t, s, to) {
			seen[m.MessageID]++
		}
		for id, n := range seen {
			if n > 1 {
				t.Errorf("%s got %s %d times", to, id, n)
			}
		}
	}
	_ = p1
	_ = json.Marshal

	// The history of app1's finished workflow replays with the current code; with
	// MEKTEP_RECORD_HISTORY=1 it becomes the golden history the workflows package checks.
	recordHistory(t, s, workflows.AdmissionWorkflowID(app1), "admission.json", func(r worker.WorkflowReplayer) {
		r.RegisterWorkflow(workflows.Admission)
	})
	// Children's names, IINs, parents' addresses and the school's remarks stay out of Temporal.
	seen := assertHistoriesPrivate(t, s, "Әлихан", "Қасымұлы", "Іңкәр", "Бекова", "Свидетельство нечитаемо", iin1, iin2)
	for _, wf := range []string{"Admission", "ProvisionSite", "ExportApplications"} {
		if seen[wf] == 0 {
			t.Errorf("no %s workflow scanned (saw %v)", wf, seen)
		}
	}
}

// Bad input writes nothing and names the field in the family's language.
func TestAdmissionRejectsBadInput(t *testing.T) {
	s := startStack(t, stackOptions{noWorker: true})
	a := provisionTenantNoWorker(t, s, "school-bad")
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: a, Title: map[sitecore.Lang]string{"kk": "x", "ru": "x", "en": "x"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 10}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk", "ru"}, OfferDays: 3}
	if err := s.App.DB.CreateCampaign(context.Background(), c, nil); err != nil {
		t.Fatal(err)
	}
	closed := *c
	closed.OpensAt, closed.ClosesAt = now.Add(-2*time.Hour), now.Add(-time.Hour)
	if err := s.App.DB.CreateCampaign(context.Background(), &closed, nil); err != nil {
		t.Fatal(err)
	}
	_, cookie := verifiedParent(t, s, "parent@example.kz", sitecore.Russian)
	unverified := &sitecore.User{Email: "unverified@example.kz", FullName: "Unverified", Lang: sitecore.Russian}
	if err := s.App.DB.CreateUser(context.Background(), unverified); err != nil {
		t.Fatal(err)
	}
	born := bornAged(now, 7, 5)
	good := func() map[string]any {
		return map[string]any{"site_id": a, "campaign_id": c.ID, "child_name": "Әлихан Қасымұлы", "child_iin": iinBornOn(t, born),
			"birth_date": born.Format(time.DateOnly), "grade": 1, "address": "Алматы", "instruction_lang": "kk", "phone": "+77011234567", "consent": true}
	}
	with := func(k string, v any) map[string]any { m := good(); m[k] = v; return m }
	with2 := func(k1 string, v1 any, k2 string, v2 any) map[string]any { m := with(k1, v1); m[k2] = v2; return m }
	old := time.Date(1999, 1, 6, 0, 0, 0, 0, time.UTC)
	young := admissions.ReferenceDate(c).AddDate(-6, 0, 1)
	cases := []struct {
		name   string
		body   map[string]any
		cookie string
		status int
		field  string
		word   string
	}{
		{"bad IIN checksum", with("child_iin", "190106500007"), cookie, 400, "child_iin", ""},
		{"IIN not digits", with("child_iin", "19010650000X"), cookie, 400, "child_iin", ""},
		{"birth date contradicts IIN", with("birth_date", born.AddDate(0, 0, 1).Format(time.DateOnly)), cookie, 400, "birth_date", "ИИН"},
		{"grade without seats", with("grade", 5), cookie, 400, "grade", "5"},
		{"closed campaign", with("campaign_id", closed.ID), cookie, 409, "campaign_id", "не принимает"},
		{"no consent", with("consent", false), cookie, 400, "consent", "согласие"},
		{"bad phone", with("phone", "call me"), cookie, 400, "phone", ""},
		{"unknown instruction language", with("instruction_lang", "de"), cookie, 400, "instruction_lang", ""},
		{"empty name", with("child_name", "  "), cookie, 400, "child_name", ""},
		{"a formula for a name", with("child_name", `=HYPERLINK("http://evil.example","click")`), cookie, 400, "child_name", "букв"},
		{"digits in a name", with("child_name", "Бала 7"), cookie, 400, "child_name", "«7»"},
		{"a 27-year-old for grade 1", with2("child_iin", iinBornOn(t, old), "birth_date", old.Format(time.DateOnly)), cookie, 400, "birth_date", "от 6 до 8 лет на 01.09."},
		{"six a day after 1 September", with2("child_iin", iinBornOn(t, young), "birth_date", young.Format(time.DateOnly)), cookie, 400, "birth_date", "будет 5"},
		{"unverified parent", good(), session(t, s, unverified.ID), 403, "", "подтвердите"},
		{"anonymous", good(), "", 401, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do("POST", "/api/v1/admissions/applications", tc.body, "Cookie", tc.cookie, "Accept-Language", "ru")
			_, f, msg := r.Error(t)
			if r.Status != tc.status || f != tc.field || !strings.Contains(msg, tc.word) {
				t.Errorf("%d field %q %q; want %d field %q with %q", r.Status, f, msg, tc.status, tc.field, tc.word)
			}
		})
	}
	var n int
	if err := s.App.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM applications").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d applications written (%v)", n, err)
	}
}

// provisionTenantNoWorker stores an active site directly (for tests without a worker).
func provisionTenantNoWorker(t testing.TB, s *stack, slug string) int64 {
	t.Helper()
	ctx := context.Background()
	site := &sitecore.Site{Slug: slug, Names: map[sitecore.Lang]string{"kk": slug, "ru": slug, "en": slug},
		Languages: sitecore.DefaultLanguages, Domains: []string{slug + ".edu.kz"}, OwnerEmail: "o@" + slug + ".kz",
		Status: sitecore.SiteProvisioning, Step: sitecore.StepReserved}
	if err := s.App.DB.CreateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.SetSiteStep(ctx, site.ID, sitecore.StepActivated); err != nil {
		t.Fatal(err)
	}
	return site.ID
}

// Documents: content decides the type (not the name), size is capped, only required kinds
// are taken, and the school downloads exactly what was uploaded.
func TestAdmissionDocuments(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-docs")
	owner := session(t, s, a.users["owner"].ID)
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: a.site, Title: map[sitecore.Lang]string{"kk": "x", "ru": "x", "en": "x"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 10}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk"}, OfferDays: 3,
		RequiredDocuments: []string{"birth_certificate", "photo"}}
	if err := s.App.DB.CreateCampaign(context.Background(), c, nil); err != nil {
		t.Fatal(err)
	}
	_, cookie := verifiedParent(t, s, "docs-parent@example.kz", sitecore.Russian)
	r := s.do("POST", "/api/v1/admissions/applications", map[string]any{"site_id": a.site, "campaign_id": c.ID,
		"child_name": "Нұрай", "child_iin": iinBornOn(t, bornAged(now, 7, 5)), "birth_date": bornAged(now, 7, 5).Format(time.DateOnly), "grade": 1, "address": "Тараз",
		"instruction_lang": "kk", "phone": "+77011234567", "consent": true}, "Cookie", cookie)
	if r.Status != 201 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	app := int64(field(t, r, "application", "id").(float64))
	upload := func(kind string, body []byte) response {
		return s.do("PUT", fmt.Sprintf("/api/v1/admissions/applications/%d/documents/%s", app, kind), body,
			"Cookie", cookie, "Content-Type", "application/pdf", "Accept-Language", "ru")
	}
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("Свидетельство о рождении\n"), 500)...)
	ok := upload("birth_certificate", pdf)
	if ok.Status != 201 || field(t, ok, "document", "content_type") != "application/pdf" {
		t.Fatalf("pdf: %d %s", ok.Status, ok.Body)
	}
	png := append([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, make([]byte, 100)...)
	if r := upload("photo", png); r.Status != 201 || field(t, r, "document", "content_type") != "image/png" {
		t.Errorf("png: %d %s", r.Status, r.Body)
	}
	exe := append([]byte("MZ\x90\x00"), make([]byte, 1000)...) // a Windows executable named .pdf
	if r := upload("birth_certificate", exe); r.Status != 400 {
		t.Errorf("executable: %d %s", r.Status, r.Body)
	} else if _, f, msg := r.Error(t); f != "file" || !strings.Contains(msg, "PDF") {
		t.Errorf("executable: field %q %q", f, msg)
	}
	if r := upload("medical_form", pdf); r.Status != 400 {
		t.Errorf("kind not required: %d", r.Status)
	} else if _, f, _ := r.Error(t); f != "kind" {
		t.Errorf("kind not required: field %q", f)
	}
	big := append([]byte("%PDF-1.7\n"), make([]byte, 11<<20)...)
	if r := upload("photo", big); r.Status != 413 {
		t.Errorf("11 MiB: %d %s", r.Status, r.Body)
	}
	// Nothing of the refused uploads was kept: two documents, two files.
	var docs int
	_ = s.App.DB.Pool.QueryRow(context.Background(), "SELECT count(*) FROM application_documents").Scan(&docs)
	files, _ := s.App.Content.Database().Collection("admission_documents.files").CountDocuments(context.Background(), map[string]any{})
	if docs != 2 || files != 2 {
		t.Errorf("%d document rows and %d files, want 2 and 2", docs, files)
	}
	docID := int64(field(t, ok, "document", "id").(float64))
	dl := s.do("GET", fmt.Sprintf("/api/v1/sites/%d/admissions/applications/%d/documents/%d", a.site, app, docID), nil, "Cookie", owner)
	if dl.Status != 200 || !bytes.Equal(dl.Body, pdf) || dl.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("download: %d, %d bytes, %s", dl.Status, len(dl.Body), dl.Header.Get("Content-Type"))
	}
	rev := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/admissions/applications/%d/documents/%d/review", a.site, app, docID),
		map[string]any{"accepted": false, "remark": "Нечитаемо"}, "Cookie", owner)
	if rev.Status != 204 {
		t.Errorf("review: %d %s", rev.Status, rev.Body)
	}
	mine := s.do("GET", fmt.Sprintf("/api/v1/admissions/applications/%d", app), nil, "Cookie", cookie)
	if !strings.Contains(string(mine.Body), "Нечитаемо") {
		t.Errorf("the family does not see the remark: %s", mine.Body)
	}
}

// emailLink matches the link of a plain-text email.
var emailLink = regexp.MustCompile(`https?://([^/\s:]+)(?::[0-9]+)?(/\S*)`)

// expectPageLink checks that an email's text links to path on host, and that the link opens
// an HTML page for the recipient (cookie), not JSON.
func expectPageLink(t *testing.T, s *stack, text, host, path, cookie string) {
	t.Helper()
	m := emailLink.FindStringSubmatch(text)
	if m == nil || m[1] != host || m[2] != path {
		t.Errorf("email links to %q, want http://%s%s: %q", m, host, path, text)
		return
	}
	r := s.do("GET", m[2], nil, "Host", m[1], "Cookie", cookie)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("the link %s answers %d %s", m[0], r.Status, r.Header.Get("Content-Type"))
	}
}

// iinBornOn returns a valid IIN of a boy born on the day.
func iinBornOn(t *testing.T, born time.Time) string {
	t.Helper()
	century := "3"
	if born.Year() >= 2000 {
		century = "5"
	}
	for serial := 1; serial < 10; serial++ {
		for d := 0; d <= 9; d++ {
			s := born.Format("060102") + century + "000" + strconv.Itoa(serial) + strconv.Itoa(d)
			if _, err := sitecore.ParseIIN("iin", s); err == nil {
				return s
			}
		}
	}
	t.Fatalf("no IIN for %s", born)
	return ""
}
