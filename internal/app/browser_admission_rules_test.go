package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/admissions"
)

// In a real browser, the family's form refuses a child of an ineligible age with the message
// next to the birth date, and an address outside the catchment (before the campaign opens to
// everyone) with the message next to the address, keeping what was typed; with an address
// inside the catchment the application goes through.
func TestBrowserAdmissionRules(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-rules-web")
	ctx := context.Background()
	now := time.Now().UTC()
	openToAll := now.Add(time.Hour)
	c := &sitecore.Campaign{SiteID: a.site, Title: map[sitecore.Lang]string{"kk": "1-сыныпқа қабылдау", "ru": "Приём в 1 класс", "en": "Grade 1"},
		Grades: []sitecore.GradeSeats{{Grade: 1, Seats: 30}}, OpensAt: now.Add(-time.Hour), ClosesAt: now.Add(2 * time.Hour),
		ResultsAt: now.Add(3 * time.Hour), InstructionLangs: []sitecore.Lang{"kk", "ru"}, OfferDays: 3, OpenToAllAt: &openToAll}
	if err := s.App.DB.CreateCampaign(ctx, c, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.ReplaceCatchment(ctx, a.site, []sitecore.CatchmentRule{
		{Line: 2, Settlement: "Астана", Street: "Тәуелсіздік даңғылы", HouseFrom: 1, HouseTo: 49, Parity: "odd"},
	}, nil); err != nil {
		t.Fatal(err)
	}
	hash, err := sitecore.HashPassword("Ata-ana-құпия-2026")
	if err != nil {
		t.Fatal(err)
	}
	parent := &sitecore.User{Email: "rules-parent@example.kz", FullName: "Айгүл", Lang: sitecore.Russian, EmailVerified: true,
		Visibility: sitecore.VisibilityMembers, PasswordHash: hash}
	if err := s.App.DB.CreateUser(ctx, parent); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(s.URL)
	base := "http://" + a.host + ":" + u.Port()
	b := chromium(t, a.host)
	if err := chromedp.Do(b,
		chromedp.Navigate(base+"/ru/admissions"),
		chromedp.WaitVisible(chromedp.ID("login")),
		chromedp.SendKeys(chromedp.ID("email"), parent.Email),
		chromedp.SendKeys(chromedp.ID("password"), "Ata-ana-құпия-2026"),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("apply-%d", c.ID))),
	); err != nil {
		t.Fatalf("logging in: %v", err)
	}

	// fill types the form; submit sends it and waits for the page that answers.
	consent := func() error {
		_, err := chromedp.Run(b, chromedp.Evaluate[bool](`document.getElementById("consent").checked = true`))
		return err
	}
	fill := func(born time.Time, address string) error {
		if err := consent(); err != nil {
			return err
		}
		return chromedp.Do(b,
			chromedp.SetValue(chromedp.ID("child_name"), "Әлихан Қасымұлы"),
			chromedp.SetValue(chromedp.ID("child_iin"), iinBornOn(t, born)),
			chromedp.SetValue(chromedp.ID("birth_date"), born.Format(time.DateOnly)),
			chromedp.SetValue(chromedp.ID("address"), address),
			chromedp.SetValue(chromedp.ID("phone"), "+7 701 123 45 67"),
			chromedp.Click(chromedp.ID("apply-submit")),
		)
	}
	// fieldError returns the message shown right after the field and whether the field is
	// marked invalid.
	fieldError := func(id string) (string, bool) {
		t.Helper()
		if err := chromedp.Do(b, chromedp.WaitVisible(chromedp.ID(id+"-error"))); err != nil {
			t.Fatalf("no error next to %s: %v", id, err)
		}
		got, err := chromedp.Run(b, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
			const f = document.getElementById(%q), e = f.nextElementSibling;
			return (e && e.id === %q ? e.textContent : "") + "|" + f.getAttribute("aria-invalid") + "|" + f.value;
		})()`, id, id+"-error")))
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(got, "|")
		return parts[0] + "|" + parts[2], parts[1] == "true"
	}

	young := bornAged(c.OpensAt, 5, 40)
	if err := fill(young, "Астана, Тәуелсіздік даңғылы, 15"); err != nil {
		t.Fatalf("applying with a five-year-old: %v", err)
	}
	ref := admissions.ReferenceDate(c).Format("02.01.2006")
	msg, invalid := fieldError("birth_date")
	if !invalid || !strings.Contains(msg, "от 6 до 8 лет на "+ref) || !strings.Contains(msg, "будет 5") ||
		!strings.HasSuffix(msg, "|"+young.Format(time.DateOnly)) {
		t.Errorf("next to the birth date: %q (invalid %v)", msg, invalid)
	}

	born := bornAged(c.OpensAt, 6, 40)
	if err := fill(born, "Астана, Тәуелсіздік даңғылы, 16"); err != nil { // even: outside
		t.Fatalf("applying from outside the catchment: %v", err)
	}
	msg, invalid = fieldError("address")
	if !invalid || !strings.Contains(msg, "не входит в закреплённую за школой территорию") ||
		!strings.Contains(msg, sitecore.LocalDateTime(openToAll)) || !strings.HasSuffix(msg, "|Астана, Тәуелсіздік даңғылы, 16") {
		t.Errorf("next to the address: %q (invalid %v)", msg, invalid)
	}
	if n, err := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll('.field-error').length`)); err != nil || n != 1 {
		t.Errorf("%d field errors on the page (%v), want only the address's", n, err)
	}

	if err := consent(); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b,
		chromedp.SetValue(chromedp.ID("address"), "г. Астана, пр. Тауелсиздик, д. 15А, кв. 8"),
		chromedp.Click(chromedp.ID("apply-submit")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("applying from inside the catchment: %v", err)
	}
	apps, err := s.App.DB.ListApplications(ctx, sitecore.AppFilter{SiteID: a.site})
	if err != nil || len(apps) != 1 || !apps[0].InCatchment {
		t.Fatalf("applications %+v (%v), want one inside the catchment", apps, err)
	}
}
