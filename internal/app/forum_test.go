package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/mektep/mektep/deploy/devstack"
)

// TestForumPrivateCommunity: a school's private community is "not found" (404, never 403)
// to everyone who is not its member — the school's other people, another school's owner,
// an anonymous visitor — through the API, the pages and search; once invited, the member
// reads it and finds its posts; and on another school's domain it does not exist even for
// the member.
func TestForumPrivateCommunity(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-fp")
	b := provisionTenant(t, s, "school-fq")
	owner := session(t, s, a.users["owner"].ID)
	f := newCommunity(t, s, owner, a.site, "Родители 5А", "private", "approval", "Секретное собрание: родительскийкомитет обсуждает взносы.")
	const secret = "родительскийкомитет"

	parent := session(t, s, a.users["parent"].ID)
	outsiders := map[string][]string{
		"anonymous":  nil,
		"A's parent": {"Cookie", parent},
		"B's owner":  {"Cookie", session(t, s, b.users["owner"].ID)},
	}
	c := fmt.Sprintf("/api/v1/communities/%d", f.community)
	for who, h := range outsiders {
		for _, probe := range []struct {
			method, path string
			body         any
		}{
			{"GET", c, nil}, {"GET", fmt.Sprintf("%s/forums/%d", c, f.forum), nil}, {"GET", fmt.Sprintf("%s/topics/%d", c, f.topic), nil},
			{"POST", c + "/membership", nil}, {"POST", fmt.Sprintf("%s/topics/%d/posts", c, f.topic), map[string]any{"body": "hello"}},
			{"POST", fmt.Sprintf("%s/posts/%d/reports", c, f.post), map[string]any{"reason": "spam"}}, {"GET", c + "/moderation", nil},
		} {
			r := s.do(probe.method, probe.path, probe.body, h...)
			if r.Status != 404 {
				t.Errorf("%s: %s %s = %d, want 404: %s", who, probe.method, probe.path, r.Status, r.Body)
			}
			if strings.Contains(string(r.Body), secret) {
				t.Errorf("%s: %s %s leaked the post", who, probe.method, probe.path)
			}
		}
		page := s.do("GET", fmt.Sprintf("/ru/communities/%d/topics/%d", f.community, f.topic), nil, append([]string{"Host", a.host}, h...)...)
		if page.Status != 404 || strings.Contains(string(page.Body), secret) {
			t.Errorf("%s: topic page = %d", who, page.Status)
		}
		list := s.do("GET", "/ru/communities", nil, append([]string{"Host", a.host}, h...)...)
		if list.Status != 200 || strings.Contains(string(list.Body), "Родители 5А") {
			t.Errorf("%s: the list shows the private community (%d)", who, list.Status)
		}
		search := s.do("GET", "/api/v1/forum-search?q="+url.QueryEscape(secret), nil, h...)
		if strings.Contains(string(search.Body), secret) || strings.Contains(string(search.Body), fmt.Sprintf(`"topic_id":%d`, f.topic)) {
			t.Errorf("%s: search found the private post: %s", who, search.Body)
		}
		sp := s.do("GET", "/ru/communities?q="+url.QueryEscape(secret), nil, append([]string{"Host", a.host}, h...)...)
		if strings.Contains(string(sp.Body), "Собрание") {
			t.Errorf("%s: the search page found the private topic", who)
		}
	}

	// Invited by the moderator, the parent reads the topic and finds its post.
	if r := s.do("PUT", fmt.Sprintf("%s/members/%d", c, a.users["parent"].ID), map[string]any{}, "Cookie", owner); r.Status != 200 {
		t.Fatalf("invite: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", fmt.Sprintf("%s/topics/%d", c, f.topic), nil, "Cookie", parent); r.Status != 200 || !strings.Contains(string(r.Body), secret) {
		t.Fatalf("member reads: %d %s", r.Status, r.Body)
	}
	r := s.do("GET", "/api/v1/forum-search?lang=ru&q="+url.QueryEscape(secret), nil, "Cookie", parent)
	if r.Status != 200 || !strings.Contains(string(r.Body), "<mark>"+secret+"</mark>") {
		t.Fatalf("member's search: %d %s", r.Status, r.Body)
	}
	if p := s.do("GET", fmt.Sprintf("/ru/communities/%d/topics/%d", f.community, f.topic), nil, "Host", a.host, "Cookie", parent); p.Status != 200 || !strings.Contains(string(p.Body), secret) {
		t.Fatalf("member's page: %d", p.Status)
	}
	// Another school's domain does not know A's communities, private or public.
	pub := newCommunity(t, s, owner, a.site, "Открытый клуб", "public", "open", "Добро пожаловать в клуб шахматистов.")
	for _, id := range []int64{f.community, pub.community} {
		if p := s.do("GET", fmt.Sprintf("/ru/communities/%d", id), nil, "Host", b.host, "Cookie", parent); p.Status != 404 {
			t.Errorf("community %d on B's domain: %d", id, p.Status)
		}
	}
	// A public community is read by anyone, and found by search.
	if p := s.do("GET", fmt.Sprintf("/ru/communities/%d/topics/%d", pub.community, pub.topic), nil, "Host", a.host); p.Status != 200 ||
		!strings.Contains(string(p.Body), "шахматистов") {
		t.Errorf("public topic: %d", p.Status)
	}
	if r := s.do("GET", "/api/v1/forum-search?q="+url.QueryEscape("шахматисты"), nil); !strings.Contains(string(r.Body), "<mark>") {
		t.Errorf("public search (Russian stemming): %s", r.Body)
	}
}

// TestForumModeration: a new member's first post is held (invisible to others) until a
// moderator approves it from the queue; a post with too many links from a new member is
// refused; a mention emails the member; a report reaches the queue and hiding the post
// keeps its row, closes the report and is audited; a locked topic refuses replies.
func TestForumModeration(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-fm")
	owner := session(t, s, a.users["owner"].ID)
	f := newCommunity(t, s, owner, a.site, "Клуб учителей", "public", "open", "Приветствуем всех!")
	c := fmt.Sprintf("/api/v1/communities/%d", f.community)
	base := fmt.Sprintf("/ru/communities/%d", f.community)

	// The student joins through the page's form (no JavaScript), the teacher through the API.
	student := session(t, s, a.users["student"].ID)
	if r := formPost(s, a.host, base, student, url.Values{"action": {"join"}}); r.Status != 303 {
		t.Fatalf("join form: %d %s", r.Status, r.Body)
	}
	teacher := session(t, s, a.users["teacher"].ID)
	if r := s.do("POST", c+"/membership", nil, "Cookie", teacher); r.Status != 200 || !strings.Contains(string(r.Body), `"status":"active"`) {
		t.Fatalf("join: %d %s", r.Status, r.Body)
	}

	// Too many links for a new member.
	r := s.do("POST", fmt.Sprintf("%s/topics/%d/posts", c, f.topic),
		map[string]any{"body": `<a href="https://a.example">a</a> <a href="https://b.example">b</a>`}, "Cookie", student)
	if r.Status != 400 || !strings.Contains(string(r.Body), `"field":"body"`) {
		t.Fatalf("links: %d %s", r.Status, r.Body)
	}
	// The first post is held: others do not see it.
	r = s.do("POST", fmt.Sprintf("%s/topics/%d/posts", c, f.topic), map[string]any{"body": "Первый пост новичка"}, "Cookie", student)
	if r.Status != 201 || !strings.Contains(string(r.Body), `"status":"held"`) {
		t.Fatalf("held: %d %s", r.Status, r.Body)
	}
	held := jsonID(t, r, "post")
	topicPage := fmt.Sprintf("%s/topics/%d", base, f.topic)
	if p := s.do("GET", topicPage, nil, "Host", a.host); strings.Contains(string(p.Body), "Первый пост новичка") {
		t.Fatal("a held post shows to visitors")
	}
	// The queue page shows it to the moderator; approving it there shows it to all.
	q := s.do("GET", base+"/moderation", nil, "Host", a.host, "Cookie", owner)
	if q.Status != 200 || !strings.Contains(string(q.Body), "Первый пост новичка") {
		t.Fatalf("queue page: %d", q.Status)
	}
	if p := s.do("GET", base+"/moderation", nil, "Host", a.host, "Cookie", teacher); p.Status != 404 {
		t.Errorf("the queue for a member: %d", p.Status)
	}
	if r := formPost(s, a.host, base+"/moderation", owner, url.Values{"post_id": {fmt.Sprint(held)}, "action": {"approve"}}); r.Status != 303 {
		t.Fatalf("approve: %d %s", r.Status, r.Body)
	}
	if p := s.do("GET", topicPage, nil, "Host", a.host); !strings.Contains(string(p.Body), "Первый пост новичка") {
		t.Fatal("the approved post does not show")
	}

	// A mention emails the teacher (in the teacher's language, Russian).
	if r := s.do("POST", fmt.Sprintf("%s/topics/%d/posts", c, f.topic),
		map[string]any{"body": "@Person_teacher-secret, посмотрите, пожалуйста.", "quote_id": f.post}, "Cookie", owner); r.Status != 201 ||
		!strings.Contains(string(r.Body), "<blockquote>") {
		t.Fatalf("mention: %d %s", r.Status, r.Body)
	}
	m := waitMail(t, s, a.users["teacher"].Email, func(m devstack.Mail) bool { return strings.Contains(m.Subject, "упомянул") })
	if !strings.Contains(m.Text, "посмотрите") || !strings.Contains(m.Text, a.host) {
		t.Fatalf("mention email: %s / %s", m.Subject, m.Text)
	}

	// The teacher reports the student's post; the queue lists the report; hiding keeps the row.
	if r := s.do("POST", fmt.Sprintf("%s/posts/%d/reports", c, held), map[string]any{"reason": "Реклама"}, "Cookie", teacher); r.Status != 201 {
		t.Fatalf("report: %d %s", r.Status, r.Body)
	}
	if r := s.do("GET", c+"/moderation", nil, "Cookie", owner); r.Status != 200 || !strings.Contains(string(r.Body), "Реклама") {
		t.Fatalf("queue: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", fmt.Sprintf("%s/posts/%d/moderation", c, held), map[string]any{"action": "hide"}, "Cookie", teacher); r.Status != 403 {
		t.Errorf("a member hides: %d", r.Status)
	}
	if r := s.do("POST", fmt.Sprintf("%s/posts/%d/moderation", c, held), map[string]any{"action": "hide"}, "Cookie", owner); r.Status != 200 ||
		!strings.Contains(string(r.Body), `"status":"hidden"`) {
		t.Fatalf("hide: %d %s", r.Status, r.Body)
	}
	if p := s.do("GET", topicPage, nil, "Host", a.host); strings.Contains(string(p.Body), "Первый пост новичка") {
		t.Fatal("a hidden post shows to visitors")
	}
	if r := s.do("GET", c+"/moderation", nil, "Cookie", owner); strings.Contains(string(r.Body), "Реклама") {
		t.Error("the report stays open after hiding")
	}
	var rows, audited int
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM forum_posts WHERE id = $1`, held).Scan(&rows); err != nil || rows != 1 {
		t.Fatalf("the hidden post's row: %d %v", rows, err)
	}
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE site_id = $1 AND action IN ('forum.post.hide', 'forum.post.approve')`,
		a.site).Scan(&audited); err != nil || audited != 2 {
		t.Fatalf("audited: %d %v", audited, err)
	}

	// Locked: the teacher's reply is refused, the moderator's is not; the lock is audited.
	if r := formPost(s, a.host, topicPage, owner, url.Values{"action": {"lock"}}); r.Status != 303 {
		t.Fatalf("lock: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", fmt.Sprintf("%s/topics/%d/posts", c, f.topic), map[string]any{"body": "Ещё"}, "Cookie", teacher, "Accept-Language", "ru"); r.Status != 400 ||
		!strings.Contains(string(r.Body), "Тема закрыта") {
		t.Fatalf("locked reply: %d %s", r.Status, r.Body)
	}
	// Moved to a new forum.
	r = s.do("POST", c+"/forums", map[string]any{"name": "Архив"}, "Cookie", owner)
	archive := jsonID(t, r, "forum")
	if r := s.do("PATCH", fmt.Sprintf("%s/topics/%d", c, f.topic), map[string]any{"forum_id": archive, "pinned": true}, "Cookie", owner); r.Status != 200 ||
		!strings.Contains(string(r.Body), fmt.Sprintf(`"forum_id":%d`, archive)) {
		t.Fatalf("move: %d %s", r.Status, r.Body)
	}
}
