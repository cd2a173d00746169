package app_test

import (
	"strings"
	"testing"
	"time"
)

// TestPagesDraftsRevisionsTreeAndScheduledPublish drives the page editor over HTTP against
// the real stack: drafts stay private until published, every edit is a revision that can be
// restored, the tree refuses cycles, and a scheduled publish fires on its durable timer.
func TestPagesDraftsRevisionsTreeAndScheduledPublish(t *testing.T) {
	s := startStack(t, stackOptions{})
	id, owner := ownedSite(t, s, "pages1", "owner-password-1")
	site := "/api/v1/sites/" + id64(id)
	host := []string{"Host", "pages1.edu.kz"}
	public := func(path string) response { return s.do("GET", path, nil, host...) }

	xss := `<p>Кружки</p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>`
	r := owner.do("POST", site+"/pages", map[string]any{"key": "clubs", "parent": "about",
		"text": map[string]any{"ru": map[string]any{"title": "Кружки", "slug": "kruzhki", "body": xss, "description": "Секции и кружки школы"},
			"kk": map[string]any{"title": "Үйірмелер", "slug": "uyirmeler", "body": "Үйірмелер мен секциялар: ә ғ қ ң ө ұ ү һ і"}}})
	if r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	if r := public("/ru/kruzhki"); r.Status != 404 {
		t.Errorf("an unpublished page is public: %d", r.Status)
	}
	if r := owner.do("POST", site+"/pages/clubs/publish", nil); r.Status != 200 {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	r = public("/ru/kruzhki")
	body := string(r.Body)
	if r.Status != 200 || !strings.Contains(body, "Кружки") || !strings.Contains(body, `content="Секции и кружки школы"`) {
		t.Fatalf("published page: %d %s", r.Status, body)
	}
	for _, bad := range []string{"<script>alert", "onerror", "javascript:"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page carries %q", bad)
		}
	}

	// An edit of a published page is a draft until published.
	edit := map[string]any{"lang": "ru", "title": "Кружки и секции", "slug": "kruzhki", "body": "Новый текст"}
	if r := owner.do("PATCH", site+"/pages/clubs", edit); r.Status != 200 || field(t, r, "page", "draft", "ru", "title") != "Кружки и секции" {
		t.Fatalf("edit: %d %s", r.Status, r.Body)
	}
	if r := public("/ru/kruzhki"); strings.Contains(string(r.Body), "Новый текст") {
		t.Error("a draft is visible publicly")
	}
	r = owner.do("GET", site+"/pages/clubs/revisions", nil)
	revs, _ := r.JSON(t)["revisions"].([]any)
	if r.Status != 200 || len(revs) != 3 {
		t.Fatalf("revisions: %d %s, want 3 (create, publish, edit)", r.Status, r.Body)
	}
	first := int64(revs[len(revs)-1].(map[string]any)["rev"].(float64))
	if r := owner.do("POST", site+"/pages/clubs/revisions/"+id64(first)+"/restore", nil); r.Status != 200 ||
		field(t, r, "page", "draft", "ru", "title") != "Кружки" {
		t.Fatalf("restore: %d %s", r.Status, r.Body)
	}
	if r := owner.do("POST", site+"/pages/clubs/revisions/999/restore", nil); r.Status != 400 {
		t.Errorf("restore of a missing revision: %d %s", r.Status, r.Body)
	}

	// The tree: no cycles, reorder at the top, delete only leaves.
	if r := owner.do("PUT", site+"/pages/about/place", map[string]any{"parent": "clubs"}); r.Status != 400 {
		t.Errorf("moving a page under its child: %d %s", r.Status, r.Body)
	} else if code, f, _ := r.Error(t); f != "parent" {
		t.Errorf("cycle error names %q (%s)", f, code)
	}
	if r := owner.do("DELETE", site+"/pages/about", nil); r.Status != 409 {
		t.Errorf("deleting a page with children: %d %s", r.Status, r.Body)
	}
	if r := owner.do("PUT", site+"/pages/clubs/place", map[string]any{"parent": "", "position": 0, "hidden": true}); r.Status != 200 ||
		field(t, r, "page", "parent") != nil || field(t, r, "page", "position") != float64(0) || field(t, r, "page", "hidden") != true {
		t.Fatalf("move to the top: %d %s", r.Status, r.Body)
	}
	if r := owner.do("DELETE", site+"/pages/home", nil); r.Status != 400 {
		t.Errorf("deleting the home page: %d %s", r.Status, r.Body)
	}

	// A scheduled publish fires on its durable timer; a past time is refused.
	if r := owner.do("PUT", site+"/pages/clubs/schedule", map[string]any{"at": "2020-01-01T09:00:00+05:00"}); r.Status != 400 {
		t.Errorf("schedule in the past: %d %s", r.Status, r.Body)
	} else if _, f, _ := r.Error(t); f != "at" {
		t.Errorf("past schedule names %q", f)
	}
	owner.do("PATCH", site+"/pages/clubs", map[string]any{"lang": "ru", "title": "Кружки 2026", "slug": "kruzhki", "body": "Расписание кружков"})
	at := time.Now().Add(2 * time.Second).Format(time.RFC3339)
	if r := owner.do("PUT", site+"/pages/clubs/schedule", map[string]any{"at": at}); r.Status != 200 || field(t, r, "page", "publish_at") == nil {
		t.Fatalf("schedule: %d %s", r.Status, r.Body)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(string(public("/ru/kruzhki").Body), "Расписание кружков") {
		if time.Now().After(deadline) {
			t.Fatal("the scheduled publish did not happen within 30 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if r := owner.do("GET", site+"/pages/clubs", nil); field(t, r, "page", "publish_at") != nil || field(t, r, "page", "draft") != nil {
		t.Errorf("after the scheduled publish: %s", r.Body)
	}

	// News items are scheduled the same way; a cancelled schedule never fires.
	owner.do("POST", site+"/news", map[string]any{"key": "exams", "text": map[string]any{"ru": map[string]any{"title": "Расписание экзаменов", "slug": "ekzameny", "body": "Экзамены в мае."}}})
	owner.do("POST", site+"/news", map[string]any{"key": "cancelled", "text": map[string]any{"ru": map[string]any{"title": "Отменено", "slug": "otmeneno", "body": "x"}}})
	soon := time.Now().Add(2 * time.Second).Format(time.RFC3339)
	for _, k := range []string{"exams", "cancelled"} {
		if r := owner.do("PUT", site+"/news/"+k+"/schedule", map[string]any{"at": soon}); r.Status != 200 {
			t.Fatalf("schedule news %s: %d %s", k, r.Status, r.Body)
		}
	}
	if r := owner.do("DELETE", site+"/news/cancelled/schedule", nil); r.Status != 200 || field(t, r, "news", "publish_at") != nil {
		t.Fatalf("unschedule: %d %s", r.Status, r.Body)
	}
	deadline = time.Now().Add(30 * time.Second)
	for public("/ru/news/ekzameny").Status != 200 {
		if time.Now().After(deadline) {
			t.Fatal("the scheduled news item was not published within 30 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(time.Second)
	if r := public("/ru/news/otmeneno"); r.Status != 404 {
		t.Errorf("a cancelled schedule published: %d", r.Status)
	}

	if r := owner.do("DELETE", site+"/pages/clubs", nil); r.Status != 204 {
		t.Fatalf("delete: %d %s", r.Status, r.Body)
	}
	if r := public("/ru/kruzhki"); r.Status != 404 {
		t.Errorf("a deleted page is served: %d", r.Status)
	}
	if seen := assertHistoriesPrivate(t, s); seen["ScheduledPublish"] == 0 {
		t.Errorf("no ScheduledPublish workflow scanned (saw %v)", seen)
	}
}
