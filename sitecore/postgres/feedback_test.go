package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
)

// TestFeedbackStore: a thread per message, answered by an admin's answer, hidden without
// losing the row, and nothing of one site reachable through another.
func TestFeedbackStore(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	a := create(t, db, "fb-a", "fb-a.example.kz")
	b := create(t, db, "fb-b", "fb-b.example.kz")
	topic := &sitecore.FeedbackTopic{SiteID: a.ID, NameKK: "Сұрақ", NameRU: "Вопрос", NameEN: "Question"}
	if err := db.CreateFeedbackTopic(ctx, topic); err != nil {
		t.Fatal(err)
	}
	m := &sitecore.FeedbackMessage{SiteID: a.ID, TopicID: topic.ID, Name: "Aru", Email: "aru@example.kz",
		Lang: sitecore.Russian, Body: "<script>alert(1)</script>"}
	if err := db.CreateFeedbackMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	if m.Status != sitecore.FeedbackNew {
		t.Fatalf("status %q, want new", m.Status)
	}
	if _, err := db.FindFeedbackMessage(ctx, b.ID, m.ID); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("other site's message: %v, want not found", err)
	}
	if err := db.AddFeedbackAnswer(ctx, b.ID, &sitecore.FeedbackAnswer{MessageID: m.ID, Body: "x"}); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("answer through other site: %v, want not found", err)
	}
	if err := db.AddFeedbackAnswer(ctx, a.ID, &sitecore.FeedbackAnswer{MessageID: m.ID, Body: "thanks"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindFeedbackMessage(ctx, a.ID, m.ID); got.Status != sitecore.FeedbackNew {
		t.Fatalf("requester's reply changed status to %q", got.Status)
	}
	if err := db.AddFeedbackAnswer(ctx, a.ID, &sitecore.FeedbackAnswer{MessageID: m.ID, AuthorID: mkUser(t, db, "fb-admin@example.kz").ID, Body: "answer"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindFeedbackMessage(ctx, a.ID, m.ID); got.Status != sitecore.FeedbackAnswered {
		t.Fatalf("admin's answer left status %q", got.Status)
	}
	if err := db.SetFeedbackHidden(ctx, b.ID, m.ID, true); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("hide through other site: %v", err)
	}
	if err := db.SetFeedbackHidden(ctx, a.ID, m.ID, true); err != nil {
		t.Fatal(err)
	}
	if l, _ := db.FeedbackMessages(ctx, a.ID, false); len(l) != 0 {
		t.Fatalf("hidden message listed: %v", l)
	}
	l, err := db.FeedbackMessages(ctx, a.ID, true)
	if err != nil || len(l) != 1 || !l[0].Hidden || l[0].Body != m.Body {
		t.Fatalf("with hidden: %v %v", l, err)
	}
	th, err := db.FeedbackAnswers(ctx, m.ID)
	if err != nil || len(th) != 2 || th[0].AuthorID != 0 {
		t.Fatalf("thread %v %v", th, err)
	}
}

// TestFeedbackFilterAndSLA: the panel's filters (topic, status with hidden apart, period)
// stay within the site; a topic of another site cannot be changed; the answer time is 2
// working days until the site sets its own.
func TestFeedbackFilterAndSLA(t *testing.T) {
	ctx := context.Background()
	db := testenv.Postgres(t)
	a := create(t, db, "fbf-a", "fbf-a.example.kz")
	b := create(t, db, "fbf-b", "fbf-b.example.kz")
	t1 := &sitecore.FeedbackTopic{SiteID: a.ID, NameKK: "1", NameRU: "1", NameEN: "1"}
	t2 := &sitecore.FeedbackTopic{SiteID: a.ID, NameKK: "2", NameRU: "2", NameEN: "2"}
	tb := &sitecore.FeedbackTopic{SiteID: b.ID, NameKK: "b", NameRU: "b", NameEN: "b"}
	for _, tp := range []*sitecore.FeedbackTopic{t1, t2, tb} {
		if err := db.CreateFeedbackTopic(ctx, tp); err != nil {
			t.Fatal(err)
		}
	}
	msg := func(site int64, topic int64, body string) *sitecore.FeedbackMessage {
		m := &sitecore.FeedbackMessage{SiteID: site, TopicID: topic, Name: "N", Email: "n@example.kz", Lang: sitecore.Russian, Body: body}
		if err := db.CreateFeedbackMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m1, m2, m3 := msg(a.ID, t1.ID, "one"), msg(a.ID, t2.ID, "two"), msg(a.ID, t2.ID, "three")
	msg(b.ID, tb.ID, "other site")
	if err := db.AddFeedbackAnswer(ctx, a.ID, &sitecore.FeedbackAnswer{MessageID: m2.ID, AuthorID: mkUser(t, db, "fbf-admin@example.kz").ID, Body: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetFeedbackHidden(ctx, a.ID, m3.ID, true); err != nil {
		t.Fatal(err)
	}
	bodies := func(f sitecore.FeedbackFilter) string {
		t.Helper()
		f.SiteID = a.ID
		l, err := db.FilterFeedbackMessages(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range l {
			out = append(out, m.Body)
		}
		return strings.Join(out, ",")
	}
	for _, c := range []struct {
		f    sitecore.FeedbackFilter
		want string
	}{
		{sitecore.FeedbackFilter{}, "two,one"},
		{sitecore.FeedbackFilter{TopicID: t2.ID}, "two"},
		{sitecore.FeedbackFilter{Status: sitecore.FeedbackNew}, "one"},
		{sitecore.FeedbackFilter{Status: sitecore.FeedbackAnswered}, "two"},
		{sitecore.FeedbackFilter{Status: sitecore.FeedbackHiddenStatus}, "three"},
		{sitecore.FeedbackFilter{TopicID: tb.ID}, ""},
		{sitecore.FeedbackFilter{From: m1.CreatedAt.Add(time.Hour)}, ""},
		{sitecore.FeedbackFilter{From: m1.CreatedAt.Add(-time.Hour), To: m1.CreatedAt.Add(time.Hour)}, "two,one"},
	} {
		if got := bodies(c.f); got != c.want {
			t.Errorf("%+v: %q, want %q", c.f, got, c.want)
		}
	}
	tb.SiteID = a.ID
	if err := db.UpdateFeedbackTopic(ctx, tb); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("other site's topic through A: %v", err)
	}
	if d, err := db.FeedbackSLADays(ctx, a.ID); err != nil || d != sitecore.DefaultFeedbackSLADays {
		t.Fatalf("default answer time %d %v", d, err)
	}
	if err := db.SetFeedbackSLADays(ctx, a.ID, 5); err != nil {
		t.Fatal(err)
	}
	if d, _ := db.FeedbackSLADays(ctx, a.ID); d != 5 {
		t.Fatalf("answer time %d, want 5", d)
	}
	if d, _ := db.FeedbackSLADays(ctx, b.ID); d != sitecore.DefaultFeedbackSLADays {
		t.Fatalf("B's answer time %d changed with A's", d)
	}
}
