package app_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestBrowserPanelSite: a school's owner, in Debian chromium, saves an analytics ID in the
// settings and sees the policy it implies; creates an album, uploads 5 photos into it at
// once with a progress bar each, drags the last photo to the top and moves another with
// its button; approves a comment in the moderation queue; reads the statistics chart.
// axe-core runs on every page, and every page fits a 360 px wide phone. Screenshots are
// saved under the test's temp dir.
func TestBrowserPanelSite(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-pbrowse")
	ctx := context.Background()
	u := strings.TrimPrefix(s.URL, "http://127.0.0.1")
	origin := "http://" + a.host + u
	cookie := session(t, s, a.users["owner"].ID)
	b := chromiumWith(t, a.host, chromedp.WindowSize(1280, 900))
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/"),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.cookie = %q`, cookie+"; path=/")),
	); err != nil {
		t.Fatal(err)
	}

	// Settings: a Google Analytics ID; the page shows the policy that now allows its script.
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/panel/settings"),
		chromedp.WaitVisible(chromedp.ID("integrations-form")),
		chromedp.SendKeys(chromedp.ID("integrations-ga4"), "G-TEST1234"),
		chromedp.Click(chromedp.ID("integrations-submit")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("settings: %v", err)
	}
	if csp := text(t, b, "#csp"); !strings.Contains(csp, "script-src 'self' https://www.googletagmanager.com") {
		t.Errorf("policy shown: %q", csp)
	}
	if st, _ := s.App.DB.FindSettings(ctx, a.site); st == nil || st.Integrations.GA4 != "G-TEST1234" {
		t.Errorf("settings stored: %+v", st)
	}
	axeCheck(t, b, "settings")
	shot(t, b, "settings")

	// An album, then 5 photos uploaded into it in one go, each with its progress bar.
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/panel/galleries"),
		chromedp.SendKeys(chromedp.ID("slug"), "sport-day"),
		chromedp.SendKeys(chromedp.ID("title-ru"), "День спорта"),
		chromedp.Click(chromedp.ID("album-create-submit")),
		chromedp.WaitVisible(chromedp.ID("upload")),
	); err != nil {
		t.Fatalf("create album: %v", err)
	}
	dir := t.TempDir()
	var files []string
	for i := range 5 {
		p := filepath.Join(dir, fmt.Sprintf("photo-%d.png", i+1))
		if err := os.WriteFile(p, noisePNG(t, 200+i*10, 150), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	album, err := chromedp.Run(b, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b,
		// The bars are counted into sessionStorage: the page reloads when the uploads end.
		chromedp.Evaluate[chromedp.Void](`new MutationObserver(() => sessionStorage.setItem("bars",
			String(document.querySelectorAll("#upload-progress progress").length))).observe(document.getElementById("upload-progress"), {childList: true, subtree: true});0`),
		chromedp.SetUploadFiles(chromedp.ID("file"), files),
		chromedp.Click(chromedp.ID("upload-submit")),
	); err != nil {
		t.Fatalf("upload: %v", err)
	}
	testenv.Eventually(t, 30*time.Second, "5 photos in the album", func() bool {
		n, _ := chromedp.Run(b, chromedp.Evaluate[int](`document.querySelectorAll("#items > li").length`))
		return n == 5
	})
	if bars, _ := chromedp.Run(b, chromedp.Evaluate[string](`sessionStorage.getItem("bars")`)); bars != "5" {
		t.Errorf("progress bars shown: %q", bars)
	}
	albumID := formIDOf(t, album)
	op := &sitecore.Principal{PlatformRole: sitecore.PlatformOperator}
	al, err := s.App.Galleries.Get(ctx, op, a.site, albumID)
	if err != nil || len(al.Items) != 5 {
		t.Fatalf("album: %v %+v", err, al)
	}
	last, first := al.Items[4].ID, al.Items[0].ID
	axeCheck(t, b, "album")

	// Drag the last photo by its handle above the first; the order is saved at once.
	type box struct{ X, Y float64 }
	center := func(sel string) box {
		t.Helper()
		c, err := chromedp.Run(b, chromedp.Evaluate[box](fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
			return {X: r.x + r.width / 2, Y: r.y + r.height / 2}; })()`, sel)))
		if err != nil {
			t.Fatalf("%s: %v", sel, err)
		}
		return c
	}
	// A tall window, so both items are on the screen at once.
	if err := chromedp.Do(b, chromedp.EmulateViewport(1280, 3000), chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0);0`)); err != nil {
		t.Fatal(err)
	}
	from := center(fmt.Sprintf("#item-%d [data-handle]", last))
	to := center(fmt.Sprintf("#item-%d [data-handle]", first))
	held := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	actions := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, from.X, from.Y, held, chromedp.ClickCount(1)),
		chromedp.Sleep(50 * time.Millisecond)}
	for i := 1; i <= 25; i++ {
		y := from.Y + (to.Y-8-from.Y)*float64(i)/25
		actions = append(actions, chromedp.MouseEvent(chromedp.MouseMoved, from.X+float64(i%2), y, held), chromedp.Sleep(20*time.Millisecond))
	}
	actions = append(actions, chromedp.MouseEvent(chromedp.MouseReleased, from.X, to.Y-8, held, chromedp.ClickCount(1)))
	if err := chromedp.Do(b, actions...); err != nil {
		t.Fatalf("drag: %v", err)
	}
	testenv.Eventually(t, 10*time.Second, "order saved after the drag", func() bool {
		al, _ := s.App.Galleries.Get(ctx, op, a.site, albumID)
		return al != nil && len(al.Items) == 5 && al.Items[0].ID == last
	})
	// Without the mouse: the second photo moves down with its button.
	if err := chromedp.Do(b, chromedp.Navigate(origin+album), chromedp.WaitVisible(chromedp.ID("items")), chromedp.WaitNotPresent(chromedp.ID("notice"))); err != nil {
		t.Fatal(err)
	}
	al, _ = s.App.Galleries.Get(ctx, op, a.site, albumID)
	second, third := al.Items[1].ID, al.Items[2].ID
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.ID(fmt.Sprintf("down-%d", second))),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("move down: %v", err)
	}
	al, _ = s.App.Galleries.Get(ctx, op, a.site, albumID)
	if al.Items[0].ID != last || al.Items[1].ID != third || al.Items[2].ID != second {
		t.Errorf("order after the button: %v", []int64{al.Items[0].ID, al.Items[1].ID, al.Items[2].ID})
	}
	if err := chromedp.Do(b, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	shot(t, b, "album")

	// A comment waiting for moderation is approved from the queue.
	c := &sitecore.Comment{SiteID: a.site, NewsKey: "n1", UserID: a.users["parent"].ID, AuthorName: "Айгүл",
		Body: "<p>Рақмет мұғалімдерге!</p>", Status: sitecore.CommentPending}
	if err := s.App.DB.AddComment(ctx, c, 100, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/kk/panel/comments"),
		chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("c-%d", c.ID))),
	); err != nil {
		t.Fatalf("queue: %v", err)
	}
	axeCheck(t, b, "comments")
	shot(t, b, "comments")
	if err := chromedp.Do(b,
		chromedp.Click(chromedp.ID(fmt.Sprintf("approve-%d", c.ID))),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("approve: %v", err)
	}
	if got, _ := s.App.DB.FindComment(ctx, a.site, c.ID); got == nil || got.Status != sitecore.CommentVisible {
		t.Errorf("comment after approving: %+v", got)
	}

	// Statistics: the chart of a week with views.
	day := sitecore.AlmatyDay(time.Now())
	if err := s.App.DB.AddStats(ctx, []sitecore.PageViews{
		{SiteID: a.site, Day: day.AddDate(0, 0, -2), Path: "/kk/", Lang: "kk", Views: 120},
		{SiteID: a.site, Day: day, Path: "/ru/news", Lang: "ru", Views: 45},
	}, nil); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/en/panel/stats"),
		chromedp.WaitVisible(chromedp.ID("chart-days")),
	); err != nil {
		t.Fatalf("stats: %v", err)
	}
	if h, err := chromedp.Run(b, chromedp.Evaluate[float64](`Math.max(...[...document.querySelectorAll("#chart-days rect.sf-bar")].map(r => r.getBoundingClientRect().height))`)); err != nil || h < 50 {
		t.Errorf("tallest bar %.0f px (%v)", h, err)
	}
	axeCheck(t, b, "stats")
	shot(t, b, "stats")
	if err := chromedp.Do(b, chromedp.Navigate(origin+"/ru/panel/media"), chromedp.WaitVisible(chromedp.ID("media-list"))); err != nil {
		t.Fatalf("media: %v", err)
	}
	if n, _ := chromedp.Run(b, chromedp.Evaluate[int](`[...document.querySelectorAll("#media-list img")].filter(i => i.complete && i.naturalWidth > 0).length`)); n != 5 {
		t.Errorf("thumbnails loaded: %d", n)
	}
	axeCheck(t, b, "media")
	shot(t, b, "media")
	if err := chromedp.Do(b, chromedp.Navigate(origin+"/ru/panel/galleries"), chromedp.WaitVisible(chromedp.ID("albums"))); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, b, "galleries")

	// Every page on a 360 px wide phone: nothing wider than the screen.
	if err := chromedp.Do(b, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/ru/panel/settings", "/ru/panel/media", "/ru/panel/galleries", album, "/kk/panel/comments?status=visible", "/en/panel/stats"} {
		if err := chromedp.Do(b, chromedp.Navigate(origin+p), chromedp.WaitVisible(chromedp.ID("main"))); err != nil {
			t.Fatal(err)
		}
		if w, err := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 360 {
			t.Errorf("%s is %d px wide on a 360 px phone (%v)", p, w, err)
		}
		shot(t, b, "phone-"+strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(strings.TrimPrefix(p, "/")))
	}
}
