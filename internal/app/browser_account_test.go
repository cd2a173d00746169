package app_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestBrowserParentAccount: on a 360 px wide phone a new parent registers on the school's
// site, confirms the address by the emailed link, opens the profile, gives a bad and then a
// good phone number, asks to be linked to a child by IIN, applies on the admissions page
// and finds the application under "my applications", then signs out everywhere and is
// back at the login page with the session gone. axe-core runs on every account page, no
// page scrolls sideways, and each page's screenshot is kept under the test's temp dir.
func TestBrowserParentAccount(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-cab")
	ctx := context.Background()
	now := time.Now().UTC()
	c := &sitecore.Campaign{SiteID: a.site, Title: map[sitecore.Lang]string{"kk": "1-сыныпқа қабылдау", "ru": "Приём в 1 класс", "en": "Grade 1"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 30}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(48 * time.Hour),
		ResultsAt: now.Add(48 * time.Hour), RequiredDocuments: []string{"birth_certificate"}, InstructionLangs: []sitecore.Lang{"kk", "ru"}, OfferDays: 3}
	if err := s.App.DB.CreateCampaign(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "svidetelstvo.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n% Свидетельство о рождении\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(s.URL)
	origin := "http://" + a.host + ":" + u.Port()
	b := chromiumWith(t, a.host, chromedp.WindowSize(360, 780))
	const email, password = "sandugash.parent@example.kz", "Сандуғаш-отбасы-2026"

	// Headless chromium keeps its window at least 500 px wide: the phone's viewport is
	// emulated.
	if err := chromedp.Do(b, chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile, chromedp.EmulateScale(2))); err != nil {
		t.Fatal(err)
	}

	// check runs axe-core, makes sure nothing scrolls sideways at 360 px, and keeps a
	// screenshot of the page.
	check := func(name string) {
		t.Helper()
		axeCheck(t, b, name)
		wide, err := chromedp.Run(b, chromedp.Evaluate[bool](`window.innerWidth != 360 || document.documentElement.scrollWidth > 361`))
		if err != nil || wide {
			t.Errorf("%s scrolls sideways at 360 px (%v)", name, err)
		}
		shot(t, b, name)
	}
	text := func(id string) string {
		t.Helper()
		s, err := chromedp.Run(b, chromedp.Text(chromedp.ID(id)))
		if err != nil {
			t.Fatalf("#%s: %v", id, err)
		}
		return s
	}

	// Register and confirm the address by the emailed link.
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/register"),
		chromedp.SendKeys(chromedp.ID("full_name"), "Сандуғаш Нұрланқызы"),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("consent")),
		chromedp.Click(chromedp.ID("register-submit")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("registering: %v", err)
	}
	m := waitMail(t, s, email, nil)
	link := regexp.MustCompile(`https?://\S+/account/verify-email\?token=\S+`).FindString(m.Text)
	if link == "" {
		t.Fatalf("no confirmation link in %q", m.Text)
	}
	lu, _ := url.Parse(link)
	if err := chromedp.Do(b, chromedp.Navigate(s.URL+lu.RequestURI()), chromedp.WaitVisible(chromedp.ID("notice"))); err != nil {
		t.Fatal(err)
	}

	// Log in from the site's header link to the account, and land on the profile.
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/"),
		chromedp.Click(chromedp.CSS(`a.account-link`)),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("profile")),
	); err != nil {
		t.Fatalf("logging in to the account: %v", err)
	}
	check("profile")

	// A bad phone number: the error next to the field, in Russian; then a good one.
	if err := chromedp.Do(b,
		chromedp.SetValue(chromedp.ID("phone"), "+7 123 45"),
		chromedp.Click(chromedp.ID("profile-save")),
		chromedp.WaitVisible(chromedp.ID("phone-error")),
	); err != nil {
		t.Fatal(err)
	}
	if msg := text("phone-error"); !strings.Contains(msg, "мобильный номер Казахстана") {
		t.Errorf("phone error %q", msg)
	}
	check("profile-phone-error")
	if err := chromedp.Do(b,
		chromedp.SetValue(chromedp.ID("phone"), "+7 701 234 56 78"),
		chromedp.Click(chromedp.ID("profile-save")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatal(err)
	}
	user, err := s.App.DB.FindUserByEmail(ctx, email)
	if err != nil || user.Phone != "+77012345678" {
		t.Fatalf("stored phone: %+v %v", user, err)
	}

	// Ask to be linked to a child by IIN.
	childIIN := iinBornOn(t, time.Date(2020, 3, 10, 0, 0, 0, 0, time.UTC))
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`#account-nav a[href="/ru/account/children"]`)),
		chromedp.WaitVisible(chromedp.ID("child-link")),
		chromedp.SendKeys(chromedp.ID("child_name"), "Әлия Нұрланқызы"),
		chromedp.SendKeys(chromedp.ID("child_iin"), childIIN),
		chromedp.Click(chromedp.ID("child-link-submit")),
		chromedp.WaitVisible(chromedp.ID("requests")),
	); err != nil {
		t.Fatalf("asking for a child link: %v", err)
	}
	if got := text("requests"); !strings.Contains(got, "Әлия Нұрланқызы") || !strings.Contains(got, "Ожидает подтверждения школы") {
		t.Errorf("requests: %q", got)
	}
	check("children")

	// Apply on the admissions page, then find the application under "my applications".
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/admissions"),
		chromedp.WaitVisible(chromedp.ID("apply-submit")),
		chromedp.SetValue(chromedp.ID("child_name"), "Әлия Нұрланқызы"),
		chromedp.SetValue(chromedp.ID("child_iin"), childIIN),
		chromedp.SetValue(chromedp.ID("birth_date"), "2020-03-10"),
		chromedp.SetValue(chromedp.ID("address"), "Шымкент, Тәуке хан даңғылы 3"),
		chromedp.SetValue(chromedp.ID("phone"), "+7 701 234 56 78"),
		chromedp.Click(chromedp.ID("consent")),
		chromedp.SetUploadFiles(chromedp.ID("doc-birth_certificate"), []string{pdf}),
		chromedp.Click(chromedp.ID("apply-submit")),
		chromedp.WaitVisible(chromedp.ID("notice")),
		chromedp.Click(chromedp.ID("account-link")),
		chromedp.WaitVisible(chromedp.ID("profile")),
		chromedp.Click(chromedp.CSS(`#account-nav a[href="/ru/account/applications"]`)),
		chromedp.WaitVisible(chromedp.ID("applications")),
	); err != nil {
		t.Fatalf("applying and opening my applications: %v", err)
	}
	if got := text("applications"); !strings.Contains(got, "Әлия Нұрланқызы") {
		t.Errorf("my applications: %q", got)
	}
	check("applications")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`#applications a`)),
		chromedp.WaitVisible(chromedp.ID("history")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text("application"); !strings.Contains(got, "Әлия Нұрланқызы") {
		t.Errorf("the application: %q", got)
	}
	check("application")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`#account-nav a[href="/ru/account/tickets"]`)),
		chromedp.WaitVisible(chromedp.ID("new-ticket")),
	); err != nil {
		t.Fatal(err)
	}
	check("tickets")

	// Sign out everywhere: the confirmation, then the login page; the session is gone.
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`#account-nav a[href="/ru/account/sign-out-everywhere"]`)),
		chromedp.WaitVisible(chromedp.ID("signout-confirm")),
	); err != nil {
		t.Fatal(err)
	}
	check("sign-out-everywhere")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.ID("signout-confirm")),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.Navigate(origin+"/ru/account"),
		chromedp.WaitVisible(chromedp.ID("login")),
	); err != nil {
		t.Fatalf("signing out everywhere: %v", err)
	}
	var sessions int
	testenv.Eventually(t, 5*time.Second, "no sessions left", func() bool {
		_ = s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM sessions WHERE user_id = $1`, user.ID).Scan(&sessions)
		return sessions == 0
	})
}
