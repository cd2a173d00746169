package feedback_test

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/feedback"
)

func TestMain(m *testing.M) { testenv.Main(m) }

// outbox keeps what the service hands to delivery; the real queue (workflows.EmailQueue)
// needs Temporal and is exercised by the application's tests.
type outbox struct {
	mu   sync.Mutex
	sent []*sitecore.Email
}

func (o *outbox) Enqueue(_ context.Context, e *sitecore.Email) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, e)
	return nil
}

func (o *outbox) last(t *testing.T, to string) *sitecore.Email {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := len(o.sent) - 1; i >= 0; i-- {
		if o.sent[i].To == to {
			return o.sent[i]
		}
	}
	t.Fatalf("no email to %s", to)
	return nil
}

// TestFeedbackFlow runs submit → admin email → answer → requester email → reply through
// the link on real PostgreSQL, with the spam guards and limits, hiding and other sites.
func TestFeedbackFlow(t *testing.T) {
	ctx := sitecore.WithClientIP(context.Background(), netip.MustParseAddr("198.51.100.7"))
	db := testenv.Postgres(t)
	site, err := sitecore.NewSite{Slug: "feedback-a", Names: map[string]string{"kk": "Мектеп", "ru": "Школа"},
		Domains: []string{"fb.example.kz"}, Languages: []string{"kk", "ru"}, OwnerEmail: "owner@fb.kz"}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	other := *site
	other.ID, other.Slug, other.Domains = 0, "feedback-b", []string{"fb2.example.kz"}
	if err := db.CreateSite(ctx, &other); err != nil {
		t.Fatal(err)
	}
	admin := &sitecore.User{Email: "admin@fb.kz", FullName: "Admin", PasswordHash: "$argon2id$v=19$hash", Lang: sitecore.Russian}
	if err := db.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	if err := db.AddMember(ctx, sitecore.Membership{SiteID: site.ID, UserID: admin.ID, Role: sitecore.RoleAdmin}, nil); err != nil {
		t.Fatal(err)
	}
	p := &sitecore.Principal{UserID: admin.ID, Name: "Admin", Roles: map[int64][]sitecore.SiteRole{site.ID: {sitecore.RoleAdmin}}}
	now := time.Now()
	mail := &outbox{}
	s := &feedback.Service{Store: db, Sites: db, Accounts: db, Members: db, Mail: mail, Audit: db, Limiter: db,
		Secret: []byte("test-secret"), PublicURL: "https://mektep.kz", Now: func() time.Time { return now }}

	if _, err := s.CreateTopic(ctx, p, site.ID, feedback.NewTopic{NameKK: "Сұрақ", NameRU: "Вопрос", NameEN: "Question",
		Recipients: []int64{admin.ID + 1000}}); sitecore.ErrorCode(err) != sitecore.EInvalid {
		t.Fatalf("stranger as recipient: %v", err)
	}
	topic, err := s.CreateTopic(ctx, p, site.ID, feedback.NewTopic{NameKK: "Сұрақ", NameRU: "Вопрос", NameEN: "Question",
		Recipients: []int64{admin.ID}})
	if err != nil {
		t.Fatal(err)
	}
	tok := s.FormToken(site.ID)
	xss := `<img src=x onerror=alert(1)>`
	in := feedback.Submission{TopicID: topic.ID, Name: "Аружан", Email: "Aru@Example.kz", Body: "Сәлем " + xss, FormToken: tok}

	// Too fast, honeypot, forged, other site's token, expired.
	if _, err := s.Submit(ctx, nil, site.ID, sitecore.Russian, in); sitecore.AsError(err).Key != "feedback.too_fast" {
		t.Fatalf("posted at once: %v", err)
	}
	now = now.Add(5 * time.Second)
	bot := in
	bot.Website = "http://spam.example"
	if _, err := s.Submit(ctx, nil, site.ID, sitecore.Russian, bot); sitecore.AsError(err).Field != "website" {
		t.Fatalf("honeypot: %v", err)
	}
	if _, err := s.Submit(ctx, nil, other.ID, sitecore.Russian, in); sitecore.AsError(err).Key != "feedback.form_invalid" {
		t.Fatalf("token of another site: %v", err)
	}
	bad := in
	bad.Email = "not an address"
	if _, err := s.Submit(ctx, nil, site.ID, sitecore.Russian, bad); sitecore.AsError(err).Field != "email" {
		t.Fatalf("bad email: %v", err)
	}
	m, err := s.Submit(ctx, nil, site.ID, sitecore.Russian, in)
	if err != nil {
		t.Fatal(err)
	}
	if m.Email != "aru@example.kz" {
		t.Fatalf("email %q not normalised", m.Email)
	}
	e := mail.last(t, "admin@fb.kz")
	if !strings.Contains(e.Text, xss) || strings.Contains(e.HTML, "<img") || !strings.Contains(e.Subject, "Вопрос") {
		t.Fatalf("admin email: %q / %q / %q", e.Subject, e.Text, e.HTML)
	}

	// The admin answers; the requester gets the link and replies through it.
	if _, err := s.Answer(ctx, p, other.ID, m.ID, "x"); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("answer through another site: %v", err)
	}
	if _, err := s.Answer(ctx, p, site.ID, m.ID, "Ответ школы"); err != nil {
		t.Fatal(err)
	}
	e = mail.last(t, "aru@example.kz")
	link := e.Text[strings.Index(e.Text, "https://"):]
	link = strings.TrimSpace(link)
	want := "https://fb.example.kz/ru/feedback/"
	if !strings.HasPrefix(link, want) || !strings.Contains(e.Text, "Ответ школы") {
		t.Fatalf("requester email: %q", e.Text)
	}
	token := link[strings.Index(link, "?t=")+3:]
	if _, err := s.Reply(ctx, site.ID, m.ID, token+"x", "forged"); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("forged link: %v", err)
	}
	if _, err := s.Reply(ctx, other.ID, m.ID, token, "other"); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("link on another site: %v", err)
	}
	if _, err := s.Reply(ctx, site.ID, m.ID, token, "Спасибо!"); err != nil {
		t.Fatal(err)
	}
	th, err := s.Get(ctx, p, site.ID, m.ID)
	if err != nil || len(th.Answers) != 2 || th.Message.Status != sitecore.FeedbackAnswered || th.Answers[1].Body != "Спасибо!" {
		t.Fatalf("thread %+v %v", th, err)
	}

	// Hide keeps the row and is audited; strangers cannot.
	if err := s.SetHidden(ctx, &sitecore.Principal{UserID: 99999}, site.ID, m.ID, true); sitecore.ErrorCode(err) != sitecore.ENotFound {
		t.Fatalf("stranger hides: %v", err)
	}
	if err := s.SetHidden(ctx, p, site.ID, m.ID, true); err != nil {
		t.Fatal(err)
	}
	l, err := s.List(ctx, p, site.ID)
	if err != nil || len(l) != 1 || !l[0].Hidden {
		t.Fatalf("after hide: %v %v", l, err)
	}
	var audited int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE site_id = $1 AND action = 'feedback.hide'`, site.ID).Scan(&audited); err != nil || audited != 1 {
		t.Fatalf("audit entries %d %v", audited, err)
	}

	// A burst from one network is throttled.
	var limited bool
	for i := range 15 {
		in.Email = "burst" + string(rune('a'+i)) + "@example.kz"
		if _, err := s.Submit(ctx, nil, site.ID, sitecore.Russian, in); sitecore.ErrorCode(err) == sitecore.ERateLimited {
			limited = true
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if !limited {
		t.Fatal("15 messages from one network were all accepted")
	}
}
