package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestBrowserParentSignsUpChild: on a 360 px wide phone a parent opens the school's events,
// the month view and an event, signs up their child (a confirmed child link) without any
// script, sees the confirmed seat, and gets the hour reminder by email naming the child;
// the school's panel lists the sign-up. axe-core runs on every page, no public page scrolls
// sideways at 360 px, screenshots are kept.
func TestBrowserParentSignsUpChild(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-evbrowse")
	ctx := context.Background()
	parent, child := a.users["parent"], a.users["student"]
	link := &sitecore.ParentLink{ParentID: parent.ID, ChildID: child.ID}
	if err := s.App.DB.CreateParentLink(ctx, link); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.ConfirmParentLink(ctx, link.ID, "child", nil); err != nil {
		t.Fatal(err)
	}
	// The hour reminder is due 45 s after the event is made.
	starts := time.Now().Add(time.Hour + 45*time.Second)
	id := createEvent(t, s, a.site, session(t, s, a.users["owner"].ID), map[string]any{
		"title":       map[string]string{"ru": "Школьная ярмарка", "kk": "Мектеп жәрмеңкесі", "en": "School fair"},
		"description": map[string]string{"ru": "<p>Приходите всей семьёй.</p>"},
		"starts_at":   starts, "place": "Спортзал", "capacity": 20})

	u := strings.TrimPrefix(s.URL, "http://127.0.0.1")
	origin := "http://" + a.host + u
	b := chromiumWith(t, a.host, chromedp.WindowSize(360, 780))
	if err := chromedp.Do(b, chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile, chromedp.EmulateScale(2)),
		chromedp.Navigate(origin+"/ru/"),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.cookie = %q`, session(t, s, parent.ID)+"; path=/")),
	); err != nil {
		t.Fatal(err)
	}
	check := func(name string) {
		t.Helper()
		axeCheck(t, b, name)
		wide, err := chromedp.Run(b, chromedp.Evaluate[bool](`window.innerWidth != 360 || document.documentElement.scrollWidth > 361`))
		if err != nil || wide {
			t.Errorf("%s scrolls sideways at 360 px (%v)", name, err)
		}
		shot(t, b, name)
	}
	if err := chromedp.Do(b, chromedp.Navigate(origin+"/ru/events"), chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("event-%d", id)))); err != nil {
		t.Fatalf("list: %v", err)
	}
	check("events-list")
	if err := chromedp.Do(b, chromedp.Click(chromedp.ID("view-month")), chromedp.WaitVisible(chromedp.ID("grid"))); err != nil {
		t.Fatalf("month: %v", err)
	}
	check("events-month")
	if err := chromedp.Do(b, chromedp.Navigate(fmt.Sprintf("%s/ru/events/%d", origin, id)), chromedp.WaitVisible(chromedp.ID("signup-form"))); err != nil {
		t.Fatalf("event: %v", err)
	}
	check("event")
	if err := chromedp.Do(b,
		chromedp.SetValue(chromedp.ID("attendee"), fmt.Sprint(child.ID)),
		chromedp.Click(chromedp.ID("signup")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("sign-up: %v", err)
	}
	check("event-signed")
	mine := text(t, b, fmt.Sprintf("#mine-%d", child.ID))
	if !strings.Contains(mine, child.FullName) || !strings.Contains(mine, "Место подтверждено") {
		t.Errorf("the child's sign-up shows %q", mine)
	}
	g, err := s.App.DB.SignUps(ctx, a.site, id)
	if err != nil || len(g) != 1 || g[0].AttendeeID != child.ID || g[0].SignedBy != parent.ID || g[0].Status != "confirmed" {
		t.Fatalf("stored sign-ups: %+v %v", g, err)
	}
	// The school's side: the panel's list and the event with the child's sign-up.
	if err := chromedp.Do(b, chromedp.EmulateViewport(1280, 900),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.cookie = %q`, session(t, s, a.users["owner"].ID)+"; path=/")),
		chromedp.Navigate(origin+"/ru/panel/events"), chromedp.WaitVisible(chromedp.ID("new-event"))); err != nil {
		t.Fatalf("panel: %v", err)
	}
	axeCheck(t, b, "panel-events")
	shot(t, b, "panel-events")
	if err := chromedp.Do(b, chromedp.Navigate(fmt.Sprintf("%s/ru/panel/events/%d", origin, id)),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("signup-%d", child.ID)))); err != nil {
		t.Fatalf("panel event: %v", err)
	}
	axeCheck(t, b, "panel-event")
	shot(t, b, "panel-event")
	testenv.Eventually(t, 2*time.Minute, "the hour reminder to the parent", func() bool {
		for _, m := range mailTo(t, s, parent.Email) {
			if strings.Contains(m.Subject, "Через час") && strings.Contains(m.Text, child.FullName) && strings.Contains(m.Text, "Спортзал") {
				return true
			}
		}
		return false
	})
}
