package postgres_test

import (
	"context"
	"testing"

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
