package app_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/sitecore"
)

// contentClient sends panel requests to a school's host as a browser would (same-origin).
type contentClient struct {
	t    *testing.T
	s    *stack
	host string
}

func (c contentClient) do(method, path, cookie string, form url.Values) response {
	c.t.Helper()
	h := []string{"Host", c.host, "Cookie", cookie, "Sec-Fetch-Site", "same-origin"}
	if form != nil {
		return c.s.do(method, path, form.Encode(), append(h, "Content-Type", "application/x-www-form-urlencoded")...)
	}
	return c.s.do(method, path, nil, h...)
}

// redirected fails unless the POST answered with a redirect to a page starting with to.
func redirected(t *testing.T, what string, r response, to string) {
	t.Helper()
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), to) {
		t.Fatalf("%s: %d %s %s", what, r.Status, r.Header.Get("Location"), r.Body)
	}
}

// The control panel's pages, news and menus over HTTP on the real stack: the page tree with
// moves by button and by the drag-and-drop form, a page created and edited in two languages
// with sanitized HTML, errors next to their fields in the page language, preview, publish,
// revisions with a diff and restore, scheduling; a page-subtree delegate sees the rest
// disabled and is refused; news with filters, cover, tags and a schedule; republishing
// another school's news; the menu edited without JavaScript; another school's content is
// never reachable.
func TestPanelContent(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-pc")
	other := provisionTenant(t, s, "school-pc-other")
	owner := session(t, s, a.users["owner"].ID)
	c := contentClient{t, s, a.host}
	api := fmt.Sprintf("/api/v1/sites/%d", a.site)

	// The tree: the starter pages, home apart, the others with move buttons.
	tree := c.do("GET", "/ru/panel/pages", owner, nil)
	if tree.Status != 200 || !strings.Contains(string(tree.Body), `id="page-tree"`) || !strings.Contains(string(tree.Body), `id="up-about"`) ||
		!strings.Contains(string(tree.Body), `id="page-home"`) || strings.Contains(string(tree.Body), `id="up-home"`) {
		t.Fatalf("tree: %d %s", tree.Status, tree.Body)
	}
	if csp := tree.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	// The tree loads the shell's script and the drag-and-drop one, not the editor (Quill).
	script := func(name string) *regexp.Regexp {
		return regexp.MustCompile(`<script src="/assets/` + name + `-[A-Z0-9]+\.js"`)
	}
	if !script("panel").Match(tree.Body) || !script("panel-sort").Match(tree.Body) || script("panel-editor").Match(tree.Body) {
		t.Errorf("the tree's scripts: %s", tree.Body)
	}

	// A new page: a bad key and a slug without a title are refused next to their fields.
	bad := c.do("POST", "/ru/panel/pages/new", owner, url.Values{"key": {"Плохой ключ"}, "parent": {""},
		"text.ru.title": {"Наша история"}, "text.ru.slug": {"istoriya"}})
	if bad.Status != 400 || !regexp.MustCompile(`id="key-error">[^<]+<`).Match(bad.Body) || !strings.Contains(string(bad.Body), `value="Наша история"`) {
		t.Errorf("bad key: %d %s", bad.Status, bad.Body)
	}
	noTitle := c.do("POST", "/ru/panel/pages/new", owner, url.Values{"key": {"history"}, "parent": {"about"}, "text.ru.slug": {"istoriya"}})
	if noTitle.Status != 400 || !regexp.MustCompile(`id="ru-title-error">[^<]*обязательно`).Match(noTitle.Body) {
		t.Errorf("no title: %d %s", noTitle.Status, noTitle.Body)
	}
	redirected(t, "create history", c.do("POST", "/ru/panel/pages/new", owner, url.Values{"key": {"history"}, "parent": {"about"},
		"text.ru.title": {"Наша история"}, "text.ru.slug": {"istoriya"},
		"text.ru.body": {`<p>Школа открыта в 1936 году.</p><script>alert(1)</script><p onclick="x()">Сегодня — <b>800</b> учеников.</p>`}}),
		"/ru/panel/pages/history")
	redirected(t, "create staff", c.do("POST", "/ru/panel/pages/new", owner, url.Values{"key": {"staff"}, "parent": {"about"},
		"text.ru.title": {"Учителя"}, "text.ru.slug": {"uchitelya"}}), "/ru/panel/pages/staff")
	pg := s.do("GET", api+"/pages/history", nil, "Cookie", owner)
	body, _ := field(t, pg, "page", "text", "ru", "body").(string)
	if strings.Contains(body, "script") || strings.Contains(body, "onclick") || !strings.Contains(body, "<b>800</b>") {
		t.Errorf("the body is not sanitized like the API's: %q", body)
	}
	if field(t, pg, "page", "parent") != "about" {
		t.Errorf("parent: %s", pg.Body)
	}

	// Moves: staff up (button), then staff to the top level after about (the drag form).
	redirected(t, "staff up", c.do("POST", "/ru/panel/pages", owner, url.Values{"op": {"up"}, "key": {"staff"}}), "/ru/panel/pages?done=moved")
	if p := field(t, s.do("GET", api+"/pages/staff", nil, "Cookie", owner), "page", "position"); p != 0.0 {
		t.Errorf("staff after up: position %v", p)
	}
	redirected(t, "place staff", c.do("POST", "/ru/panel/pages", owner, url.Values{"op": {"place"}, "key": {"staff"}, "parent": {""}, "position": {"1"}}),
		"/ru/panel/pages")
	st := s.do("GET", api+"/pages/staff", nil, "Cookie", owner)
	if field(t, st, "page", "position") != 1.0 || field(t, st, "page", "parent") != nil {
		t.Errorf("staff after the drag: %s", st.Body)
	}
	cycle := c.do("POST", "/ru/panel/pages", owner, url.Values{"op": {"place"}, "key": {"about"}, "parent": {"history"}, "position": {"0"}})
	if cycle.Status != 400 || !strings.Contains(string(cycle.Body), `role="alert"`) {
		t.Errorf("moving a page under its child: %d %s", cycle.Status, cycle.Body)
	}
	tree = c.do("GET", "/ru/panel/pages", owner, nil)
	if !regexp.MustCompile(`(?s)id="page-about".*id="page-history".*id="page-staff".*id="page-news"`).Match(tree.Body) {
		t.Errorf("tree order after the moves: %s", tree.Body)
	}
	if !regexp.MustCompile(`(?s)id="page-history".*Нет перевода: Қазақша, English`).Match(tree.Body) {
		t.Errorf("missing translation note: %s", tree.Body)
	}

	// Edit in a second language, publish, edit again as a draft; preview shows the draft.
	edit := c.do("GET", "/kk/panel/pages/history", owner, nil)
	if edit.Status != 200 || !strings.Contains(string(edit.Body), `id="missing-kk"`) || !strings.Contains(string(edit.Body), `name="text.ru.body"`) ||
		!strings.Contains(string(edit.Body), `data-editor`) {
		t.Fatalf("editor: %d %s", edit.Status, edit.Body)
	}
	form := url.Values{"op": {"save"}, "text.ru.title": {"Наша история"}, "text.ru.slug": {"istoriya"},
		"text.ru.body": {body}, "text.kk.title": {"Біздің тарих"}, "text.kk.slug": {"tarikh"}, "text.kk.body": {"<p>Мектеп 1936 жылы ашылған.</p>"}}
	redirected(t, "save kk", c.do("POST", "/kk/panel/pages/history", owner, form), "/kk/panel/pages/history?done=saved")
	form.Set("op", "publish")
	redirected(t, "publish", c.do("POST", "/kk/panel/pages/history", owner, form), "/kk/panel/pages/history?done=published")
	if r := s.do("GET", "/kk/tarikh", nil, "Host", a.host); r.Status != 200 || !strings.Contains(string(r.Body), "Мектеп 1936 жылы ашылған") {
		t.Errorf("published page in Kazakh: %d", r.Status)
	}
	form.Set("op", "save")
	form.Set("text.kk.body", "<p>Мектеп 1936 жылы ашылған. Жаңа мәтін.</p>")
	redirected(t, "draft", c.do("POST", "/kk/panel/pages/history", owner, form), "/kk/panel/pages/history")
	if r := s.do("GET", "/kk/tarikh", nil, "Host", a.host); strings.Contains(string(r.Body), "Жаңа мәтін") {
		t.Errorf("a draft is public")
	}
	if r := c.do("GET", "/kk/panel/pages/history/preview?l=kk", owner, nil); r.Status != 200 || !strings.Contains(string(r.Body), "Жаңа мәтін") {
		t.Errorf("preview: %d %s", r.Status, r.Body)
	}

	// Revisions: the diff of the published revision against the draft, then restore it.
	revs := c.do("GET", "/ru/panel/pages/history/revisions", owner, nil)
	m := regexp.MustCompile(`id="compare-(\d+)"`).FindAllSubmatch(revs.Body, -1)
	if revs.Status != 200 || len(m) < 3 {
		t.Fatalf("revisions: %d %s", revs.Status, revs.Body)
	}
	published := string(m[1][1]) // newest first: the draft edit, then the publish
	diff := c.do("GET", "/ru/panel/pages/history/revisions?rev="+published, owner, nil)
	if !regexp.MustCompile(`<del[^>]*>− Мектеп 1936 жылы ашылған. Жаңа мәтін.</del>`).Match(diff.Body) ||
		!regexp.MustCompile(`<ins[^>]*>\+ Мектеп 1936 жылы ашылған.</ins>`).Match(diff.Body) {
		t.Errorf("diff: %s", diff.Body)
	}
	redirected(t, "restore", c.do("POST", "/ru/panel/pages/history/revisions", owner, url.Values{"rev": {published}}), "/ru/panel/pages/history?done=restored")
	if b := field(t, s.do("GET", api+"/pages/history", nil, "Cookie", owner), "page", "draft", "kk", "body"); b != "<p>Мектеп 1936 жылы ашылған.</p>" {
		t.Errorf("after restore the draft is %v", b)
	}

	// Unpublish and publish again.
	redirected(t, "unpublish", c.do("POST", "/ru/panel/pages/history", owner, url.Values{"op": {"unpublish"}}), "/ru/panel/pages/history?done=unpublished")
	if r := s.do("GET", "/kk/tarikh", nil, "Host", a.host); r.Status != 404 {
		t.Errorf("an unpublished page: %d", r.Status)
	}
	redirected(t, "publish again", c.do("POST", "/ru/panel/pages/history", owner, url.Values{"op": {"publish"}}), "/ru/panel/pages/history?done=published")

	// Schedule: a past time is refused next to the field, in Russian; a future one is shown.
	form = url.Values{"op": {"schedule"}, "at": {"2020-01-01T09:00"}}
	if r := c.do("POST", "/ru/panel/pages/staff", owner, form); r.Status != 400 || !regexp.MustCompile(`id="at-error">[^<]*будущем`).Match(r.Body) {
		t.Errorf("schedule in the past: %d %s", r.Status, r.Body)
	}
	at := time.Now().In(sitecore.Almaty).Add(48 * time.Hour).Format("2006-01-02T15:04")
	form.Set("at", at)
	redirected(t, "schedule", c.do("POST", "/ru/panel/pages/staff", owner, form), "/ru/panel/pages/staff?done=scheduled")
	if r := c.do("GET", "/ru/panel/pages/staff", owner, nil); !strings.Contains(string(r.Body), `id="scheduled-at"`) {
		t.Errorf("schedule not shown: %s", r.Body)
	}
	redirected(t, "unschedule", c.do("POST", "/ru/panel/pages/staff", owner, url.Values{"op": {"unschedule"}}), "/ru/panel/pages/staff")

	// A delegate with pages:edit on the "about" subtree: only that subtree is enabled.
	student := a.users["student"]
	if r := s.do("POST", api+"/delegations", map[string]any{"user_id": student.ID, "section": "pages", "action": "edit", "page_key": "about"}, "Cookie", owner); r.Status != 201 {
		t.Fatalf("delegate: %d %s", r.Status, r.Body)
	}
	delegate := session(t, s, student.ID)
	dt := c.do("GET", "/ru/panel/pages", delegate, nil)
	if dt.Status != 200 || !strings.Contains(string(dt.Body), `id="up-history"`) || strings.Contains(string(dt.Body), `id="up-staff"`) ||
		strings.Contains(string(dt.Body), `id="up-contacts"`) {
		t.Errorf("delegate's tree: %d %s", dt.Status, dt.Body)
	}
	if r := c.do("POST", "/ru/panel/pages", delegate, url.Values{"op": {"up"}, "key": {"contacts"}}); r.Status != 403 && r.Status != 404 {
		t.Errorf("delegate moves a page outside the subtree: %d", r.Status)
	}
	de := c.do("GET", "/ru/panel/pages/history", delegate, nil)
	if de.Status != 200 || !strings.Contains(string(de.Body), `id="save"`) || strings.Contains(string(de.Body), `id="publish"`) {
		t.Errorf("delegate's editor: %d %s", de.Status, de.Body)
	}
	if r := c.do("POST", "/ru/panel/pages/history", delegate, url.Values{"op": {"unpublish"}}); r.Status != 403 {
		t.Errorf("delegate unpublishes: %d %s", r.Status, r.Body)
	}

	// News: an image for the cover, a draft with tags and comments off, filters, a schedule.
	img := get(t, uploadRaw(s, api+"/media", "concert.png", noisePNG(t, 64, 48), "Cookie", owner), "media")
	ne := c.do("GET", "/ru/panel/news/new", owner, nil)
	if ne.Status != 200 || !strings.Contains(string(ne.Body), `data-insert-image="`+img["url"].(string)+`"`) ||
		!strings.Contains(string(ne.Body), `<option value="`+img["id"].(string)+`">`) {
		t.Fatalf("news editor without the picker: %d %s", ne.Status, ne.Body)
	}
	if !script("panel-editor").Match(ne.Body) || !strings.Contains(string(ne.Body), `<link rel="stylesheet" href="/assets/panel-editor-`) {
		t.Errorf("the news editor does not load the editor: %s", ne.Body)
	}
	if r := c.do("GET", "/ru/panel/news", owner, nil); !script("panel").Match(r.Body) || script("panel-editor").Match(r.Body) || script("panel-sort").Match(r.Body) {
		t.Errorf("the news list's scripts: %s", r.Body)
	}
	if r := c.do("POST", "/ru/panel/news/new", owner, url.Values{"op": {"save"}, "text.ru.title": {"Концерт"}, "text.ru.slug": {"Концерт!"}}); r.Status != 400 ||
		!regexp.MustCompile(`id="ru-slug-error">`).Match(r.Body) {
		t.Errorf("bad news slug: %d %s", r.Status, r.Body)
	}
	redirected(t, "create news", c.do("POST", "/ru/panel/news/new", owner, url.Values{"op": {"save"}, "key": {"concert"},
		"text.ru.title": {"Весенний концерт"}, "text.ru.slug": {"vesenniy-koncert"}, "text.ru.body": {"<p>Приходите всей семьёй.</p>"},
		"cover_id": {img["id"].(string)}, "tags": {"Музыка, праздник"}}), "/ru/panel/news/concert")
	n := s.do("GET", api+"/news/concert", nil, "Cookie", owner)
	if field(t, n, "news", "cover_url") != img["url"] || field(t, n, "news", "no_comments") != true ||
		fmt.Sprint(field(t, n, "news", "tags")) != "[музыка праздник]" {
		t.Errorf("news settings: %s", n.Body)
	}
	for q, want := range map[string]bool{"tag=музыка": true, "status=published": false, "status=draft": true, "lang=en": false, "lang=ru": true} {
		r := c.do("GET", "/ru/panel/news?"+q, owner, nil)
		if r.Status != 200 || strings.Contains(string(r.Body), `id="news-concert"`) != want {
			t.Errorf("news filter %s: %d, listed %v", q, r.Status, !want)
		}
	}
	form = url.Values{"op": {"schedule"}, "at": {at}, "text.ru.title": {"Весенний концерт"}, "text.ru.slug": {"vesenniy-koncert"},
		"text.ru.body": {"<p>Приходите всей семьёй.</p>"}, "cover_id": {img["id"].(string)}, "tags": {"музыка, праздник"}, "comments": {"1"}}
	redirected(t, "schedule news", c.do("POST", "/ru/panel/news/concert", owner, form), "/ru/panel/news/concert?done=scheduled")
	if r := c.do("GET", "/ru/panel/news?status=scheduled", owner, nil); !strings.Contains(string(r.Body), `id="news-concert"`) {
		t.Errorf("scheduled news not in the filter: %s", r.Body)
	}
	if field(t, s.do("GET", api+"/news/concert", nil, "Cookie", owner), "news", "no_comments") != nil {
		t.Errorf("comments were not turned back on")
	}

	if r := c.do("GET", "/ru/panel/news/concert/preview?l=ru", owner, nil); r.Status != 200 || !strings.Contains(string(r.Body), "Приходите всей семьёй") ||
		!strings.Contains(string(r.Body), `src="`+img["url"].(string)+`"`) {
		t.Errorf("news preview: %d %s", r.Status, r.Body)
	}

	// A teacher with news:publish sees news and nothing of pages or menus.
	teacher := session(t, s, a.users["teacher"].ID)
	if r := s.do("POST", api+"/delegations", map[string]any{"user_id": a.users["teacher"].ID, "section": "news", "action": "publish"}, "Cookie", owner); r.Status != 201 {
		t.Fatalf("delegate news: %d %s", r.Status, r.Body)
	}
	if r := c.do("GET", "/ru/panel/news", teacher, nil); r.Status != 200 || !strings.Contains(string(r.Body), `id="news-concert"`) {
		t.Errorf("teacher's news: %d", r.Status)
	}
	for _, p := range []string{"/ru/panel/pages", "/ru/panel/pages/about", "/ru/panel/menus"} {
		if r := c.do("GET", p, teacher, nil); r.Status != 403 {
			t.Errorf("teacher at %s: %d", p, r.Status)
		}
	}

	// Republishing: the other school publishes; this one finds it and republishes it.
	oapi := fmt.Sprintf("/api/v1/sites/%d", other.site)
	oowner := session(t, s, other.users["owner"].ID)
	if r := s.do("POST", oapi+"/news", map[string]any{"key": "olympiad", "text": map[string]any{"ru": map[string]any{"title": "Победа на олимпиаде",
		"slug": "pobeda", "body": "<p>Наши ученики победили.</p>"}}}, "Cookie", oowner); r.Status != 201 {
		t.Fatalf("other's news: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", oapi+"/news/olympiad/publish", nil, "Cookie", oowner); r.Status != 200 {
		t.Fatalf("publish other's news: %d %s", r.Status, r.Body)
	}
	feed := c.do("GET", "/ru/panel/news/republish?q="+url.QueryEscape("олимпиад"), teacher, nil)
	pick := fmt.Sprintf(`id="pick-%d-olympiad"`, other.site)
	if feed.Status != 200 || !strings.Contains(string(feed.Body), pick) {
		t.Fatalf("republish search: %d %s", feed.Status, feed.Body)
	}
	if r := c.do("GET", "/ru/panel/news/republish?q="+url.QueryEscape("концерт"), teacher, nil); strings.Contains(string(r.Body), "pick-") {
		t.Errorf("a search for something else lists: %s", r.Body)
	}
	redirected(t, "republish", c.do("POST", "/ru/panel/news/republish", teacher, url.Values{"source_site": {itoa(other.site)}, "source_key": {"olympiad"}}),
		"/ru/panel/news?done=republished")
	again := c.do("POST", "/ru/panel/news/republish", teacher, url.Values{"source_site": {itoa(other.site)}, "source_key": {"olympiad"}})
	if again.Status != 409 || !strings.Contains(string(again.Body), `id="source_key-error"`) && !strings.Contains(string(again.Body), `role="alert"`) {
		t.Errorf("republishing twice: %d %s", again.Status, again.Body)
	}
	if r := c.do("GET", fmt.Sprintf("/ru/panel/news/r%d-olympiad", other.site), owner, nil); r.Status != 200 || !strings.Contains(string(r.Body), `id="source"`) ||
		strings.Contains(string(r.Body), `id="ru-title"`) {
		t.Errorf("the copy's editor is not read-only: %d %s", r.Status, r.Body)
	}
	if r := c.do("GET", "/ru/panel/news", owner, nil); !strings.Contains(string(r.Body), "Победа на олимпиаде") || !strings.Contains(string(r.Body), "Источник: Школа-гимназия №12") {
		t.Errorf("the copy is not listed with its source: %s", r.Body)
	}

	// Menus without JavaScript: add an item, a refused address marked in its row, move, nest.
	menu := c.do("GET", "/ru/panel/menus", owner, nil)
	if menu.Status != 200 || !strings.Contains(string(menu.Body), `id="menu-tree"`) || !strings.Contains(string(menu.Body), `name="label.kk"`) {
		t.Fatalf("menu: %d %s", menu.Status, menu.Body)
	}
	rows := menuForm(t, menu.Body)
	rows.Set("op", "add")
	rows.Set("new_label", "Фотогалерея")
	rows.Set("new_target", "url")
	rows.Set("new_url", "/ru/gallery")
	redirected(t, "add item", c.do("POST", "/ru/panel/menus", owner, rows), "/ru/panel/menus?name=main&done=saved")
	items := field(t, s.do("GET", api+"/menus/main", nil, "Cookie", owner), "menu", "items").([]any)
	if len(items) != 5 || items[4].(map[string]any)["url"] != "/ru/gallery" || items[0].(map[string]any)["label"].(map[string]any)["kk"] == nil {
		t.Fatalf("menu after adding: %v", items)
	}
	rows = menuForm(t, c.do("GET", "/ru/panel/menus", owner, nil).Body)
	rows["url"][4] = "javascript:alert(1)"
	rows.Set("op", "save")
	if r := c.do("POST", "/ru/panel/menus", owner, rows); r.Status != 400 || !regexp.MustCompile(`id="row-4-error">[^<]+<`).Match(r.Body) {
		t.Errorf("a script address: %d %s", r.Status, r.Body)
	}
	rows = menuForm(t, c.do("GET", "/ru/panel/menus", owner, nil).Body)
	rows.Set("op", "up:4")
	redirected(t, "item up", c.do("POST", "/ru/panel/menus", owner, rows), "/ru/panel/menus")
	rows = menuForm(t, c.do("GET", "/ru/panel/menus", owner, nil).Body)
	rows.Set("op", "in:3") // the gallery goes under "news"
	redirected(t, "item in", c.do("POST", "/ru/panel/menus", owner, rows), "/ru/panel/menus")
	items = field(t, s.do("GET", api+"/menus/main", nil, "Cookie", owner), "menu", "items").([]any)
	news := items[2].(map[string]any)
	if len(items) != 4 || news["page_key"] != "news" || fmt.Sprint(news["children"]) != "[map[label:map[ru:Фотогалерея] url:/ru/gallery]]" {
		t.Errorf("menu after up and in: %v", items)
	}

	// The list pages by 50, with and without a filter.
	for i := range 60 {
		n := &sitecore.News{SiteID: a.site, Key: fmt.Sprintf("bulk%02d", i), Tags: []string{"bulk"},
			Text:      map[sitecore.Lang]sitecore.NewsText{"ru": {Title: fmt.Sprintf("Массовая %02d", i), Slug: fmt.Sprintf("bulk%02d", i)}},
			UpdatedAt: time.Now().UTC().Add(time.Duration(i) * time.Second)}
		if err := s.App.Content.UpsertNews(context.Background(), n); err != nil {
			t.Fatal(err)
		}
	}
	first := c.do("GET", "/ru/panel/news", owner, nil)
	if n := strings.Count(string(first.Body), `<tr id="news-`); n != 50 || !strings.Contains(string(first.Body), `id="news-next"`) {
		t.Errorf("first page: %d rows", n)
	}
	second := c.do("GET", "/ru/panel/news?offset=50", owner, nil)
	if n := strings.Count(string(second.Body), `<tr id="news-`); n != 62-50 || strings.Contains(string(second.Body), `id="news-next"`) ||
		!strings.Contains(string(second.Body), `id="news-prev"`) {
		t.Errorf("second page: %d rows", n)
	}
	tagged := c.do("GET", "/ru/panel/news?tag=bulk&offset=50", owner, nil)
	if n := strings.Count(string(tagged.Body), `<tr id="news-bulk`); n != 10 || strings.Contains(string(tagged.Body), `id="news-concert"`) {
		t.Errorf("second page of a tag: %d rows", n)
	}

	// Another school's content is not reachable from this host.
	if r := s.do("POST", oapi+"/pages", map[string]any{"key": "secret-plan", "text": map[string]any{"ru": map[string]any{"title": "План", "slug": "plan"}}},
		"Cookie", oowner); r.Status != 201 {
		t.Fatalf("other's page: %d %s", r.Status, r.Body)
	}
	for _, p := range []string{"/ru/panel/pages/secret-plan", "/ru/panel/pages/secret-plan/revisions", "/ru/panel/news/olympiad", "/ru/panel/news/olympiad/preview",
		"/ru/panel/news/olympiad/revisions"} {
		if r := c.do("GET", p, owner, nil); r.Status != 404 {
			t.Errorf("the other school's %s through this host: %d", p, r.Status)
		}
	}
	if r := s.do("GET", "/ru/panel/pages", nil, "Host", other.host, "Cookie", owner); r.Status != 404 {
		t.Errorf("this owner in the other school's panel: %d", r.Status)
	}
}

var (
	menuDepthRE  = regexp.MustCompile(`name="depth" value="(\d+)"`)
	menuTargetRE = regexp.MustCompile(`(?s)name="target">.*?<option value="([^"]*)" selected`)
	menuURLRE    = regexp.MustCompile(`name="url" value="([^"]*)"`)
	menuLabelRE  = regexp.MustCompile(`name="label\.(kk|ru|en)" value="([^"]*)"`)
)

// menuForm reads the menu page's items as the browser would send them.
func menuForm(t *testing.T, page []byte) url.Values {
	t.Helper()
	f := url.Values{}
	for _, m := range menuDepthRE.FindAllSubmatch(page, -1) {
		f.Add("depth", string(m[1]))
	}
	for _, m := range menuTargetRE.FindAllSubmatch(page, -1) {
		f.Add("target", string(m[1]))
	}
	for _, m := range menuURLRE.FindAllSubmatch(page, -1) {
		f.Add("url", string(m[1]))
	}
	for _, m := range menuLabelRE.FindAllSubmatch(page, -1) {
		f.Add("label."+string(m[1]), htmlUnescape(string(m[2])))
	}
	if len(f["depth"]) != len(f["target"]) || len(f["depth"]) != len(f["url"]) {
		t.Fatalf("menu form: %d depths, %d targets, %d urls", len(f["depth"]), len(f["target"]), len(f["url"]))
	}
	return f
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'").Replace(s)
}
