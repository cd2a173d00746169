package app_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// The control panel on the school's host: anonymous visitors go to the login page, strangers
// get the public 404, a teacher with a news delegation sees only that section; the owner
// reviews a document seen inline, decides in bulk, follows the export to its workbook.
func TestPanelAdmissionsDesk(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-desk")
	ctx := context.Background()
	owner := session(t, s, a.users["owner"].ID)
	teacher := session(t, s, a.users["teacher"].ID)
	page := func(method, path, cookie string, form url.Values) response {
		t.Helper()
		h := []string{"Host", a.host, "Cookie", cookie, "Sec-Fetch-Site", "same-origin"}
		if form != nil {
			return s.do(method, path, form.Encode(), append(h, "Content-Type", "application/x-www-form-urlencoded")...)
		}
		return s.do(method, path, nil, h...)
	}

	if r := page("GET", "/ru/panel/", "", nil); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/ru/login?next=") {
		t.Errorf("anonymous: %d %s", r.Status, r.Header.Get("Location"))
	}
	_, stranger := verifiedParent(t, s, "desk-stranger@example.kz", sitecore.Russian)
	if r := page("GET", "/ru/panel/", stranger, nil); r.Status != 404 {
		t.Errorf("a user without a role in the site: %d", r.Status)
	}
	dash := page("GET", "/ru/panel/", owner, nil)
	if dash.Status != 200 || !strings.Contains(string(dash.Body), `href="/ru/panel/admissions"`) ||
		!strings.Contains(string(dash.Body), "Запланированные публикации") {
		t.Fatalf("owner's dashboard: %d %s", dash.Status, dash.Body)
	}
	if csp := dash.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}

	// The teacher gets news: publish and sees news, not admissions.
	r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/delegations", a.site), map[string]any{"user_id": a.users["teacher"].ID,
		"section": "news", "action": "publish"}, "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("delegate: %d %s", r.Status, r.Body)
	}
	td := page("GET", "/kk/panel/", teacher, nil)
	if td.Status != 200 || !strings.Contains(string(td.Body), `href="/kk/panel/news"`) || strings.Contains(string(td.Body), `href="/kk/panel/admissions"`) {
		t.Errorf("teacher's navigation: %d %s", td.Status, td.Body)
	}
	if r := page("GET", "/kk/panel/admissions/applications", teacher, nil); r.Status != 403 || !strings.Contains(string(r.Body), "рұқсатыңыз жоқ") {
		t.Errorf("teacher in admissions: %d", r.Status)
	}

	// Three applications with a PDF each.
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: a.site, Title: map[sitecore.Lang]string{"kk": "1-сынып", "ru": "Первый класс", "en": "Grade 1"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 10}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk"}, OfferDays: 3, RequiredDocuments: []string{"birth_certificate"}}
	if err := s.App.DB.CreateCampaign(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	children := []struct{ name, iin string }{{"Нұрай Ахметова", "190320600105"}, {"Әлихан Сейітов", "190515500109"}, {"Dana Ospanova", "190702600101"}}
	var ids []int64
	for i, ch := range children {
		_, cookie := verifiedParent(t, s, fmt.Sprintf("desk-parent%d@example.kz", i), sitecore.Russian)
		r := s.do("POST", "/api/v1/admissions/applications", map[string]any{"site_id": a.site, "campaign_id": c.ID,
			"child_name": ch.name, "child_iin": ch.iin, "birth_date": "20" + ch.iin[:2] + "-" + ch.iin[2:4] + "-" + ch.iin[4:6], "grade": 1,
			"address": "Тараз", "instruction_lang": "kk", "phone": "+77011234567", "consent": true}, "Cookie", cookie)
		if r.Status != 201 {
			t.Fatalf("submit %s: %d %s", ch.name, r.Status, r.Body)
		}
		id := int64(field(t, r, "application", "id").(float64))
		ids = append(ids, id)
		pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("Свидетельство\n"), 50)...)
		if u := s.do("PUT", fmt.Sprintf("/api/v1/admissions/applications/%d/documents/birth_certificate", id), pdf,
			"Cookie", cookie, "Content-Type", "application/pdf"); u.Status != 201 {
			t.Fatalf("upload: %d %s", u.Status, u.Body)
		}
	}
	for _, id := range ids {
		testenv.Eventually(t, 30*time.Second, "documents check", func() bool {
			got, _ := s.App.DB.FindApplication(ctx, a.site, id)
			return got != nil && got.Status == sitecore.AppDocumentsCheck
		})
	}

	list := page("GET", fmt.Sprintf("/ru/panel/admissions/applications?campaign=%d&q=%s", c.ID, url.QueryEscape("Нұрай")), owner, nil)
	if list.Status != 200 || !strings.Contains(string(list.Body), "Нұрай Ахметова") || strings.Contains(string(list.Body), "Әлихан") {
		t.Fatalf("search by the child's name: %d %s", list.Status, list.Body)
	}
	all := page("GET", fmt.Sprintf("/ru/panel/admissions/applications?campaign=%d", c.ID), owner, nil)
	if !regexp.MustCompile(`data-status="documents_check"[^>]*>Проверка документов: 3<`).Match(all.Body) {
		t.Errorf("status counts: %s", all.Body)
	}

	// One application's page: the document inline, a rejection needs a remark (next to it).
	app := fmt.Sprintf("/ru/panel/admissions/applications/%d", ids[0])
	one := page("GET", app, owner, nil)
	m := regexp.MustCompile(`<iframe src="(` + regexp.QuoteMeta(app) + `/documents/(\d+))"`).FindSubmatch(one.Body)
	if one.Status != 200 || m == nil {
		t.Fatalf("application page: %d %s", one.Status, one.Body)
	}
	doc := page("GET", string(m[1]), owner, nil)
	if doc.Status != 200 || doc.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(doc.Header.Get("Content-Disposition"), "inline") ||
		!bytes.HasPrefix(doc.Body, []byte("%PDF")) {
		t.Errorf("document: %d %v", doc.Status, doc.Header)
	}
	if r := page("GET", string(m[1]), teacher, nil); r.Status != 403 {
		t.Errorf("teacher reads a document: %d", r.Status)
	}
	rej := page("POST", app, owner, url.Values{"action": {"review-doc"}, "doc": {string(m[2])}, "accepted": {"0"}})
	if rej.Status != 400 || !regexp.MustCompile(`id="remark-\d+-error">[^<]+<`).Match(rej.Body) {
		t.Errorf("rejection without a remark: %d %s", rej.Status, rej.Body)
	}
	acc := page("POST", app, owner, url.Values{"action": {"review-doc"}, "doc": {string(m[2])}, "accepted": {"1"}})
	if acc.Status != 303 {
		t.Fatalf("accept the document: %d %s", acc.Status, acc.Body)
	}
	docs, _ := s.App.DB.Documents(ctx, ids[0])
	if len(docs) != 1 || docs[0].Status != "accepted" {
		t.Errorf("documents after accepting: %+v", docs)
	}
	for _, id := range ids {
		if r := page("POST", fmt.Sprintf("/ru/panel/admissions/applications/%d", id), owner, url.Values{"action": {"documents"}, "ok": {"1"}}); r.Status != 303 {
			t.Fatalf("documents fine: %d %s", r.Status, r.Body)
		}
	}
	for _, id := range ids {
		testenv.Eventually(t, 30*time.Second, "under review", func() bool {
			got, _ := s.App.DB.FindApplication(ctx, a.site, id)
			return got != nil && got.Status == sitecore.AppUnderReview
		})
	}

	// Bulk: two to the waiting list from place 1, in the order chosen.
	bulk := page("POST", "/ru/panel/admissions/decisions", owner, url.Values{"id": {itoa(ids[1]), itoa(ids[2])},
		"decision": {"waitlist"}, "position": {"1"}, "back": {fmt.Sprintf("campaign=%d", c.ID)}})
	if bulk.Status != 303 {
		t.Fatalf("bulk decision: %d %s", bulk.Status, bulk.Body)
	}
	for i, id := range ids[1:] {
		testenv.Eventually(t, 30*time.Second, "waitlisted", func() bool {
			got, _ := s.App.DB.FindApplication(ctx, a.site, id)
			return got != nil && got.Status == sitecore.AppWaitlisted && got.WaitlistPosition == i+1
		})
	}
	noReason := page("POST", "/ru/panel/admissions/decisions", owner, url.Values{"id": {itoa(ids[0])}, "decision": {"decline"}})
	if noReason.Status != 400 || !strings.Contains(string(noReason.Body), `id="reason-error"`) {
		t.Errorf("decline without a reason: %d %s", noReason.Status, noReason.Body)
	}
	wl := page("GET", fmt.Sprintf("/ru/panel/admissions/applications?campaign=%d&status=waitlisted", c.ID), owner, nil)
	if i, j := bytes.Index(wl.Body, []byte("Әлихан")), bytes.Index(wl.Body, []byte("Dana")); i < 0 || j < i {
		t.Errorf("waiting list order: %s", wl.Body)
	}

	// The export: started from the list, followed to its file.
	ex := page("POST", "/ru/panel/admissions/exports", owner, url.Values{"campaign": {itoa(c.ID)}})
	if ex.Status != 303 {
		t.Fatalf("start export: %d %s", ex.Status, ex.Body)
	}
	exp := ex.Header.Get("Location")
	testenv.Eventually(t, 60*time.Second, "export done", func() bool {
		return strings.Contains(string(page("GET", exp+"/status", owner, nil).Body), `"status":"done"`)
	})
	ep := page("GET", exp, owner, nil)
	if !strings.Contains(string(ep.Body), `id="export-file"`) {
		t.Fatalf("export page: %s", ep.Body)
	}
	file := page("GET", exp+"/file", owner, nil)
	book, err := excelize.OpenReader(bytes.NewReader(file.Body))
	if err != nil {
		t.Fatalf("workbook: %v (%d)", err, file.Status)
	}
	var names []string
	for _, sh := range book.GetSheetList() {
		rows, _ := book.GetRows(sh)
		for _, row := range rows {
			names = append(names, strings.Join(row, "|"))
		}
	}
	if got := strings.Join(names, "\n"); !strings.Contains(got, "Нұрай Ахметова") || !strings.Contains(got, "Dana Ospanova") {
		t.Errorf("workbook rows: %s", got)
	}
}

// People: the owner previews what a delegation would let a teacher do, grants it from the
// form, sees it listed and in the audit log; a refused field is shown next to it.
func TestPanelPeople(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-people")
	owner := session(t, s, a.users["owner"].ID)
	post := func(form url.Values) response {
		return s.do("POST", "/en/panel/people", form.Encode(), "Host", a.host, "Cookie", owner, "Sec-Fetch-Site", "same-origin",
			"Content-Type", "application/x-www-form-urlencoded")
	}
	teacher := itoa(a.users["teacher"].ID)
	pv := post(url.Values{"op": {"preview"}, "user_id": {teacher}, "section": {"pages"}, "action": {"publish"}, "page_key": {"about"}})
	if pv.Status != 200 || !regexp.MustCompile(`id="preview"[\s\S]*Pages: only some pages; about: publish`).Match(pv.Body) {
		t.Fatalf("preview: %d %s", pv.Status, pv.Body)
	}
	bad := post(url.Values{"op": {"grant"}, "user_id": {teacher}, "section": {"news"}, "action": {"publish"}, "page_key": {"about"}})
	if bad.Status != 400 || !strings.Contains(string(bad.Body), `id="page_key-error"`) {
		t.Errorf("page limit outside pages: %d %s", bad.Status, bad.Body)
	}
	if r := post(url.Values{"op": {"grant"}, "user_id": {teacher}, "section": {"news"}, "action": {"publish"}}); r.Status != 303 {
		t.Fatalf("grant: %d %s", r.Status, r.Body)
	}
	list := s.do("GET", "/en/panel/people?done=created", nil, "Host", a.host, "Cookie", owner)
	if !regexp.MustCompile(`<td>News</td><td>publish</td>`).Match(list.Body) || !strings.Contains(string(list.Body), `id="notice"`) {
		t.Errorf("delegations: %s", list.Body)
	}
	audit := s.do("GET", "/en/panel/people/audit?action=delegation", nil, "Host", a.host, "Cookie", owner)
	if audit.Status != 200 || !strings.Contains(string(audit.Body), "delegation.grant") {
		t.Errorf("audit: %d %s", audit.Status, audit.Body)
	}
}
