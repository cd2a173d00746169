package app_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// chromium starts headless Debian chromium that resolves the school's domain to loopback.
func chromium(t *testing.T, host string) context.Context {
	t.Helper()
	return chromiumWith(t, host)
}

// chromiumWith is chromium with more options (e.g. an origin treated as secure).
func chromiumWith(t *testing.T, host string, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := "/usr/bin/chromium"
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("chromium is missing (apt-get install chromium): %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.NoFirstRun,
		chromedp.Flag("host-resolver-rules", "MAP "+host+" 127.0.0.1"),
		// A desktop window, not headless chromium's 800 x 600 (a viewport 437 px high, where
		// most buttons are below the fold): chromedp clicks by coordinates after scrolling
		// the element into view, and a click racing that scroll lands on nothing (seen on
		// the lesson pages, whose video iframe sits above the button).
		chromedp.WindowSize(1280, 1000),
	)
	opts = append(opts, extra...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	// A loaded machine (make test runs four shards of these tests at once) runs the longer
	// journeys for minutes: TestBrowserAdmissionsOfficer took over 5 at a load average of 30.
	ctx, cancelC := context.WithTimeout(ctx, 12*time.Minute)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	return ctx
}

// A parent opens the school's site, logs in, switches to Russian, applies with a document
// and sees the application listed; the school admits it; the parent sees the offer and
// accepts — in a real browser.
func TestBrowserAdmission(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-web")
	ctx := context.Background()
	now := time.Now().UTC()
	results := now.Add(40 * time.Second)
	c := &sitecore.Campaign{SiteID: a.site, Title: map[sitecore.Lang]string{"kk": "1-сыныпқа қабылдау", "ru": "Приём в 1 класс", "en": "Grade 1"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 30}}, OpensAt: now.Add(-time.Hour), ClosesAt: results, ResultsAt: results,
		RequiredDocuments: []string{"birth_certificate"}, InstructionLangs: []sitecore.Lang{"kk", "ru"}, OfferDays: 3}
	if err := s.App.DB.CreateCampaign(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	hash, err := sitecore.HashPassword("Ata-ana-құпия-2026")
	if err != nil {
		t.Fatal(err)
	}
	parent := &sitecore.User{Email: "web-parent@example.kz", FullName: "Айгүл", Lang: sitecore.Russian, EmailVerified: true,
		Visibility: sitecore.VisibilityMembers, PasswordHash: hash}
	if err := s.App.DB.CreateUser(ctx, parent); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "svidetelstvo.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n% Свидетельство о рождении\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(s.URL)
	base := "http://" + a.host + ":" + u.Port()
	b := chromium(t, a.host)

	err = chromedp.Do(b,
		chromedp.Navigate(base+"/kk/admissions"),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("email"), parent.Email),
		chromedp.SendKeys(chromedp.ID("password"), "Ata-ana-құпия-2026"),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("apply-%d", c.ID))),
		chromedp.Click(chromedp.CSS(`a[hreflang="ru"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[hreflang="ru"][aria-current="true"]`)),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("apply-%d", c.ID))),
	)
	if err != nil {
		t.Fatalf("logging in and switching to Russian: %v", err)
	}
	title, err := chromedp.Run(b, chromedp.Text(chromedp.CSS("h1")))
	if err != nil || title != "Приём в школу" {
		t.Fatalf("title %q (%v)", title, err)
	}
	err = chromedp.Do(b,
		chromedp.SetValue(chromedp.ID("child_name"), "Әлихан Қасымұлы"),
		chromedp.SetValue(chromedp.ID("child_iin"), childIIN(0)),
		chromedp.SetValue(chromedp.ID("birth_date"), childBirth(childIIN(0))),
		chromedp.SetValue(chromedp.ID("address"), "Астана, Тәуелсіздік даңғылы 5"),
		chromedp.SetValue(chromedp.ID("phone"), "+7 701 123 45 67"),
		chromedp.Click(chromedp.ID("consent")),
		chromedp.SetUploadFiles(chromedp.ID("doc-birth_certificate"), []string{pdf}),
		chromedp.Click(chromedp.ID("apply-submit")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	)
	if err != nil {
		t.Fatalf("applying in the browser: %v", err)
	}
	table, err := chromedp.Run(b, chromedp.Text(chromedp.ID("applications")))
	if err != nil || !strings.Contains(table, "Әлихан Қасымұлы") ||
		!(strings.Contains(table, "Подано") || strings.Contains(table, "Проверка документов")) {
		t.Fatalf("after applying: table %q (%v)", table, err)
	}
	apps, err := s.App.DB.ListApplications(ctx, sitecore.AppFilter{SiteID: a.site})
	if err != nil || len(apps) != 1 {
		t.Fatalf("%d applications (%v)", len(apps), err)
	}
	docs, err := s.App.DB.Documents(ctx, apps[0].ID)
	if err != nil || len(docs) != 1 || docs[0].ContentType != "application/pdf" {
		t.Errorf("documents %v (%v)", docs, err)
	}

	// The school checks and admits (through its API).
	owner := session(t, s, a.users["owner"].ID)
	app := apps[0].ID
	testenv.Eventually(t, 30*time.Second, "documents check", func() bool {
		got, _ := s.App.DB.FindApplication(ctx, a.site, app)
		return got != nil && got.Status == sitecore.AppDocumentsCheck
	})
	site := fmt.Sprintf("/api/v1/sites/%d/admissions/applications/%d", a.site, app)
	if r := s.do("POST", site+"/documents", map[string]any{"ok": true}, "Cookie", owner); r.Status != 200 {
		t.Fatalf("documents: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", site+"/decision", map[string]any{"decision": "admit"}, "Cookie", owner); r.Status != 200 {
		t.Fatalf("admit: %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, time.Until(results)+30*time.Second, "results released", func() bool {
		got, _ := s.App.DB.FindApplication(ctx, a.site, app)
		return got != nil && got.Released
	})

	err = chromedp.Do(b,
		chromedp.Navigate(base+"/ru/admissions"),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("accept-%d", app))),
	)
	status, serr := chromedp.Run(b, chromedp.Text(chromedp.CSS(".status")))
	if err != nil || serr != nil || !strings.Contains(status, "Принят") {
		t.Fatalf("the offer in the browser: %q (%v, %v)", status, err, serr)
	}
	err = chromedp.Do(b,
		chromedp.Click(chromedp.ID(fmt.Sprintf("accept-%d", app))),
		chromedp.WaitVisible(chromedp.CSS(`td[data-status="enrolled"]`)),
	)
	status, serr = chromedp.Run(b, chromedp.Text(chromedp.CSS(".status")))
	if err != nil || serr != nil || !strings.Contains(status, "Зачислен") {
		t.Fatalf("accepting in the browser: %q (%v, %v)", status, err, serr)
	}
}
