package app_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mektep/mektep/sitecore"
)

// TestPanelNewsRevisions: news keep revisions like pages (the same store and page code): a
// news item created, published and edited again in the panel lists its revisions with who
// and what; the diff of the published revision against the draft shows the changed summary
// and body; restoring it makes it the draft again (cover and tags stay), and the restore is a
// revision itself. A teacher delegated news:view sees the list but no restore button and is
// refused a restore; the JSON API lists and restores the same revisions.
func TestPanelNewsRevisions(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-nr")
	owner := session(t, s, a.users["owner"].ID)
	c := contentClient{t, s, a.host}
	api := fmt.Sprintf("/api/v1/sites/%d", a.site)
	viewer := panelUser(t, s, "viewer-nr@example.kz", "Ерлан Мұғалімов", a.site, sitecore.RoleTeacher)
	if r := s.do("POST", api+"/delegations", map[string]any{"user_id": viewer.ID, "section": "news", "action": "view"}, "Cookie", owner); r.Status != 201 {
		t.Fatalf("delegate: %d %s", r.Status, r.Body)
	}

	form := url.Values{"op": {"save"}, "key": {"concert"}, "tags": {"музыка"}, "text.ru.title": {"Весенний концерт"}, "text.ru.slug": {"vesennij-koncert"},
		"text.ru.summary": {"Концерт в актовом зале."}, "text.ru.body": {"<p>Начало в 15:00.</p>"}}
	redirected(t, "create", c.do("POST", "/ru/panel/news/new", owner, form), "/ru/panel/news/concert")
	form.Set("op", "publish")
	form.Del("key")
	redirected(t, "publish", c.do("POST", "/ru/panel/news/concert", owner, form), "/ru/panel/news/concert?done=published")
	form.Set("op", "save")
	form.Set("text.ru.summary", "Концерт перенесён в спортзал.")
	form.Set("text.ru.body", "<p>Начало в 16:00.</p>")
	redirected(t, "draft", c.do("POST", "/ru/panel/news/concert", owner, form), "/ru/panel/news/concert")

	edit := c.do("GET", "/ru/panel/news/concert", owner, nil)
	pageHas(t, "editor", edit, 200, `href="/ru/panel/news/concert/revisions" id="revisions-link"`)
	revs := c.do("GET", "/ru/panel/news/concert/revisions", owner, nil)
	m := regexp.MustCompile(`id="compare-(\d+)"`).FindAllSubmatch(revs.Body, -1)
	if revs.Status != 200 || len(m) != 3 {
		t.Fatalf("revisions (create, publish, draft): %d %s", revs.Status, revs.Body)
	}
	pageHas(t, "revisions", revs, 200, "публикация", `href="/ru/panel/news/concert"`)
	published := string(m[1][1]) // newest first: the draft edit, then the publish
	diff := c.do("GET", "/ru/panel/news/concert/revisions?rev="+published, owner, nil)
	for _, re := range []string{`<del[^>]*>− Концерт перенесён в спортзал.</del>`, `<ins[^>]*>\+ Концерт в актовом зале.</ins>`,
		`<del[^>]*>− Начало в 16:00.</del>`, `<ins[^>]*>\+ Начало в 15:00.</ins>`, `<span>  Весенний концерт</span>`} {
		if !regexp.MustCompile(re).Match(diff.Body) {
			t.Errorf("diff lacks %s: %s", re, diff.Body)
		}
	}
	pageHas(t, "diff", diff, 200, `id="restore"`)

	// The viewer sees the history, not the button, and cannot restore.
	vc := session(t, s, viewer.ID)
	vd := c.do("GET", "/ru/panel/news/concert/revisions?rev="+published, vc, nil)
	pageHas(t, "viewer's diff", vd, 200, `id="diff"`)
	lacks(t, "viewer's diff", vd, `id="restore"`)
	if r := c.do("POST", "/ru/panel/news/concert/revisions", vc, url.Values{"rev": {published}}); r.Status != 403 {
		t.Errorf("the viewer restores: %d", r.Status)
	}
	if r := c.do("POST", "/ru/panel/news/concert/revisions", owner, url.Values{"rev": {"99"}}); r.Status != 400 {
		t.Errorf("restoring a revision that is not there: %d", r.Status)
	}

	redirected(t, "restore", c.do("POST", "/ru/panel/news/concert/revisions", owner, url.Values{"rev": {published}}), "/ru/panel/news/concert?done=restored")
	n := s.do("GET", api+"/news/concert", nil, "Cookie", owner).JSON(t)["news"].(map[string]any)
	draft := n["draft"].(map[string]any)["ru"].(map[string]any)
	if draft["summary"] != "Концерт в актовом зале." || draft["body"] != "<p>Начало в 15:00.</p>" || fmt.Sprint(n["tags"]) != "[музыка]" {
		t.Errorf("after the restore: %v", n)
	}
	if r := s.do("GET", "/ru/news/vesennij-koncert", nil, "Host", a.host); !strings.Contains(string(r.Body), "Начало в 15:00") {
		t.Errorf("the public item changed before publishing: %d", r.Status)
	}
	list := s.do("GET", api+"/news/concert/revisions", nil, "Cookie", owner)
	rs, _ := list.JSON(t)["revisions"].([]any)
	if list.Status != 200 || len(rs) != 4 || rs[0].(map[string]any)["event"] != "restore" || rs[0].(map[string]any)["key"] != "concert" {
		t.Fatalf("API revisions: %d %s", list.Status, list.Body)
	}
	if r := s.do("POST", api+"/news/concert/revisions/1/restore", nil, "Cookie", owner); r.Status != 200 {
		t.Errorf("API restore: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", api+"/news/concert/revisions/1/restore", nil, "Cookie", session(t, s, viewer.ID)); r.Status != 403 {
		t.Errorf("API restore by the viewer: %d", r.Status)
	}
}
