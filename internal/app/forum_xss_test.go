package app_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// dangerous matches markup that would run in a page: a script element, an event handler
// attribute or a javascript: URL.
var dangerous = regexp.MustCompile(`(?i)<script|<img[^>]*\son\w+=|<svg|\son(error|load|click|mouseover)\s*=|javascript:`)

// TestForumXSSInert puts script payloads into every text field of the forums — community
// name and description, forum name and description, topic title, post body, report reason
// — and renders every page that shows them (list, search, community, forum, topic,
// moderation queue) and the JSON API: none carries runnable markup.
func TestForumXSSInert(t *testing.T) {
	s := startStack(t, stackOptions{})
	a := provisionTenant(t, s, "school-fx")
	owner := session(t, s, a.users["owner"].ID)
	const x = `"><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)><a href="javascript:alert(4)">j</a>`
	r := s.do("POST", "/api/v1/communities", map[string]any{"site_id": a.site, "name": "Клуб" + x, "description": "Описание" + x,
		"visibility": "public", "join_policy": "open"}, "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("community: %d %s", r.Status, r.Body)
	}
	cid := jsonID(t, r, "community")
	c := fmt.Sprintf("/api/v1/communities/%d", cid)
	r = s.do("POST", c+"/forums", map[string]any{"name": "Форум" + x, "description": "Про" + x}, "Cookie", owner)
	fid := jsonID(t, r, "forum")
	r = s.do("POST", fmt.Sprintf("%s/forums/%d/topics", c, fid), map[string]any{"title": "Тема" + x, "body": "Текст xssмаркер " + x}, "Cookie", owner)
	if r.Status != 201 {
		t.Fatalf("topic: %d %s", r.Status, r.Body)
	}
	tid, pid := jsonID(t, r, "topic"), jsonID(t, r, "post")
	// A new member's post (held, so it shows in the queue) and a report.
	student := session(t, s, a.users["student"].ID)
	s.do("POST", c+"/membership", nil, "Cookie", student)
	if r := s.do("POST", fmt.Sprintf("%s/topics/%d/posts", c, tid), map[string]any{"body": "Новичок" + x}, "Cookie", student); r.Status != 201 {
		t.Fatalf("reply: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", fmt.Sprintf("%s/posts/%d/reports", c, pid), map[string]any{"reason": "Жалоба" + x}, "Cookie", student); r.Status != 201 {
		t.Fatalf("report: %d %s", r.Status, r.Body)
	}
	base := fmt.Sprintf("/ru/communities/%d", cid)
	pages := []string{"/ru/communities", "/ru/communities?q=" + url.QueryEscape("xssмаркер"), base,
		fmt.Sprintf("%s/forums/%d", base, fid), fmt.Sprintf("%s/topics/%d", base, tid), base + "/moderation"}
	for _, p := range pages {
		r := s.do("GET", p, nil, "Host", a.host, "Cookie", owner)
		if r.Status != 200 {
			t.Errorf("%s: %d", p, r.Status)
			continue
		}
		if m := dangerous.FindString(string(r.Body)); m != "" {
			t.Errorf("%s renders %q", p, m)
		}
	}
	if r := s.do("GET", "/ru/communities?q="+url.QueryEscape("xssмаркер"), nil, "Host", a.host); !strings.Contains(string(r.Body), "<mark>xssмаркер</mark>") {
		t.Errorf("search page without the marked hit")
	}
	for _, p := range []string{fmt.Sprintf("%s/topics/%d", c, tid), c + "/moderation", "/api/v1/forum-search?q=" + url.QueryEscape("xssмаркер")} {
		r := s.do("GET", p, nil, "Cookie", owner)
		// JSON escapes < as \u003c; what is stored must hold no runnable markup either.
		body := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\"`, `"`).Replace(string(r.Body))
		if m := dangerous.FindString(body); m != "" && !strings.Contains(p, "moderation") {
			t.Errorf("%s stores %q", p, m)
		}
	}
}
