package app_test

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestBrowserAdmissionsOfficer: in Debian chromium, an admissions officer (a teacher
// delegated admissions:edit) opens the applications of a campaign, reviews one application's
// documents — the birth certificate PDF and the photo shown inline in the page — rejects the
// photo with a remark (refused first without one, the error next to the field) and accepts
// the certificate, sends it back to the family; passes the other two's documents, puts both
// on the waiting list in one bulk decision, starts the Excel export, follows its progress
// bar to the download link and downloads the workbook, which is opened and checked. axe-core
// runs on every page, each is saved as a screenshot under the test's temp dir, and the
// application page fits a 360 px phone.
func TestBrowserAdmissionsOfficer(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-ado")
	owner := session(t, s, a.users["owner"].ID)
	officer := panelUser(t, s, "officer-ado@example.kz", "Сәуле Қабылдаева", a.site, sitecore.RoleTeacher)
	if r := s.do("POST", fmt.Sprintf("/api/v1/sites/%d/delegations", a.site),
		map[string]any{"user_id": officer.ID, "section": "admissions", "action": "edit"}, "Cookie", owner); r.Status != 201 {
		t.Fatalf("delegate admissions: %d %s", r.Status, r.Body)
	}
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: a.site, Title: map[sitecore.Lang]string{"kk": "1-сынып", "ru": "Первый класс", "en": "Grade 1"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 10}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(time.Hour),
		ResultsAt: now.Add(2 * time.Hour), InstructionLangs: []sitecore.Lang{"kk"}, OfferDays: 3,
		RequiredDocuments: []string{"birth_certificate", "photo"}}
	if err := s.App.DB.CreateCampaign(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	children := []struct{ name, iin string }{{"Нұрай Ахметова", "190320600105"}, {"Әлихан Сейітов", "190515500109"}, {"Dana Ospanova", "190702600101"}}
	var ids []int64
	for i, ch := range children {
		_, cookie := verifiedParent(t, s, fmt.Sprintf("ado-parent%d@example.kz", i), sitecore.Russian)
		r := s.do("POST", "/api/v1/admissions/applications", map[string]any{"site_id": a.site, "campaign_id": c.ID,
			"child_name": ch.name, "child_iin": ch.iin, "birth_date": "20" + ch.iin[:2] + "-" + ch.iin[2:4] + "-" + ch.iin[4:6], "grade": 1,
			"address": "Тараз", "instruction_lang": "kk", "phone": "+77011234567", "consent": true}, "Cookie", cookie)
		if r.Status != 201 {
			t.Fatalf("submit %s: %d %s", ch.name, r.Status, r.Body)
		}
		id := int64(field(t, r, "application", "id").(float64))
		ids = append(ids, id)
		for kind, body := range map[string][]byte{
			"birth_certificate": append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("Свидетельство\n"), 50)...),
			"photo":             noisePNG(t, 120, 160),
		} {
			if u := s.do("PUT", fmt.Sprintf("/api/v1/admissions/applications/%d/documents/%s", id, kind), body, "Cookie", cookie); u.Status != 201 {
				t.Fatalf("upload %s: %d %s", kind, u.Status, u.Body)
			}
		}
	}
	for _, id := range ids {
		testenv.Eventually(t, 30*time.Second, "documents check", func() bool {
			got, _ := s.App.DB.FindApplication(ctx, a.site, id)
			return got != nil && got.Status == sitecore.AppDocumentsCheck
		})
	}
	docs, err := s.App.DB.Documents(ctx, ids[0])
	if err != nil || len(docs) != 2 {
		t.Fatalf("documents: %+v %v", docs, err)
	}
	docOf := map[string]int64{}
	for _, d := range docs {
		docOf[d.Kind] = d.ID
	}
	pdf, photo := docOf["birth_certificate"], docOf["photo"]

	u, _ := url.Parse(s.URL)
	origin := "http://" + a.host + ":" + u.Port()
	b := chromium(t, a.host)
	list := fmt.Sprintf("/ru/panel/admissions/applications?campaign=%d", c.ID)
	panelLogin(t, b, origin, list, officer.Email, "applications")
	axeCheck(t, b, "applications")
	shot(t, b, "applications")

	// One application: both documents inline, the photo rejected with a remark.
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.ID(fmt.Sprintf("app-%d", ids[0]))),
		chromedp.WaitVisible(chromedp.ID("details")),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("review-%d", photo))),
	); err != nil {
		t.Fatalf("opening the application: %v", err)
	}
	inline, err := chromedp.Run(b, chromedp.Evaluate[string](fmt.Sprintf(`(async () => {
		const img = document.querySelector("#doc-%d img");
		if (!img) return "no image";
		if (!img.complete) await new Promise((ok) => { img.onload = ok; img.onerror = ok; });
		const frame = document.querySelector("#doc-%d iframe");
		if (!frame) return "no PDF frame";
		const r = await fetch(frame.src, { credentials: "same-origin" });
		return img.naturalWidth + "x" + img.naturalHeight + " " + r.headers.get("Content-Type") + " " + r.headers.get("Content-Disposition").split(";")[0];
	})()`, photo, pdf), chromedp.EvalAwaitPromise))
	if err != nil || inline != "120x160 application/pdf inline" {
		t.Errorf("documents inline: %q %v", inline, err)
	}
	axeCheck(t, b, "application")
	shot(t, b, "application")
	if err := chromedp.Do(b, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	if w, err := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 360 {
		wide, _ := chromedp.Run(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 361).slice(-5).map((e) => e.tagName + "#" + e.id + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))`))
		t.Errorf("the application page is %d px wide on a 360 px phone (%v): %v", w, err, wide)
	}
	shot(t, b, "application-360")
	if err := chromedp.Do(b, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b,
		press(fmt.Sprintf("reject-%d", photo)),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("remark-%d-error", photo))),
	); err != nil {
		t.Fatalf("rejecting without a remark: %v", err)
	}
	axeCheck(t, b, "application with an error")
	step(t, b, "rejecting the photo",
		chromedp.SetValue(chromedp.ID(fmt.Sprintf("remark-%d", photo)), "Фото нечёткое"),
		press(fmt.Sprintf("reject-%d", photo)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#doc-%d [data-doc-status="rejected"]`, photo))))
	step(t, b, "accepting the certificate",
		press(fmt.Sprintf("accept-%d", pdf)),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#doc-%d [data-doc-status="accepted"]`, pdf))))
	step(t, b, "sending the documents back",
		chromedp.SetValue(chromedp.ID("doc-remark"), "Загрузите чёткое фото"),
		press("documents-fix"),
		chromedp.WaitVisible(chromedp.CSS(`#status[data-status="documents_fix"]`)))
	shot(t, b, "application-reviewed")
	got, _ := s.App.DB.Documents(ctx, ids[0])
	for _, d := range got {
		if d.ID == photo && (d.Status != "rejected" || d.Remark != "Фото нечёткое") || d.ID == pdf && d.Status != "accepted" {
			t.Errorf("document after the review: %+v", d)
		}
	}

	// The other two pass the documents check and go to the waiting list in one decision.
	for _, id := range ids[1:] {
		if err := chromedp.Do(b,
			chromedp.Navigate(fmt.Sprintf("%s/ru/panel/admissions/applications/%d", origin, id)),
			press("documents-ok"),
			chromedp.WaitVisible(chromedp.ID("details")),
		); err != nil {
			t.Fatalf("documents of %d: %v", id, err)
		}
		testenv.Eventually(t, 30*time.Second, "under review", func() bool {
			got, _ := s.App.DB.FindApplication(ctx, a.site, id)
			return got != nil && got.Status == sitecore.AppUnderReview
		})
	}
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+list+"&status=under_review"),
		chromedp.WaitVisible(chromedp.ID("applications")),
		chromedp.Click(chromedp.ID(fmt.Sprintf("pick-%d", ids[1]))),
		chromedp.Click(chromedp.ID(fmt.Sprintf("pick-%d", ids[2]))),
		chromedp.SetValue(chromedp.ID("decision"), "waitlist"),
		chromedp.SetValue(chromedp.ID("position"), "1"),
	); err != nil {
		t.Fatalf("choosing in the list: %v", err)
	}
	axeCheck(t, b, "bulk decision")
	shot(t, b, "bulk-decision")
	if err := chromedp.Do(b, chromedp.Click(chromedp.ID("bulk-submit")), chromedp.WaitVisible(chromedp.ID("counts"))); err != nil {
		t.Fatalf("bulk decision: %v", err)
	}
	for i, id := range ids[1:] {
		testenv.Eventually(t, 30*time.Second, "waitlisted", func() bool {
			got, _ := s.App.DB.FindApplication(ctx, a.site, id)
			return got != nil && got.Status == sitecore.AppWaitlisted && got.WaitlistPosition == i+1
		})
	}

	// The export: its page follows the workflow with a progress bar until the link shows.
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+list),
		chromedp.WaitVisible(chromedp.ID("export-submit")),
		chromedp.Click(chromedp.ID("export-submit")),
		chromedp.WaitReady(chromedp.CSS("#export-progress, #export-file")),
	); err != nil {
		t.Fatalf("starting the export: %v", err)
	}
	shot(t, b, "export-progress")
	if err := chromedp.Do(b, chromedp.WaitVisible(chromedp.ID("export-file"))); err != nil {
		t.Fatalf("waiting for the export: %v", err)
	}
	axeCheck(t, b, "export")
	shot(t, b, "export-done")
	dir := t.TempDir()
	if _, err := chromedp.Call(b, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b, chromedp.Click(chromedp.ID("export-file"))); err != nil {
		t.Fatal(err)
	}
	var file string
	testenv.Eventually(t, 30*time.Second, "the downloaded workbook", func() bool {
		es, _ := os.ReadDir(dir)
		for _, e := range es {
			if strings.HasSuffix(e.Name(), ".xlsx") {
				file = filepath.Join(dir, e.Name())
				return true
			}
		}
		return false
	})
	book, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("workbook %s: %v", file, err)
	}
	var rows []string
	for _, sh := range book.GetSheetList() {
		rs, _ := book.GetRows(sh)
		for _, r := range rs {
			rows = append(rows, strings.Join(r, "|"))
		}
	}
	all := strings.Join(rows, "\n")
	for _, ch := range children {
		if !strings.Contains(all, ch.name) {
			t.Errorf("the workbook lacks %s:\n%s", ch.name, all)
		}
	}
}

// step runs the actions with a time limit of its own; when one fails it saves a screenshot
// of the page and fails the test naming the step.
func step(t *testing.T, b context.Context, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(b, 40*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		shot(t, b, "failed-"+strings.ReplaceAll(name, " ", "-"))
		text, _ := chromedp.Run(b, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("%s: %v; the page says: %.600s", name, err, text)
	}
}

// press clicks a button from the page's script. The application page's documents load
// inline (a PDF viewer, images) and move the layout while they do, so a click at a button's
// coordinates can land next to it; the button itself still submits its form with its value.
func press(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).click();0`, id))
}
