package app_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore"
)

// TestForumJoinByApproval: in a community "by approval" a signed-in person asks to join
// with the page's button (no JavaScript) or the API; until a moderator decides they are
// pending — they cannot write, and a pending person of a private community still gets
// "not found"; the moderators see the requests on the community's page, the moderation
// page and the API's queue, approve or reject them (audited), and the requester gets the
// decision by email in their language.
func TestForumJoinByApproval(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-fj")
	owner := session(t, s, a.users["owner"].ID)
	f := newCommunity(t, s, owner, a.site, "Клуб физиков", "public", "approval", "Добро пожаловать!")
	c := fmt.Sprintf("/api/v1/communities/%d", f.community)
	base := fmt.Sprintf("/ru/communities/%d", f.community)
	student, teacher := a.users["student"], a.users["teacher"]
	if _, err := s.App.DB.Pool.Exec(ctx, `UPDATE users SET lang = CASE id WHEN $1 THEN 'kk' ELSE 'en' END WHERE id IN ($1, $2)`,
		student.ID, teacher.ID); err != nil {
		t.Fatal(err)
	}

	// The student asks with the page's button, the teacher through the API.
	st := session(t, s, student.ID)
	if p := s.do("GET", base, nil, "Host", a.host, "Cookie", st); p.Status != 200 || !strings.Contains(string(p.Body), `id="join"`) {
		t.Fatalf("page has no button to ask: %d", p.Status)
	}
	if r := formPost(s, a.host, base, st, url.Values{"action": {"join"}}); r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "done=pending") {
		t.Fatalf("ask form: %d %s", r.Status, r.Header.Get("Location"))
	}
	if p := s.do("GET", base, nil, "Host", a.host, "Cookie", st); !strings.Contains(string(p.Body), `id="pending-note"`) {
		t.Fatalf("the page does not say the request is pending")
	}
	te := session(t, s, teacher.ID)
	if r := s.do("POST", c+"/membership", nil, "Cookie", te); r.Status != 200 || !strings.Contains(string(r.Body), `"status":"pending"`) {
		t.Fatalf("ask: %d %s", r.Status, r.Body)
	}
	// Pending: no writing.
	if r := s.do("POST", fmt.Sprintf("%s/topics/%d/posts", c, f.topic), map[string]any{"body": "Можно?"}, "Cookie", st); r.Status != 403 {
		t.Fatalf("a pending person wrote: %d %s", r.Status, r.Body)
	}
	// Not a moderator's business of others: the student may not decide.
	if r := s.do("POST", fmt.Sprintf("%s/requests/%d", c, teacher.ID), map[string]any{"decision": "approve"}, "Cookie", st); r.Status != 403 {
		t.Fatalf("a pending person decided: %d %s", r.Status, r.Body)
	}

	// The moderators see both requests: API queue, community page, moderation page.
	r := s.do("GET", c+"/moderation", nil, "Cookie", owner)
	if r.Status != 200 || len(obj(t, r.JSON(t), "queue")["requests"].([]any)) != 2 {
		t.Fatalf("queue: %d %s", r.Status, r.Body)
	}
	q := s.do("GET", base+"/moderation", nil, "Host", a.host, "Cookie", owner)
	if q.Status != 200 || !strings.Contains(string(q.Body), fmt.Sprintf(`name="user_id" value="%d"`, student.ID)) ||
		!strings.Contains(string(q.Body), `value="reject_request"`) {
		t.Fatalf("moderation page: %d", q.Status)
	}
	// Approve the student on the moderation page; reject the teacher through the API.
	if r := formPost(s, a.host, base+"/moderation", owner, url.Values{"action": {"approve_request"}, "user_id": {fmt.Sprint(student.ID)}}); r.Status != 303 ||
		!strings.Contains(r.Header.Get("Location"), "done=approved") {
		t.Fatalf("approve form: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", fmt.Sprintf("%s/requests/%d", c, teacher.ID), map[string]any{"decision": "reject"}, "Cookie", owner); r.Status != 204 {
		t.Fatalf("reject: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", fmt.Sprintf("%s/requests/%d", c, teacher.ID), map[string]any{"decision": "reject"}, "Cookie", owner); r.Status != 404 {
		t.Fatalf("reject twice: %d %s", r.Status, r.Body)
	}
	if r := s.do("POST", fmt.Sprintf("%s/requests/%d", c, teacher.ID), map[string]any{"decision": "maybe"}, "Cookie", owner); r.Status != 400 ||
		!strings.Contains(string(r.Body), `"field":"decision"`) {
		t.Fatalf("bad decision: %d %s", r.Status, r.Body)
	}
	// The student writes now (held: a new member); the teacher is no member.
	if r := s.do("POST", fmt.Sprintf("%s/topics/%d/posts", c, f.topic), map[string]any{"body": "Спасибо!"}, "Cookie", st); r.Status != 201 {
		t.Fatalf("approved member writes: %d %s", r.Status, r.Body)
	}
	if g := s.do("GET", c, nil, "Cookie", te); g.Status != 200 || strings.Contains(string(g.Body), `"membership":"pending"`) {
		t.Fatalf("rejected still pending: %s", g.Body)
	}
	// Emails in each one's language, audit rows.
	waitMail(t, s, student.Email, func(m devstack.Mail) bool {
		return strings.Contains(m.Subject, "мақұлданды") && strings.Contains(m.Text, fmt.Sprintf("/kk/communities/%d", f.community))
	})
	waitMail(t, s, teacher.Email, func(m devstack.Mail) bool { return strings.Contains(m.Subject, "declined") })
	var audited int
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE site_id = $1 AND action IN ('community.request.approve', 'community.request.reject')`,
		a.site).Scan(&audited); err != nil || audited != 2 {
		t.Fatalf("audited: %d %v", audited, err)
	}

	// A pending person of a private community gets "not found", like any outsider.
	priv := newCommunity(t, s, owner, a.site, "Родители 5А", "private", "approval", "Секретное собрание родителей.")
	if err := s.App.DB.UpsertCommunityMember(ctx, &sitecore.CommunityMember{CommunityID: priv.community, UserID: a.users["parent"].ID,
		Role: sitecore.MemberRole, Status: sitecore.MemberPending}); err != nil {
		t.Fatal(err)
	}
	parent := session(t, s, a.users["parent"].ID)
	for _, path := range []string{fmt.Sprintf("/api/v1/communities/%d", priv.community), fmt.Sprintf("/api/v1/communities/%d/topics/%d", priv.community, priv.topic)} {
		if r := s.do("GET", path, nil, "Cookie", parent); r.Status != 404 || strings.Contains(string(r.Body), "Секретное") {
			t.Errorf("pending in private: GET %s = %d", path, r.Status)
		}
	}
	if p := s.do("GET", fmt.Sprintf("/ru/communities/%d/topics/%d", priv.community, priv.topic), nil, "Host", a.host, "Cookie", parent); p.Status != 404 {
		t.Errorf("pending in private: page = %d", p.Status)
	}
}
