package workflows_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"

	"github.com/mektep/mektep/activities"
	"github.com/mektep/mektep/deploy/devstack"
	"github.com/mektep/mektep/internal/testenv"
	"github.com/mektep/mektep/sitecore"
	"github.com/mektep/mektep/sitecore/events"
	"github.com/mektep/mektep/sitecore/postgres"
	"github.com/mektep/mektep/sitecore/smtp"
	"github.com/mektep/mektep/workflows"
)

// eventWorld is an event of one seat on a real database, with an SMTP sink and three people:
// A confirmed, B and C waiting in that order.
type eventWorld struct {
	db      *postgres.DB
	sink    *devstack.SMTPSink
	site    *sitecore.Site
	event   *events.Event
	users   []*sitecore.User
	start   time.Time
	env     *testsuite.TestWorkflowEnvironment
	mu      sync.Mutex
	notices []eventNotice
}

type eventNotice struct {
	at     time.Time
	notice activities.EventNotice
}

func newEventWorld(t *testing.T, slug string) *eventWorld {
	t.Helper()
	ctx := context.Background()
	w := &eventWorld{db: testenv.Postgres(t), sink: testenv.SMTPSink(t), start: time.Date(2026, 9, 1, 9, 0, 0, 0, sitecore.Almaty)}
	mailer, err := smtp.New(w.sink.URL(), "Mektep <noreply@mektep.kz>")
	if err != nil {
		t.Fatal(err)
	}
	site, err := sitecore.NewSite{Slug: slug, Names: map[string]string{"kk": "Мектеп", "ru": "Школа", "en": "School"}, Domains: []string{slug + ".edu.kz"},
		Languages: []string{"kk", "ru", "en"}, OwnerEmail: "owner@" + slug + ".kz"}.Validate()
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.CreateSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	w.site = site
	for i, l := range []sitecore.Lang{sitecore.Russian, sitecore.Kazakh, sitecore.English} {
		u := &sitecore.User{Email: string("abc"[i]) + "@" + slug + ".kz", FullName: "Person " + string("ABC"[i]), Lang: l, Visibility: sitecore.VisibilityMembers}
		if err := w.db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		w.users = append(w.users, u)
	}
	starts := time.Date(2026, 9, 4, 10, 0, 0, 0, sitecore.Almaty)
	w.event = &events.Event{SiteID: site.ID, Title: map[sitecore.Lang]string{"kk": "Жиналыс", "ru": "Собрание", "en": "Meeting"},
		Description: map[sitecore.Lang]string{}, StartsAt: starts, EndsAt: starts.Add(2 * time.Hour), SignupClosesAt: starts,
		Place: "Актовый зал", Capacity: 1}
	if err := w.db.CreateEvent(ctx, w.event); err != nil {
		t.Fatal(err)
	}
	for _, u := range w.users {
		if _, err := w.db.SignUp(ctx, site.ID, w.event.ID, u.ID, u.ID, w.start); err != nil {
			t.Fatal(err)
		}
	}
	var s testsuite.WorkflowTestSuite
	w.env = s.NewTestWorkflowEnvironment()
	w.env.SetStartTime(w.start)
	w.env.RegisterWorkflow(workflows.Event)
	w.env.RegisterActivity(&activities.Events{Store: w.db, Sites: w.db, Accounts: w.db,
		Mail: &activities.Mail{Mailer: mailer, MailLog: w.db}, PublicURL: "https://mektep.kz"})
	w.env.SetTestTimeout(60 * time.Second)
	w.env.SetOnActivityStartedListener(func(info *activity.Info, _ context.Context, args converter.EncodedValues) {
		if info.ActivityType.Name != "NotifyEvent" {
			return
		}
		var n activities.EventNotice
		_ = args.Get(&n)
		w.mu.Lock()
		w.notices = append(w.notices, eventNotice{w.env.Now().In(sitecore.Almaty), n})
		w.mu.Unlock()
	})
	return w
}

// update sends an update after d; refused says whether the validator must refuse it.
func (w *eventWorld) update(t *testing.T, d time.Duration, name string, refused bool, before func()) {
	w.env.RegisterDelayedCallback(func() {
		if before != nil {
			before()
		}
		w.env.UpdateWorkflow(name, name+d.String(), &testsuite.TestUpdateCallback{
			OnAccept: func() {},
			OnReject: func(err error) {
				if !refused {
					t.Errorf("%s at %s refused: %v", name, d, err)
				}
			},
			OnComplete: func(_ any, err error) {
				if err != nil || refused {
					t.Errorf("%s at %s: completed with %v, refused wanted: %v", name, d, err, refused)
				}
			},
		}, workflows.EventAction{})
	}, d)
}

func (w *eventWorld) mailsTo(t *testing.T) map[string][]string {
	t.Helper()
	ms, err := devstack.ReadMail(w.sink.Dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, m := range ms {
		for _, to := range m.To {
			out[to] = append(out[to], m.Subject)
		}
	}
	return out
}

// TestEventRemindersAndPromotion runs an event's workflow with time skipping against the real
// store and mailer: A cancels a day after creation and B, first on the waiting list, is
// promoted and emailed at once (in Kazakh, B's language); the reminders go a day and an hour
// before the start to the confirmed only (B), never to A, who cancelled, nor to C, still
// waiting; the workflow ends when the event ends.
func TestEventRemindersAndPromotion(t *testing.T) {
	w := newEventWorld(t, "ev-remind")
	ctx := context.Background()
	w.update(t, 24*time.Hour, workflows.UpdateEventFreed, false, func() {
		freed, err := w.db.CancelSignUp(ctx, w.site.ID, w.event.ID, w.users[0].ID)
		if err != nil || !freed {
			t.Errorf("cancel A: %v %v", freed, err)
		}
	})
	w.env.ExecuteWorkflow(workflows.Event, workflows.EventInput{SiteID: w.site.ID, EventID: w.event.ID})
	if err := w.env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	var view workflows.EventView
	if err := w.env.GetWorkflowResult(&view); err != nil || view.Promoted != 1 || len(view.Reminders) != 2 {
		t.Fatalf("view %+v %v", view, err)
	}
	want := []struct {
		at   time.Time
		kind string
	}{
		{w.start.Add(24 * time.Hour), activities.EventMailPromoted},
		{w.event.StartsAt.Add(-24 * time.Hour), activities.EventMailDay},
		{w.event.StartsAt.Add(-time.Hour), activities.EventMailHour},
	}
	if len(w.notices) != len(want) {
		t.Fatalf("notices: %+v", w.notices)
	}
	for i, x := range want {
		if n := w.notices[i]; !n.at.Equal(x.at) || n.notice.Kind != x.kind {
			t.Errorf("notice %d: %s %s, want %s %s", i, n.at, n.notice.Kind, x.at, x.kind)
		}
	}
	got := w.mailsTo(t)
	a, b, c := w.users[0].Email, w.users[1].Email, w.users[2].Email
	if len(got[a]) != 0 || len(got[c]) != 0 || len(got[b]) != 3 {
		t.Fatalf("emails: %v", got)
	}
	if !strings.Contains(got[b][0], "Орын табылды") || !strings.Contains(got[b][1], "Ертең") || !strings.Contains(got[b][2], "Бір сағаттан") {
		t.Errorf("B's emails are not the Kazakh promotion, day and hour reminders: %q", got[b])
	}
	e, err := w.db.FindEvent(ctx, w.site.ID, w.event.ID)
	if err != nil || e.Taken != 1 || e.Waiting != 1 {
		t.Fatalf("counters after promotion: %+v %v", e, err)
	}
}

// TestEventCancelTellsEveryone cancels an event through its workflow: everyone confirmed or
// waiting is emailed once in their language, the record is cancelled and the reminders never
// go.
func TestEventCancelTellsEveryone(t *testing.T) {
	w := newEventWorld(t, "ev-cancel")
	w.update(t, 2*time.Hour, workflows.UpdateEventCancel, false, nil)
	w.env.ExecuteWorkflow(workflows.Event, workflows.EventInput{SiteID: w.site.ID, EventID: w.event.ID})
	if err := w.env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	got := w.mailsTo(t)
	for i, u := range w.users {
		if len(got[u.Email]) != 1 {
			t.Fatalf("emails of %d: %v", i, got)
		}
	}
	if s := got[w.users[2].Email][0]; !strings.HasPrefix(s, "Event cancelled") {
		t.Errorf("C's email is not the English cancellation: %q", s)
	}
	e, err := w.db.FindEvent(context.Background(), w.site.ID, w.event.ID)
	if err != nil || !e.Cancelled {
		t.Fatalf("event after cancel: %+v %v", e, err)
	}
	if len(w.notices) != 1 || w.notices[0].notice.Kind != activities.EventMailCancelled {
		t.Errorf("notices: %+v", w.notices)
	}
}
