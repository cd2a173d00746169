package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/sitecore"
)

// An operator schedules maintenance of one school from the console's maintenance page in
// Debian chromium: a start less than a day ahead gets the error next to the start field in
// the page language; a valid one is listed and shows the banner on the school's site; the
// cancel button calls it off. The page passes axe and fits a 360 px phone; a support agent
// who is not an operator does not have the page.
func TestBrowserConsoleMaintenance(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-bmnt")
	op := consoleUser(t, s, "op-mnt@mektep.kz", "Оператор Платформы", sitecore.PlatformOperator)
	agent := consoleUser(t, s, "agent-mnt@mektep.kz", "Агент Поддержки", sitecore.PlatformSupport)
	page := s.URL + "/helpdesk/console/ru/maintenance"
	b := chromium(t, a.host)
	consoleLogin(t, b, page, op.Email)

	fill := func(start time.Time) {
		t.Helper()
		if err := chromedp.Do(b,
			chromedp.SetValue(chromedp.ID("m-start"), start.In(sitecore.Almaty).Format("2006-01-02T15:04")),
			chromedp.SetValue(chromedp.ID("m-duration"), "60"),
			chromedp.SetValue(chromedp.ID("m-scope"), "sites"),
			chromedp.SetValue(chromedp.ID("m-sites"), fmt.Sprint(a.site)),
			chromedp.SetValue(chromedp.ID("m-kk"), "Серверлер жаңартылады."),
			chromedp.SetValue(chromedp.ID("m-ru"), "Обновляются серверы."),
			chromedp.SetValue(chromedp.ID("m-en"), "The servers are being upgraded."),
			chromedp.Click(chromedp.ID("maintenance-submit")),
			chromedp.WaitVisible(chromedp.ID("title")),
		); err != nil {
			t.Fatal(err)
		}
	}
	fill(time.Now().Add(2 * time.Hour))
	if msg := text(t, b, "#m-start-err"); !strings.Contains(msg, "24 часа") {
		t.Errorf("error next to the start: %q", msg)
	}
	if v, _ := chromedp.Run(b, chromedp.Value(chromedp.ID("m-ru"))); v != "Обновляются серверы." {
		t.Errorf("the form lost the message: %q", v)
	}
	axeCheck(t, b, page+" (with an error)")

	fill(time.Now().Add(49 * time.Hour))
	if n := text(t, b, "#notice"); !strings.Contains(n, "Работы запланированы") {
		t.Errorf("notice after scheduling: %q", n)
	}
	row := text(t, b, "#maintenance tbody tr")
	if !strings.Contains(row, "Запланированы") || !strings.Contains(row, "По списку") {
		t.Errorf("the notice's row: %q", row)
	}
	if r := s.do("GET", "/ru/", nil, "Host", a.host); !strings.Contains(string(r.Body), "Обновляются серверы.") {
		t.Error("the school's site shows no banner")
	}
	axeCheck(t, b, page)
	if err := chromedp.Do(b, chromedp.EmulateViewport(360, 740), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("title"))); err != nil {
		t.Fatal(err)
	}
	if w, err := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 360 {
		t.Errorf("the page is %d px wide on a 360 px phone (%v)", w, err)
	}
	shot(t, b, "maintenance-360")
	if err := chromedp.Do(b, chromedp.Click(chromedp.CSS("#maintenance button[name=cancel]")), chromedp.WaitVisible(chromedp.ID("notice"))); err != nil {
		t.Fatal(err)
	}
	if row := text(t, b, "#maintenance tbody tr"); !strings.Contains(row, "Отменены") {
		t.Errorf("the row after cancelling: %q", row)
	}
	if r := s.do("GET", "/ru/", nil, "Host", a.host); strings.Contains(string(r.Body), "Обновляются серверы.") {
		t.Error("the banner stays after the cancellation")
	}

	// A support agent has neither the page nor its link.
	ab := chromium(t, a.host)
	consoleLogin(t, ab, s.URL+"/helpdesk/console/ru/", agent.Email)
	if nav := text(t, ab, ".cn-nav"); strings.Contains(nav, "Технические работы") {
		t.Errorf("an agent's navigation holds the maintenance page: %q", nav)
	}
	if r := s.do("GET", "/helpdesk/console/ru/maintenance", nil, "Cookie", session(t, s, agent.ID)); r.Status != 404 {
		t.Errorf("an agent opens the maintenance page: %d", r.Status)
	}
}
