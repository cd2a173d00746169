package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/workflows"
)

// TestForumDigestInMemberLanguage: two members follow a topic, one reading Kazakh and one
// English; after a post by someone else, the daily digest workflow (run here at once, as
// its schedule would) emails each of them in their own language with a link to the post on
// the school's domain, and a second run sends nothing new.
func TestForumDigestInMemberLanguage(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-fd")
	owner := session(t, s, a.users["owner"].ID)
	f := newCommunity(t, s, owner, a.site, "Ата-аналар", "public", "open", "Сәлем!")
	c := fmt.Sprintf("/api/v1/communities/%d", f.community)
	kk, en := a.users["parent"], a.users["teacher"]
	if _, err := s.App.DB.Pool.Exec(ctx, `UPDATE users SET lang = CASE id WHEN $1 THEN 'kk' ELSE 'en' END WHERE id IN ($1, $2)`, kk.ID, en.ID); err != nil {
		t.Fatal(err)
	}
	for _, u := range []int64{kk.ID, en.ID} {
		cookie := session(t, s, u)
		if r := s.do("PUT", fmt.Sprintf("%s/topics/%d/subscription", c, f.topic), map[string]any{"on": true}, "Cookie", cookie); r.Status != 204 {
			t.Fatalf("subscribe: %d %s", r.Status, r.Body)
		}
	}
	if r := s.do("POST", fmt.Sprintf("%s/topics/%d/posts", c, f.topic), map[string]any{"body": "Ертең жиналыс сағат 18:00-де."}, "Cookie", owner); r.Status != 201 {
		t.Fatalf("post: %d %s", r.Status, r.Body)
	}
	run := func() int {
		t.Helper()
		wr, err := s.App.Temporal.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: fmt.Sprintf("forum-digest-test-%d", time.Now().UnixNano()),
			TaskQueue: s.Env["TEMPORAL_TASK_QUEUE"]}, workflows.ForumDigest)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := wr.Get(ctx, &n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := run(); n != 2 {
		t.Fatalf("digests sent: %d, want 2", n)
	}
	mk := waitMail(t, s, kk.Email, func(m devstack.Mail) bool {
		return strings.Contains(m.Subject, "Қауымдастықтардағы жаңа хабарламалар")
	})
	me := waitMail(t, s, en.Email, func(m devstack.Mail) bool { return strings.Contains(m.Subject, "New posts in your communities") })
	for _, m := range []devstack.Mail{mk, me} {
		if !strings.Contains(m.Text, "Ертең жиналыс") || !strings.Contains(m.Text, a.host) {
			t.Errorf("digest to %s: %s", m.To, m.Text)
		}
	}
	if !strings.Contains(mk.Text, "/kk/communities/") || !strings.Contains(me.Text, "/en/communities/") {
		t.Errorf("links not in the reader's language:\n%s\n%s", mk.Text, me.Text)
	}
	if n := run(); n != 0 {
		t.Errorf("a second run sent %d digests", n)
	}
}
