package app_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/feedback"
)

var feedbackLinkRE = regexp.MustCompile(`https?://\S+/ru/feedback/(\d+)\?t=([A-Za-z0-9_-]+)`)

// TestFeedbackEmails runs feedback on the real stack: a topic made through the API, a
// message submitted (with the form token aged past 3 seconds), the topic's admin emailed
// through the SMTP sink, the answer from the API emailed to the requester with the thread
// link, the reply through that link, and hiding that keeps the row and is audited.
func TestFeedbackEmails(t *testing.T) {
	s := startStack(t, stackOptions{})
	ctx := context.Background()
	a := provisionTenant(t, s, "school-fb")
	owner := a.users["owner"]
	cookie := session(t, s, owner.ID)
	base := fmt.Sprintf("/api/v1/sites/%d/feedback", a.site)
	r := s.do("POST", base+"/topics", map[string]any{"name_kk": "Сұрақ", "name_ru": "Вопрос", "name_en": "Question",
		"recipients": []int64{owner.ID}}, "Cookie", cookie)
	if r.Status != 201 {
		t.Fatalf("topic: %d %s", r.Status, r.Body)
	}
	topics, err := s.App.Feedback.Topics(ctx, a.site)
	if err != nil || len(topics) != 1 {
		t.Fatalf("topics %v %v", topics, err)
	}
	tok := s.App.Feedback.FormToken(a.site)
	s.App.Feedback.Now = func() time.Time { return time.Now().Add(5 * time.Second) }
	m, err := s.App.Feedback.Submit(ctx, nil, a.site, sitecore.Russian, feedback.Submission{TopicID: topics[0].ID,
		Name: "Аружан", Email: "aru-fb@example.kz", Body: "Когда собрание? <script>alert(1)</script>", FormToken: tok})
	if err != nil {
		t.Fatal(err)
	}
	got := waitMail(t, s, owner.Email, func(m devstack.Mail) bool { return strings.Contains(m.Text, "Когда собрание?") })
	if strings.Contains(got.HTML, "<script>") {
		t.Fatalf("admin email HTML carries the script: %s", got.HTML)
	}
	if r := s.do("POST", fmt.Sprintf("%s/%d/answers", base, m.ID), map[string]any{"body": "В пятницу."}, "Cookie", cookie); r.Status != 201 {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	ans := waitMail(t, s, "aru-fb@example.kz", func(m devstack.Mail) bool { return strings.Contains(m.Text, "В пятницу.") })
	link := feedbackLinkRE.FindStringSubmatch(ans.Text)
	if link == nil || !strings.Contains(ans.Text, a.host) {
		t.Fatalf("no thread link on the school's domain: %s", ans.Text)
	}
	if _, err := s.App.Feedback.Reply(ctx, a.site, m.ID, link[2], "Спасибо!"); err != nil {
		t.Fatal(err)
	}
	waitMail(t, s, owner.Email, func(m devstack.Mail) bool { return strings.Contains(m.Text, "Спасибо!") })
	if r := s.do("PUT", fmt.Sprintf("%s/%d/hidden", base, m.ID), map[string]any{"hidden": true}, "Cookie", cookie); r.Status != 200 ||
		!strings.Contains(string(r.Body), `"hidden":true`) || !strings.Contains(string(r.Body), "Спасибо!") {
		t.Fatalf("hide: %d %s", r.Status, r.Body)
	}
	var n int
	if err := s.App.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE site_id = $1 AND action = 'feedback.hide'`, a.site).Scan(&n); err != nil || n != 1 {
		t.Fatalf("audit: %d %v", n, err)
	}
}
