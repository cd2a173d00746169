package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/mektep/mektep/sitecore"
)

const panelPassword = "Панель-құпия-2026"

// panelUser stores a site member who logs in with panelPassword.
func panelUser(t *testing.T, s *stack, email, name string, siteID int64, role sitecore.SiteRole) *sitecore.User {
	t.Helper()
	hash, err := sitecore.HashPassword(panelPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &sitecore.User{Email: email, FullName: name, Lang: sitecore.Russian, EmailVerified: true,
		Visibility: sitecore.VisibilityMembers, PasswordHash: hash}
	ctx := context.Background()
	if err := s.App.DB.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	if err := s.App.DB.AddMember(ctx, sitecore.Membership{SiteID: siteID, UserID: u.ID, Role: role}, nil); err != nil {
		t.Fatal(err)
	}
	return u
}

// panelLogin opens a panel page, logs in on the site's login page and lands on waitFor.
func panelLogin(t *testing.T, b context.Context, origin, path, email, waitFor string) {
	t.Helper()
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+path),
		chromedp.WaitVisible(chromedp.ID("login-submit")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), panelPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID(waitFor)),
	); err != nil {
		t.Fatalf("logging in as %s: %v", email, err)
	}
}

// centre is the middle of the first element matching sel, in viewport coordinates, and
// the height of its upper tenth.
func centre(t *testing.T, b context.Context, sel string) (float64, float64, float64) {
	t.Helper()
	xy, err := chromedp.Run(b, chromedp.Evaluate[[]float64](fmt.Sprintf(
		`(() => { const e = document.querySelector(%q); const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2, r.height * 0.4]; })()`, sel)))
	if err != nil || len(xy) != 3 {
		t.Fatalf("where is %s: %v", sel, err)
	}
	return xy[0], xy[1], xy[2]
}

// drag presses the mouse on from, moves it in steps to the upper part of to and releases.
// Both must be on the screen together (scrolling is not dragged).
func drag(t *testing.T, b context.Context, from, to string) {
	t.Helper()
	if err := chromedp.Do(b, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "center"}); 0`, from))); err != nil {
		t.Fatal(err)
	}
	x0, y0, _ := centre(t, b, from)
	x1, y1, up := centre(t, b, to)
	y1 -= up
	held := func(p *input.DispatchMouseEventParams) { p.Button = input.MouseButtonLeft; p.Buttons = 1 }
	steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x0, y0, held, chromedp.ClickCount(1))}
	for i := 1; i <= 20; i++ {
		f := float64(i) / 20
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, held), chromedp.Sleep(15*time.Millisecond))
	}
	steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x1, y1, held, chromedp.ClickCount(1)))
	if err := chromedp.Do(b, steps...); err != nil {
		t.Fatalf("dragging %s to %s: %v", from, to, err)
	}
}

// TestBrowserPanelContent: in Debian chromium, a school admin builds a page tree (creates
// pages, moves one with the up button and one by drag-and-drop), edits a page in Kazakh and
// Russian with the rich-text editor and an image from the media library, publishes it,
// creates a news item with a cover and schedules it, reorders the menu by drag-and-drop; a teacher delegated "news: publish"
// sees only news in the navigation and is refused the pages. axe-core finds no serious or
// critical problem on any page, every page fits a 360 px phone, and each page is saved as
// a screenshot under the test's temp dir.
func TestBrowserPanelContent(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-pcb")
	admin := panelUser(t, s, "admin-pcb@example.kz", "Гүлнар Әкімова", a.site, sitecore.RoleAdmin)
	teacher := panelUser(t, s, "teacher-pcb@example.kz", "Ерлан Мұғалімов", a.site, sitecore.RoleTeacher)
	owner := session(t, s, a.users["owner"].ID)
	api := fmt.Sprintf("/api/v1/sites/%d", a.site)
	img := get(t, uploadRaw(s, api+"/media", "mektep.png", noisePNG(t, 320, 200), "Cookie", owner), "media")
	if r := s.do("POST", api+"/delegations", map[string]any{"user_id": teacher.ID, "section": "news", "action": "publish"}, "Cookie", owner); r.Status != 201 {
		t.Fatalf("delegate: %d %s", r.Status, r.Body)
	}
	u, _ := url.Parse(s.URL)
	origin := "http://" + a.host + ":" + u.Port()
	b := chromium(t, a.host)
	panelLogin(t, b, origin, "/ru/panel/pages", admin.Email, "page-tree")
	axeCheck(t, b, "pages tree")
	shot(t, b, "pages-tree")

	// Two pages under "about": the form works like any form; the editor is Quill.
	for _, p := range []struct{ key, title, slug string }{{"clubs", "Кружки", "kruzhki"}, {"sports", "Спорт", "sport"}} {
		if err := chromedp.Do(b,
			chromedp.Navigate(origin+"/ru/panel/pages/new?parent=about"),
			chromedp.WaitVisible(chromedp.CSS("#ru-body-editor")),
			chromedp.SendKeys(chromedp.ID("key"), p.key),
			chromedp.SendKeys(chromedp.ID("ru-title"), p.title),
			chromedp.SendKeys(chromedp.ID("ru-slug"), p.slug),
			chromedp.Click(chromedp.ID("ru-body-editor")),
			chromedp.SendKeys(chromedp.ID("ru-body-editor"), "Расписание занятий."),
			chromedp.Click(chromedp.ID("create")),
			chromedp.WaitVisible(chromedp.ID("page-status")),
		); err != nil {
			t.Fatalf("creating %s: %v", p.key, err)
		}
	}
	axeCheck(t, b, "page editor")
	shot(t, b, "page-editor")
	if body := field(t, s.do("GET", api+"/pages/sports", nil, "Cookie", owner), "page", "text", "ru", "body"); body != "<p>Расписание занятий.</p>" {
		t.Errorf("the editor's text: %v", body)
	}
	// Sports goes up with the keyboard alternative; contacts is dragged above news.
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/panel/pages"),
		chromedp.Click(chromedp.ID("up-sports")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("sports up: %v", err)
	}
	if p := field(t, s.do("GET", api+"/pages/sports", nil, "Cookie", owner), "page", "position"); p != 0.0 {
		t.Errorf("sports after the up button: %v", p)
	}
	drag(t, b, "#page-contacts > .pt-row [data-handle]", "#page-news > .pt-row")
	if err := chromedp.Do(b, chromedp.WaitVisible(chromedp.ID("notice"))); err != nil {
		t.Fatalf("after the drag: %v", err)
	}
	if p := field(t, s.do("GET", api+"/pages/contacts", nil, "Cookie", owner), "page", "position"); p != 1.0 {
		t.Errorf("contacts after the drag: position %v (want 1, above news)", p)
	}

	// Clubs in Kazakh and Russian with an image from the media library, then published.
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/panel/pages/clubs"),
		chromedp.WaitVisible(chromedp.CSS("#kk-body-editor")),
		chromedp.SendKeys(chromedp.ID("kk-title"), "Үйірмелер"),
		chromedp.SendKeys(chromedp.ID("kk-slug"), "uyirmeler"),
		chromedp.Click(chromedp.ID("kk-body-editor")),
		chromedp.SendKeys(chromedp.ID("kk-body-editor"), "Шахмат пен домбыра үйірмелері. "),
		chromedp.Click(chromedp.CSS("#image-picker summary")),
		chromedp.SetValue(chromedp.ID("img-target"), "kk"),
		chromedp.Click(chromedp.CSS(`button[data-insert-image="`+img["url"].(string)+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#kk-body-editor img`)),
		chromedp.Click(chromedp.ID("publish")),
		chromedp.WaitVisible(chromedp.ID("notice")),
	); err != nil {
		t.Fatalf("editing clubs: %v", err)
	}
	page := s.do("GET", api+"/pages/clubs", nil, "Cookie", owner)
	kk, _ := field(t, page, "page", "text", "kk", "body").(string)
	if !strings.Contains(kk, "Шахмат пен домбыра") || !strings.Contains(kk, `<img src="`+img["url"].(string)+`" alt="mektep.png"`) ||
		field(t, page, "page", "text", "ru", "title") != "Кружки" || field(t, page, "page", "published") != true {
		t.Errorf("clubs after publishing: %s", page.Body)
	}
	if r := s.do("GET", "/kk/uyirmeler", nil, "Host", a.host); r.Status != 200 || !strings.Contains(string(r.Body), img["url"].(string)) {
		t.Errorf("the public Kazakh page: %d", r.Status)
	}
	if err := chromedp.Do(b, chromedp.Navigate(origin+"/ru/panel/pages/clubs/revisions?rev=1"), chromedp.WaitVisible(chromedp.ID("diff"))); err != nil {
		t.Fatal(err)
	}
	axeCheck(t, b, "revisions")
	shot(t, b, "revisions")

	// A news item with a cover, scheduled for tomorrow morning.
	at := time.Now().In(sitecore.Almaty).Add(24*time.Hour).Format("2006-01-02") + "T09:00"
	if err := chromedp.Do(b,
		chromedp.Navigate(origin+"/ru/panel/news/new"),
		chromedp.WaitVisible(chromedp.CSS("#ru-body-editor")),
		chromedp.SendKeys(chromedp.ID("ru-title"), "День открытых дверей"),
		chromedp.SendKeys(chromedp.ID("ru-slug"), "den-otkrytyh-dverey"),
		chromedp.Click(chromedp.ID("ru-body-editor")),
		chromedp.SendKeys(chromedp.ID("ru-body-editor"), "Ждём будущих первоклассников."),
		chromedp.SetValue(chromedp.ID("cover_id"), img["id"].(string)),
		chromedp.SendKeys(chromedp.ID("tags"), "приём"),
		chromedp.Click(chromedp.ID("create")),
		chromedp.WaitVisible(chromedp.ID("news-status")),
	); err != nil {
		t.Fatalf("creating news: %v", err)
	}
	axeCheck(t, b, "news editor")
	shot(t, b, "news-editor")
	if err := chromedp.Do(b,
		chromedp.SetValue(chromedp.ID("at"), at),
		chromedp.Click(chromedp.ID("schedule")),
		chromedp.WaitVisible(chromedp.ID("scheduled-at")),
	); err != nil {
		t.Fatalf("scheduling: %v", err)
	}
	list := s.do("GET", api+"/news", nil, "Cookie", owner)
	items, _ := field(t, list, "news", "items").([]any)
	if len(items) != 1 {
		t.Fatalf("news: %s", list.Body)
	}
	n := items[0].(map[string]any)
	want, _ := time.ParseInLocation("2006-01-02T15:04", at, sitecore.Almaty)
	if got, _ := time.Parse(time.RFC3339, fmt.Sprint(n["publish_at"])); !got.Equal(want) || n["cover_url"] != img["url"] || n["published"] != false {
		t.Errorf("the scheduled news item: %v", n)
	}
	for _, p := range []struct{ path, wait, name string }{
		{"/ru/panel/news", "news-list", "news-list"},
		{"/ru/panel/news/republish", "feed-search", "republish"},
		{"/ru/panel/menus", "menu-tree", "menus"},
		{"/ru/panel/pages/clubs/preview?l=kk", "preview", "preview"},
	} {
		if err := chromedp.Do(b, chromedp.Navigate(origin+p.path), chromedp.WaitVisible(chromedp.ID(p.wait))); err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		axeCheck(t, b, p.name)
		shot(t, b, p.name)
	}

	// The menu: contacts dragged above news, then saved; the depths and order come from
	// where the items sit.
	if err := chromedp.Do(b, chromedp.Navigate(origin+"/ru/panel/menus"), chromedp.WaitVisible(chromedp.ID("menu-tree"))); err != nil {
		t.Fatal(err)
	}
	drag(t, b, "#item-3 > .mn-row [data-handle]", "#item-2 > .mn-row")
	if err := chromedp.Do(b, chromedp.Click(chromedp.ID("save-top")), chromedp.WaitVisible(chromedp.ID("notice"))); err != nil {
		t.Fatalf("saving the menu: %v", err)
	}
	var order []string
	for _, it := range field(t, s.do("GET", api+"/menus/main", nil, "Cookie", owner), "menu", "items").([]any) {
		order = append(order, fmt.Sprint(it.(map[string]any)["page_key"]))
	}
	if strings.Join(order, " ") != "home about contacts news" {
		t.Errorf("menu after the drag: %v", order)
	}

	// Every page fits a 360 px phone.
	if err := chromedp.Do(b, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/ru/panel/pages", "/ru/panel/pages/clubs", "/ru/panel/pages/clubs/revisions?rev=1", "/ru/panel/news",
		"/ru/panel/news/new", "/ru/panel/news/republish", "/ru/panel/menus", "/kk/panel/pages/new"} {
		if err := chromedp.Do(b, chromedp.Navigate(origin+p), chromedp.WaitVisible(chromedp.ID("main"))); err != nil {
			t.Fatal(err)
		}
		if w, err := chromedp.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 360 {
			wide, _ := chromedp.Run(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > 361).map(e => e.tagName + "." + e.className).slice(0, 5)`))
			t.Errorf("%s is %d px wide on a 360 px phone (%v): %v", p, w, err, wide)
		}
	}
	shot(t, b, "menus-360")

	// The teacher with news:publish: news in the navigation, pages and menus refused.
	tb := chromium(t, a.host)
	panelLogin(t, tb, origin, "/ru/panel/news", teacher.Email, "news-list")
	nav, err := chromedp.Run(tb, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".pc-nav a")].map(a => a.getAttribute("href"))`))
	// ("my learning" is everyone's own page, not a section: it is always there.)
	if err != nil || strings.Join(nav, " ") != "/ru/panel/ /ru/panel/news /ru/panel/learning" {
		t.Errorf("the teacher's navigation: %v (%v)", nav, err)
	}
	if txt := text(t, tb, "#news-list"); !strings.Contains(txt, "День открытых дверей") {
		t.Errorf("the teacher's news list: %q", txt)
	}
	axeCheck(t, tb, "teacher's news")
	shot(t, tb, "teacher-news")
	if err := chromedp.Do(tb, chromedp.Navigate(origin+"/ru/panel/pages"), chromedp.WaitVisible(chromedp.ID("error"))); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, tb, "#error"); !strings.Contains(msg, "нет доступа") {
		t.Errorf("the teacher at pages: %q", msg)
	}
}
